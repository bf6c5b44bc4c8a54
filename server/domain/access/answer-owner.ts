/**
 * The response header by which the API names whose answer it is: the signed-in user's id, or
 * ANONYMOUS. The app's service worker keeps an answer for offline use, and gives it back, only
 * while the device's owner is that same user (web/src/lib/offline/owner-plugin.ts).
 */
export const ANSWER_OWNER_HEADER = 'X-Uim-User';
/** The header's value for a visitor without an account. */
export const ANONYMOUS = 'anonymous';
