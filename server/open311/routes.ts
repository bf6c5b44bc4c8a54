/**
 * /open311/v2: Open311 GeoReport v2, read only, the public view only (whoever asks): discovery,
 * services, and service requests by time window, kind and open/closed status, each in XML (the
 * specification's default) and JSON, by the name's extension. Refusals are GeoReport's own list
 * of errors, `[{"code", "description"}]`, in the format asked.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { VIOLATION_KINDS, type ViolationKind } from '../domain/violations/violation-kinds.ts';
import { endOfLocalDay, isCalendarDate } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import type { ViolationFeature } from '../domain/violations/violation.ts';
import type { AppEnv } from '../http/env.ts';
import { setResponseHeader } from '../http/response-header.ts';
import { queryParams } from '../http/validate.ts';
import type { Clock } from '../domain/clock.ts';
import type { ViolationService } from '../services/violations.ts';
import { AGENCY, SERVICES, serviceRequest, statusesOf } from './service-requests.ts';
import { georeportXml, XML_TYPE } from './xml.ts';

/** GeoReport v2: a search spans at most 90 days, the most recent 90 by default. */
const WINDOW_MS = 90 * 86_400_000;
const MAX_REQUESTS = 1000;
/** When this interface last changed (discovery's changeset). */
const CHANGESET = '2026-11-29T00:00:00+07:00';

const list = <T extends z.ZodType<unknown, string>>(item: T, max: number) =>
  z
    .string()
    .max(4000)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1).max(max));

const requestsQuery = z.object({
  service_request_id: list(z.string().max(100), 100).optional(),
  service_code: list(z.enum(VIOLATION_KINDS), VIOLATION_KINDS.length).optional(),
  // An instant, or a day (office time) as GeoReport clients often send.
  start_date: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
  end_date: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
  status: list(z.enum(['open', 'closed']), 2).optional(),
  /** One jurisdiction here; accepted and ignored, as clients send it. */
  jurisdiction_id: z.string().max(100).optional(),
});

function notFound(id: string): DomainError {
  return new DomainError(
    'NOT_FOUND',
    { vi: `Không có yêu cầu ${id}.`, en: `There is no service request ${id}.` },
    { id },
  );
}

/** An instant, or a day's first (start) or last (end) millisecond, office time. */
function instantOf(text: string, end: 'start' | 'end'): number {
  if (!isCalendarDate(text)) return Date.parse(text);
  const next = Date.parse(endOfLocalDay(text));
  return end === 'start' ? next - 86_400_000 : next - 1;
}

function windowOf(start: string | undefined, end: string | undefined, now: Date) {
  const until = end
    ? instantOf(end, 'end')
    : start
      ? instantOf(start, 'start') + WINDOW_MS
      : now.getTime();
  const since = start ? instantOf(start, 'start') : until - WINDOW_MS;
  if (since > until || until - since > WINDOW_MS) {
    throw new DomainError(
      'BAD_REQUEST',
      {
        vi: 'start_date phải trước end_date và khoảng tìm không quá 90 ngày.',
        en: 'start_date must come before end_date, and a search spans at most 90 days.',
      },
      { max_days: 90 },
    );
  }
  return { observedFrom: new Date(since).toISOString(), observedTo: new Date(until).toISOString() };
}

/** XML when the name asked ends in .xml, else JSON. */
function formatOf(c: Context): 'xml' | 'json' {
  return c.req.path.endsWith('.xml') ? 'xml' : 'json';
}

/** The body in the format asked: JSON as it is, XML under `root`. */
function answer(c: Context, root: string, body: Parameters<typeof georeportXml>[1]): Response {
  if (formatOf(c) === 'json') return c.json(body);
  return c.body(georeportXml(root, body), 200, { 'Content-Type': XML_TYPE });
}

/**
 * Any refusal (a bad parameter, an unknown request, too many reads) as GeoReport's errors, a list
 * of `{code, description}`, in the format asked; the description is the app's own message, in
 * the language asked, and headers such as Retry-After are kept.
 */
const georeportErrors = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const { status } = c.res;
  if (status < 400) return;
  const envelope = (await c.res
    .clone()
    .json()
    .catch(() => null)) as { error?: { message?: string } } | null;
  const errors = [{ code: status, description: envelope?.error?.message ?? c.res.statusText }];
  const headers = new Headers(c.res.headers);
  const xml = formatOf(c) === 'xml';
  headers.set('Content-Type', xml ? XML_TYPE : 'application/json');
  headers.delete('Content-Length');
  const body = xml ? georeportXml('errors', errors) : JSON.stringify(errors);
  c.res = new Response(body, { status, headers });
});

/** `readLimit`: the read limits of anonymous reads (http/read-limits.ts); Open311 is anonymous. */
export function open311Routes(
  violations: ViolationService,
  clock: Clock,
  readLimit: MiddlewareHandler<AppEnv>,
) {
  // The public view, whatever credential comes with the request.
  const get = async (id: string): Promise<ViolationFeature | undefined> => {
    try {
      return await violations.get(id, null);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'NOT_FOUND') return undefined;
      throw e;
    }
  };
  return new Hono<AppEnv>()
    .use(georeportErrors)
    .use(readLimit)
    .use(async (c, next) => {
      await next();
      setResponseHeader(c, 'Cache-Control', 'no-cache');
    })
    .get('/:file{discovery\\.(json|xml)}', (c) => {
      // The app's own origin (http/public-origin.ts), never the Host header.
      const origin = c.get('origins')[0];
      return answer(c, 'discovery', {
        changeset: CHANGESET,
        contact: AGENCY,
        key_service: 'Chỉ đọc, không cần khóa. Read only: no API key.',
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: `${origin}/open311/v2`,
            changeset: CHANGESET,
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      });
    })
    .get('/:file{services\\.(json|xml)}', (c) => answer(c, 'services', SERVICES))
    .get('/:file{requests\\.(json|xml)}', queryParams(requestsQuery), async (c) => {
      const query = c.req.valid('query');
      if (query.service_request_id) {
        // One read after another (at most 100): one request does not fill the store's queue.
        const found: ViolationFeature[] = [];
        for (const id of query.service_request_id) {
          const v = await get(id);
          if (v !== undefined) found.push(v);
        }
        return answer(c, 'service_requests', found.map(serviceRequest));
      }
      const page = await violations.list(
        {
          ...windowOf(query.start_date, query.end_date, clock.now()),
          kinds: query.service_code as ViolationKind[] | undefined,
          statuses: query.status?.flatMap(statusesOf),
          limit: MAX_REQUESTS,
          offset: 0,
        },
        undefined,
        null,
      );
      return answer(c, 'service_requests', page.items.map(serviceRequest));
    })
    .get('/requests/:file', async (c) => {
      const file = c.req.param('file');
      const id = /^(.{1,100})\.(json|xml)$/.exec(file)?.[1];
      const found = id ? await get(id) : undefined;
      if (!found) throw notFound(id ?? file);
      // GeoReport answers a single request as a list of one.
      return answer(c, 'service_requests', [serviceRequest(found)]);
    });
}
