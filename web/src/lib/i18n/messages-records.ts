/** Interface text for clearance projects, urban criteria, the scorecard and gaps. English must have every key Vietnamese has. */
export const vi = {} as const;

export const en: Record<keyof typeof vi, string> = {};
