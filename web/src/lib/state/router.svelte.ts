/** The address bar as state: every record has its own page (/violations/{id}). */
import { createSubscriber } from 'svelte/reactivity';

class Router {
  #subscribe = createSubscriber((update) => {
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  });
  #version = $state(0);

  get path(): string {
    this.#subscribe();
    void this.#version;
    return location.pathname;
  }

  /** The id in /violations/{id}, if this is a violation's page. */
  get violationId(): string | null {
    return /^\/violations\/([^/]+)$/.exec(this.path)?.[1] ?? null;
  }

  /** True on the list page (/violations). */
  get listOpen(): boolean {
    return this.path === '/violations';
  }

  navigate(path: string): void {
    if (path === location.pathname) return;
    history.pushState(null, '', path + location.search + location.hash);
    this.#version++;
  }
}

export const router = new Router();
