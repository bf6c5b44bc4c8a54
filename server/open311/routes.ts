/**
 * /open311/v2: Open311 GeoReport v2, read only, JSON only, the public view only (whoever asks):
 * discovery, services, and service requests by time window, kind and open/closed status.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { VIOLATION_KINDS, type ViolationKind } from '../domain/violations/violation-kinds.ts';
import { DomainError } from '../domain/errors.ts';
import type { ViolationFeature } from '../domain/violations/violation.ts';
import type { AppEnv } from '../http/env.ts';
import { setResponseHeader } from '../http/response-header.ts';
import { queryParams } from '../http/validate.ts';
import type { Clock } from '../domain/clock.ts';
import type { ViolationService } from '../services/violations.ts';
import { AGENCY, SERVICES, serviceRequest, statusesOf } from './service-requests.ts';

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
  start_date: z.iso.datetime({ offset: true }).optional(),
  end_date: z.iso.datetime({ offset: true }).optional(),
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

function windowOf(start: string | undefined, end: string | undefined, now: Date) {
  const until = end ? Date.parse(end) : start ? Date.parse(start) + WINDOW_MS : now.getTime();
  const since = start ? Date.parse(start) : until - WINDOW_MS;
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
    .use(readLimit)
    .use(async (c, next) => {
      await next();
      setResponseHeader(c, 'Cache-Control', 'no-cache');
    })
    .get('/discovery.json', (c) => {
      // The app's own origin (http/public-origin.ts), never the Host header.
      const origin = c.get('origins')[0];
      return c.json({
        changeset: CHANGESET,
        contact: AGENCY,
        key_service: 'Chỉ đọc, không cần khóa. Read only: no API key.',
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: `${origin}/open311/v2`,
            changeset: CHANGESET,
            type: 'production',
            formats: ['application/json'],
          },
        ],
      });
    })
    .get('/services.json', (c) => c.json(SERVICES))
    .get('/requests.json', queryParams(requestsQuery), async (c) => {
      const query = c.req.valid('query');
      if (query.service_request_id) {
        // One read after another (at most 100): one request does not fill the store's queue.
        const found: ViolationFeature[] = [];
        for (const id of query.service_request_id) {
          const v = await get(id);
          if (v !== undefined) found.push(v);
        }
        return c.json(found.map(serviceRequest));
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
      return c.json(page.items.map(serviceRequest));
    })
    .get('/requests/:file', async (c) => {
      const file = c.req.param('file');
      const id = /^(.{1,100})\.json$/.exec(file)?.[1];
      const found = id ? await get(id) : undefined;
      if (!found) throw notFound(id ?? file);
      // GeoReport answers a single request as a list of one.
      return c.json([serviceRequest(found)]);
    });
}
