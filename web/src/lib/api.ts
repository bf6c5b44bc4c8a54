/** The typed client of the API (types only from the server) and its one error type. */
import { hc, type ClientResponse } from 'hono/client';
import type { AppType } from '../../../server/app.ts';
import type { ErrorBody, ErrorCode } from '../../../server/domain/errors.ts';
import { locale } from './i18n/locale.svelte.ts';

export const client = hc<AppType>(location.origin, {
  headers: () => ({ 'Accept-Language': locale.acceptLanguage }),
});

/** A refusal from the server, with the message in the user's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Sign-in answers 401 for a wrong password: that is the form's business, not an expired session. */
const LOGIN_PATH = '/api/auth/login';

let onUnauthenticated: (() => void) | null = null;

/** Who hears that the server no longer knows the user (the session sends them to sign in). */
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

/** The body of a successful answer, or an ApiError a person can read. */
export async function unwrap<T>(request: Promise<ClientResponse<T>>): Promise<T> {
  let response: ClientResponse<T>;
  try {
    response = await request;
  } catch {
    throw new ApiError(0, 'NETWORK', locale.t('error.network'));
  }
  if (response.status === 204) return undefined as T;
  if (response.ok) return (await response.json()) as T;
  const body = (await response.json().catch(() => null)) as ErrorBody | null;
  if (response.status === 401 && new URL(response.url).pathname !== LOGIN_PATH) {
    onUnauthenticated?.();
  }
  throw new ApiError(
    response.status,
    body?.error.code ?? 'INTERNAL',
    body?.error.message ?? `HTTP ${response.status}`,
    body?.error.details,
  );
}

/**
 * A multipart POST (photo uploads), answered and refused like every other call. The typed client
 * has no type for a route that reads its own form, hence plain fetch.
 */
export function postForm<T>(path: string, form: FormData): Promise<T> {
  const request = fetch(path, {
    method: 'POST',
    body: form,
    headers: { 'Accept-Language': locale.acceptLanguage },
  });
  return unwrap(request as unknown as Promise<ClientResponse<T>>);
}
