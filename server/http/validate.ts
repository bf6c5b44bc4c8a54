/**
 * Validation at the edge with the domain's zod schemas, failures in the error envelope and in the
 * caller's language. zValidator infers each handler's input and output types from the schema.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { zValidator } from '@hono/zod-validator';
import { z, type ZodType } from 'zod';
import { VIOLATION_KINDS, violationKindCatalog } from '../domain/violations/violation-kinds.ts';
import { DomainError } from '../domain/errors.ts';
import { localeFromHeader, type Locale } from '../domain/i18n.ts';

const baseMaps = { vi: z.locales.vi().localeError, en: z.locales.en().localeError };

/** Zod's messages in the caller's language, with a friendlier one for an unknown kind. */
function errorMap(locale: Locale): z.core.$ZodErrorMap {
  return (issue) => {
    if (
      issue.code === 'invalid_value' &&
      issue.values.length === VIOLATION_KINDS.length &&
      VIOLATION_KINDS.every((k) => issue.values.includes(k))
    ) {
      const list = VIOLATION_KINDS.map(
        (k) => `${k} (${violationKindCatalog[k].label[locale]})`,
      ).join(', ');
      return locale === 'vi'
        ? `Loại vi phạm không hợp lệ: ${JSON.stringify(issue.input)}. Chọn một trong: ${list}.`
        : `Unknown violation kind ${JSON.stringify(issue.input)}. Use one of: ${list}.`;
    }
    return baseMaps[locale](issue);
  };
}

function parseWith<T extends ZodType>(schema: T, value: unknown, locale: Locale): z.infer<T> {
  const result = schema.safeParse(value, { error: errorMap(locale) });
  if (result.success) return result.data;
  const details = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = details[0]!;
  const where = first.path ? `${first.path}: ` : '';
  throw new DomainError(
    'VALIDATION_FAILED',
    {
      vi: `Dữ liệu không hợp lệ — ${where}${first.message}`,
      en: `Invalid input — ${where}${first.message}`,
    },
    details,
  );
}

function localeOf(c: Context): Locale {
  return localeFromHeader(c.req.header('accept-language'));
}

/**
 * zValidator with failures thrown as our error; the input is parsed once more with the caller's
 * language only when it failed, so the happy path parses once.
 */
function zodEdge<Target extends 'json' | 'query' | 'param', T extends ZodType>(
  target: Target,
  schema: T,
) {
  return zValidator(target, schema, (result, c) => {
    if (!result.success) parseWith(schema, result.data, localeOf(c));
  });
}

export const jsonBody = <T extends ZodType>(schema: T) => zodEdge('json', schema);
export const queryParams = <T extends ZodType>(schema: T) => zodEdge('query', schema);
export const pathParams = <T extends ZodType>(schema: T) => zodEdge('param', schema);

/** Routes that take file uploads (multipart form data); every other write takes JSON only. */
export const UPLOAD_PATHS = [/^\/api\/violations\/[^/]+\/photos$/];

/** `application/json` or `application/<something>+json`, with parameters: what Hono parses as JSON. */
const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;.*)?$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function unsupportedType(type: string): DomainError {
  return new DomainError('UNSUPPORTED_MEDIA_TYPE', {
    vi: `Nội dung phải là JSON (Content-Type: application/json), không phải "${type || 'trống'}".`,
    en: `The body must be JSON (Content-Type: application/json), not "${type || 'empty'}".`,
  });
}

/**
 * Writes carry JSON, or multipart form data on an upload route; anything else gets a clear 415.
 * A write with no body at all (sign out) needs no type. JSON must be valid UTF-8: bytes that are
 * not would otherwise be stored as U+FFFD, silently changing what was sent.
 */
const NUL_MESSAGE = {
  vi: 'Dữ liệu gửi lên chứa ký tự NUL (U+0000), không phải văn bản hợp lệ. Bỏ ký tự đó và gửi lại.',
  en: 'The request holds the NUL character (U+0000), which is not valid text. Remove it and send again.',
};

/** A JSON text with a \u0000 escape that is not itself an escaped backslash followed by "u0000". */
const ESCAPED_NUL = /(?:^|[^\\])(?:\\\\)*\\u0000/;

/**
 * NUL in an address or a query: refused for every route before it reaches a store, since
 * PostgreSQL cannot hold it in text and no filter means anything with it.
 */
export const refuseNulInUrl = createMiddleware(async (c, next) => {
  if (/%00/.test(c.req.url)) throw new DomainError('BAD_REQUEST', NUL_MESSAGE);
  await next();
});

export const requireJsonBody = createMiddleware(async (c, next) => {
  if (['POST', 'PUT', 'PATCH'].includes(c.req.method)) {
    const type = c.req.header('content-type') ?? '';
    const upload = UPLOAD_PATHS.some((p) => p.test(c.req.path));
    if (upload && /^multipart\/form-data\b/i.test(type)) return next();
    if (!type && (await c.req.arrayBuffer()).byteLength === 0) return next();
    if (!JSON_TYPE.test(type)) throw unsupportedType(type);
    // Hono keeps the bytes read here for the validator: the body is read once.
    let text: string;
    try {
      text = utf8.decode(await c.req.arrayBuffer());
    } catch {
      throw new DomainError('BAD_REQUEST', {
        vi: 'Nội dung gửi lên không phải UTF-8 hợp lệ. Gửi JSON mã hoá UTF-8.',
        en: 'The body is not valid UTF-8. Send JSON encoded as UTF-8.',
      });
    }
    if (ESCAPED_NUL.test(text)) throw new DomainError('BAD_REQUEST', NUL_MESSAGE);
  }
  await next();
});
