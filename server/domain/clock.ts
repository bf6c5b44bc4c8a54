/**
 * Time as a dependency, so tests can set the day a deadline is judged on. It lives with the domain,
 * the floor everything stands on, so services, exports and routes take the same clock and none of
 * them reaches sideways or up for it.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
