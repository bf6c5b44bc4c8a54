/** Interface text for the export archive page and the monthly summary. English must have every key Vietnamese has. */
export const vi = {} as const;

export const en: Record<keyof typeof vi, string> = {};
