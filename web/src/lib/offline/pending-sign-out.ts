/**
 * A sign-out made with no network: the device ends the session at once, and the server is told
 * when it can be reached. Kept in localStorage, so a reload or a closed app does not lose it.
 */
const KEY = 'uim.signOutPending';

/** Whether a sign-out waits to be sent to the server. */
export function signOutQueued(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

/** Notes that the server is still to be told of a sign-out, or that it need not be any more. */
export function queueSignOut(queued: boolean): void {
  try {
    if (queued) localStorage.setItem(KEY, '1');
    else localStorage.removeItem(KEY);
  } catch {
    // Private browsing without storage: the sign-out is tried again only while the page is open.
  }
}
