/** Whether the browser believes it is online (`navigator.onLine` and its events), as state. */
import { createSubscriber } from 'svelte/reactivity';

class Connectivity {
  #subscribe = createSubscriber((update) => {
    addEventListener('online', update);
    addEventListener('offline', update);
    return () => {
      removeEventListener('online', update);
      removeEventListener('offline', update);
    };
  });

  /** False means surely offline; true only that some network is there. */
  get online(): boolean {
    this.#subscribe();
    return navigator.onLine;
  }
}

export const connectivity = new Connectivity();
