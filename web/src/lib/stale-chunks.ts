/**
 * A tab left open across a deploy asks for panel chunks the new version no longer has (the service
 * worker drops the old files once the new one takes over), and the panel would wait forever.
 * Vite reports such a failed load as `vite:preloadError`: the page then reloads once, onto the
 * new version. Offline there is nothing newer to load, and a reload within the last minute means
 * the chunk is missing for another reason, so neither reloads again.
 */
const KEY = 'uim.chunkReloadAt';
const AGAIN_AFTER_MS = 60_000;

export function reloadOnStaleChunks(): void {
  window.addEventListener('vite:preloadError', (event) => {
    if (!navigator.onLine) return;
    const last = Number(sessionStorage.getItem(KEY) ?? 0);
    if (Date.now() - last < AGAIN_AFTER_MS) return;
    sessionStorage.setItem(KEY, String(Date.now()));
    event.preventDefault();
    location.reload();
  });
}
