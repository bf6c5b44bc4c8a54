/**
 * Loads that overlap (a record page opened, then its date or its reader set a moment later) may
 * settle in any order: only the latest one started may show what it read, so a page opened as of
 * a past day never ends up showing today's record because that answer came back last.
 */
export function latestLoad(): () => () => boolean {
  let started = 0;
  return () => {
    const mine = ++started;
    return () => mine === started;
  };
}
