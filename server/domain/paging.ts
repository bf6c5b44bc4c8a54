/**
 * The largest page a list asks for or the API answers. Kept apart from the query schemas so the web
 * app's first load can use it without bringing zod along.
 */
export const MAX_PAGE = 5000;

/**
 * An OGC API items page when the client names no limit. Here rather than in ogc/ because the read
 * limits in http/, which ogc/ stands on, judge a page's cost by it too.
 */
export const OGC_DEFAULT_LIMIT = 100;
