/** Renders every refusal in one envelope: { error: { code, message, details } }. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DomainError, type ErrorBody, type ErrorCode } from '../domain/errors.ts';
import { localeFromHeader } from '../domain/i18n.ts';
import { storageFault, storageProblem } from '../storage-fault.ts';

/** The one code→status table. */
export const STATUS_OF: Record<ErrorCode, ContentfulStatusCode> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF: 403,
  TOO_MANY_REQUESTS: 429,
  VALIDATION_FAILED: 422,
  INVALID_GEOMETRY: 422,
  OUT_OF_AREA: 422,
  TOO_MANY_VERTICES: 422,
  ILLEGAL_TRANSITION: 409,
  CONFLICT: 409,
  ARCHIVED: 409,
  USERNAME_TAKEN: 409,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
  BUSY: 503,
  STORAGE: 503,
};

export function errorResponse(c: Context, error: DomainError): Response {
  const locale = localeFromHeader(c.req.header('accept-language'));
  const body: ErrorBody = { error: { code: error.code, message: error.text[locale] } };
  if (error.details !== undefined) body.error.details = error.details;
  // GIS clients (QGIS, GDAL) answer a Basic challenge by asking for credentials. The web app's own
  // calls never get one: a browser would open its login dialog over the page.
  if (error.code === 'UNAUTHENTICATED' && challenged(c)) {
    c.header('WWW-Authenticate', 'Basic realm="urban-issue-map", charset="UTF-8"');
  }
  return c.json(body, STATUS_OF[error.code]);
}

/** The standards endpoints, or a request that tried Basic itself. */
function challenged(c: Context): boolean {
  const path = c.req.path;
  return (
    /^\/(ogc|open311)(\/|$)/.test(path) || /^Basic\b/i.test(c.req.header('authorization') ?? '')
  );
}

/** Hono's own refusals (malformed JSON and the like) in our envelope and languages. */
function fromHttpException(e: HTTPException): DomainError {
  if (e.status === 413) return payloadTooLarge();
  return new DomainError('BAD_REQUEST', {
    vi: `Yêu cầu không hợp lệ: ${e.message || 'không đọc được nội dung'}. Gửi JSON hợp lệ.`,
    en: `Bad request: ${e.message || 'the body could not be read'}. Send valid JSON.`,
  });
}

export function payloadTooLarge(limit = '1 MB'): DomainError {
  return new DomainError('PAYLOAD_TOO_LARGE', {
    vi: `Nội dung gửi lên vượt quá giới hạn ${limit}.`,
    en: `The request body is over the ${limit} limit.`,
  });
}

/**
 * The app's error handler. A write the disk refused (read-only, full, not ours: from the file
 * system or from SQLite) is a 503 naming `dataDir`, the folder the administrator must fix; any
 * other unexpected error is a 500.
 */
export function errorHandler(dataDir: string) {
  return (err: Error, c: Context): Response => {
    if (err instanceof DomainError) return errorResponse(c, err);
    if (err instanceof HTTPException) return errorResponse(c, fromHttpException(err));
    const problem = storageProblem(err);
    if (problem) {
      console.error('storage fault', c.req.method, c.req.path, err.message);
      return errorResponse(c, storageFault(dataDir, problem));
    }
    console.error('unexpected error', c.req.method, c.req.path, err);
    return errorResponse(
      c,
      new DomainError('INTERNAL', {
        vi: 'Lỗi máy chủ. Dữ liệu chưa được lưu; hãy thử lại sau.',
        en: 'Server error. Nothing was saved; try again later.',
      }),
    );
  };
}

/** The handler for an app whose data folder is not known by name (its faults say "DATA_DIR"). */
export const onError = errorHandler('DATA_DIR');

export function notFoundHandler(c: Context): Response {
  return errorResponse(
    c,
    new DomainError('NOT_FOUND', {
      vi: `Không có đường dẫn ${c.req.path}.`,
      en: `There is no ${c.req.path}.`,
    }),
  );
}
