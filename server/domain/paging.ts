/**
 * The largest page a list asks for or the API answers. Kept apart from the query schemas so the web
 * app's first load can use it without bringing zod along.
 */
export const MAX_PAGE = 5000;
