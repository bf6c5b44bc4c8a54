/**
 * The service worker (web/dist/sw.js, made by vite-plugin-pwa from vite.config.ts): the app shell,
 * the reference layers and the records last seen, for use offline. Production builds only. Whose
 * records they are is cache-owner.ts's business.
 */

/**
 * Registers the worker once the page has loaded. The first time a worker takes control, the
 * page's first requests have already gone by it: `onfirstcontrol` asks for them again, so they
 * are kept for offline use.
 */
export function registerServiceWorker(onfirstcontrol: () => void): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const workers = navigator.serviceWorker;
  if (!workers.controller)
    workers.addEventListener('controllerchange', onfirstcontrol, { once: true });
  const register = () =>
    void workers.register('/sw.js', { scope: '/' }).catch((e: unknown) => {
      // Outside a secure context (plain http on a phone) there is simply no offline mode.
      console.warn('service worker not registered:', e);
    });
  if (document.readyState === 'complete') register();
  else addEventListener('load', register, { once: true });
}
