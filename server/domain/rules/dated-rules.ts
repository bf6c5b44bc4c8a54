/**
 * Rules kept as dated sets (a law's periods, its corrections): the set in force on a day is the
 * latest whose validFrom is on or before it; before any, the oldest.
 */
export function ruleSetOn<T extends { validFrom: string }>(sets: readonly T[], date: string): T {
  const sorted = [...sets].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  let found = sorted[0]!;
  for (const set of sorted) if (set.validFrom <= date) found = set;
  return found;
}
