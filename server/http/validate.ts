/**
 * Validation at the edge with the domain's zod schemas, failures in the error envelope and in the
 * caller's language. Hono's `validator` infers the handler's input type from the schema.
 */
import type { Context } from 'hono';
import { validator } from 'hono/validator';
import { z, type ZodType } from 'zod';
import { VIOLATION_KINDS, violationKindCatalog } from '../domain/catalog/violation-kinds.ts';
import { DomainError } from '../domain/errors.ts';
import { localeFromHeader, type Locale } from '../domain/i18n.ts';

const baseMaps = { vi: z.locales.vi().localeError, en: z.locales.en().localeError };

/** Zod's messages in the caller's language, with a friendlier one for an unknown kind. */
function errorMap(locale: Locale): z.core.$ZodErrorMap {
  return (issue) => {
    if (issue.code === 'invalid_value' && issue.values.length === VIOLATION_KINDS.length &&
        VIOLATION_KINDS.every((k) => issue.values.includes(k))) {
      const list = VIOLATION_KINDS.map((k) => `${k} (${violationKindCatalog[k].label[locale]})`).join(', ');
      return locale === 'vi'
        ? `Loại vi phạm không hợp lệ: ${JSON.stringify(issue.input)}. Chọn một trong: ${list}.`
        : `Unknown violation kind ${JSON.stringify(issue.input)}. Use one of: ${list}.`;
    }
    return baseMaps[locale](issue);
  };
}

export function parseWith<T extends ZodType>(schema: T, value: unknown, locale: Locale): z.infer<T> {
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

/** Validates the JSON body; a body sent as anything but JSON gets a clear 415. */
export const jsonBody = <T extends ZodType>(schema: T) =>
  validator('json', (value, c) => {
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/([\w.-]+\+)?json\b/i.test(type)) {
      throw new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        {
          vi: `Nội dung phải là JSON (Content-Type: application/json), không phải "${type || 'trống'}".`,
          en: `The body must be JSON (Content-Type: application/json), not "${type || 'empty'}".`,
        },
      );
    }
    return parseWith(schema, value, localeOf(c));
  });

export const queryParams = <T extends ZodType>(schema: T) =>
  validator('query', (value, c) => parseWith(schema, value, localeOf(c)));

export const pathParams = <T extends ZodType>(schema: T) =>
  validator('param', (value, c) => parseWith(schema, value, localeOf(c)));
