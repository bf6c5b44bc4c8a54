/** One error vocabulary for the whole app: the server renders it, the web app shows it. */
import type { Localized } from './i18n.ts';

export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CSRF',
  'TOO_MANY_REQUESTS',
  'VALIDATION_FAILED',
  'INVALID_GEOMETRY',
  'OUT_OF_AREA',
  'TOO_MANY_VERTICES',
  'ILLEGAL_TRANSITION',
  'CONFLICT',
  'ARCHIVED',
  'USERNAME_TAKEN',
  'NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'INTERNAL',
  'BUSY',
  /** The data folder cannot be written (read-only, full, no permission): nothing was saved. */
  'STORAGE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** A refusal a person can act on, with its message in every interface language. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly text: Localized,
    readonly details?: unknown,
  ) {
    super(text.en);
    this.name = 'DomainError';
  }
}
