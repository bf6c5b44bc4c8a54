/** Interface text for the planner map: layer panel, filters, the date control, ward statistics. English must have every key Vietnamese has. */
export const vi = {} as const;

export const en: Record<keyof typeof vi, string> = {};
