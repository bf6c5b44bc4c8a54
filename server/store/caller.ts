/**
 * Who a store read is for, as far as the store needs to know: the signal that says the caller
 * has gone (the HTTP client closed its connection). A read still waiting for a reader when its
 * caller has gone is dropped: under load, clients that gave up and asked again would otherwise
 * fill the queue with work nobody reads, and every later request would wait behind it.
 *
 * The signal travels with the asynchronous context, so the services between the route and the
 * store carry no parameter for it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const caller = new AsyncLocalStorage<AbortSignal>();

/** Runs `work` for a caller whose going away `signal` reports. */
export function forCaller<T>(signal: AbortSignal, work: () => T): T {
  return caller.run(signal, work);
}

/** The signal of the caller the current read is for; none outside a request (CLIs, jobs). */
export function callerSignal(): AbortSignal | undefined {
  return caller.getStore();
}
