/** Time as a dependency, so tests can set the day a deadline is judged on. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
