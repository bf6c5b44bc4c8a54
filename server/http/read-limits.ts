/**
 * Fair public reads: one client's reads never hold up the others. Anonymous reads are counted per
 * client address and API-token reads per token, each in a token bucket of units a minute; past it,
 * 429 with Retry-After. A signed-in user of the app (session cookie) is not limited, nor is
 * /api/health, nor any write. The same limits hold for /api, /ogc and /open311: they read the same
 * records.
 *
 * An anonymous read that makes the server do much work (a page of more than ANONYMOUS_PAGE_MAX
 * records, or a text search over the whole area) costs READ_COST_EXPENSIVE units, and only
 * EXPENSIVE_READS_AT_ONCE such reads of all anonymous clients run at a time; one over that waits
 * up to EXPENSIVE_READ_WAIT_MS for its turn, then gets 429 with Retry-After.
 *
 * The public map loads every record of its filters in one request when they are at most 5,000
 * (web/src/lib/state/violation-scale.ts, WHOLE_LIST_MAX): that whole list (no bbox, no offset)
 * stays allowed to anonymous callers, as an expensive read. A larger page of a part — by bbox or
 * offset — is refused (400): the map asks for those 500 at a time (BBOX_PAGE) and for the
 * clusters of its view (/api/violations/clusters) otherwise.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { DomainError } from '../domain/errors.ts';
import { OGC_DEFAULT_LIMIT } from '../domain/paging.ts';
import { bboxSchema } from '../domain/violations/violation-query.ts';
import { addressKey, clientAddress } from './client-address.ts';
import type { AppEnv } from './env.ts';
import { Gate, TokenBuckets, type Leave } from './rate-limit.ts';
import { presentedToken } from './auth.ts';

export interface ReadLimitSettings {
  /** READ_RATE_ANONYMOUS: read units a minute per client address (0: no limit). */
  anonymousPerMinute: number;
  /** READ_RATE_TOKEN: read units a minute per API token (0: no limit). */
  tokenPerMinute: number;
  /** READ_COST_EXPENSIVE: units an expensive anonymous read costs (a plain read costs 1). */
  expensiveCost: number;
  /** EXPENSIVE_READS_AT_ONCE: expensive anonymous reads running at once, all clients together. */
  expensiveAtOnce: number;
  /** EXPENSIVE_READ_WAIT_MS: how long one over that waits for its turn before a 429. */
  expensiveWaitMs: number;
  /** ANONYMOUS_PAGE_MAX: the largest anonymous page of a bbox or an offset. */
  anonymousPageMax: number;
  /** TRUST_PROXY: how many proxies in front are trusted to write X-Forwarded-For (0: none). */
  trustProxy: number;
}

/**
 * A public city map never meets these: panning asks for one view at a time (about one request a
 * second while someone moves around), opening the map makes a dozen reads and one whole list.
 * An office or a mobile network sharing one address has room for many visitors.
 */
export const DEFAULT_READ_LIMITS: ReadLimitSettings = {
  anonymousPerMinute: 600,
  tokenPerMinute: 6000,
  expensiveCost: 20,
  expensiveAtOnce: 1,
  expensiveWaitMs: 3000,
  anonymousPageMax: 500,
  trustProxy: 0,
};

/** The list whose pages and searches are limited for anonymous callers. */
const LIST_PATH = '/api/violations';
/** OGC API Features pages of any collection. */
const OGC_ITEMS = /^\/ogc\/collections\/[^/]+\/items$/;
/** Open311 GeoReport's list of requests. */
const OPEN311_LIST = '/open311/v2/requests.json';
/** Never limited: a monitor must see the server as it is. */
const HEALTH_PATH = '/api/health';
const READ_METHODS = new Set(['GET', 'HEAD']);
/** What the list answers when no limit is asked (violationQuerySchema). */
const DEFAULT_PAGE = 100;

type BBox = readonly [number, number, number, number];

/** The limits' state: one per app, injectable so tests set their own settings and clock. */
export class ReadLimits {
  readonly settings: ReadLimitSettings;
  readonly anonymous: TokenBuckets | null;
  readonly tokens: TokenBuckets | null;
  /** Expensive anonymous reads under way. */
  readonly expensive: Gate;

  constructor(
    settings: Partial<ReadLimitSettings> = {},
    readonly now: () => number = Date.now,
    maxKeys?: number,
  ) {
    const given = Object.entries(settings).filter(([, v]) => v !== undefined);
    this.settings = { ...DEFAULT_READ_LIMITS, ...Object.fromEntries(given) };
    const { anonymousPerMinute, tokenPerMinute, expensiveAtOnce } = this.settings;
    this.anonymous = anonymousPerMinute > 0 ? new TokenBuckets(anonymousPerMinute, maxKeys) : null;
    this.tokens = tokenPerMinute > 0 ? new TokenBuckets(tokenPerMinute, maxKeys) : null;
    this.expensive = new Gate(expensiveAtOnce);
  }
}

function tooManyReads(waitMs: number, by: 'address' | 'token', perMinute: number): DomainError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const who =
    by === 'address'
      ? { vi: 'từ địa chỉ này', en: 'from this address' }
      : { vi: 'bằng khóa truy cập (token) này', en: 'with this API token' };
  return new DomainError(
    'TOO_MANY_REQUESTS',
    {
      vi: `Quá nhiều yêu cầu đọc ${who.vi} (tối đa ${perMinute} đơn vị mỗi phút; một truy vấn lớn tính nhiều đơn vị). Thử lại sau ${seconds} giây.`,
      en: `Too many reads ${who.en} (at most ${perMinute} units a minute; a large query counts as many). Try again in ${seconds} second${seconds > 1 ? 's' : ''}.`,
    },
    { retry_after_seconds: seconds, limit_per_minute: perMinute, scope: by },
  );
}

function busy(seconds: number): DomainError {
  return new DomainError(
    'TOO_MANY_REQUESTS',
    {
      vi: `Máy chủ đang bận với các truy vấn lớn khác. Thử lại sau ${seconds} giây, hoặc thu hẹp vùng xem hay bộ lọc.`,
      en: `The server is busy with other large queries. Try again in ${seconds} second${seconds > 1 ? 's' : ''}, or narrow the view or the filters.`,
    },
    { retry_after_seconds: seconds, reason: 'busy' },
  );
}

function pageTooLarge(asked: number, max: number): DomainError {
  return new DomainError(
    'BAD_REQUEST',
    {
      vi: `Khi chưa đăng nhập, một trang theo vùng (bbox) hoặc theo vị trí (offset) có tối đa ${max} bản ghi, không phải ${asked}. Bản đồ công khai xem vùng rộng qua /api/violations/clusters; gửi limit=${max} hoặc nhỏ hơn.`,
      en: `Without signing in, a page of a bbox or at an offset holds at most ${max} records, not ${asked}. The public map shows wide views with /api/violations/clusters; send limit=${max} or less.`,
    },
    { limit: asked, max_limit: max },
  );
}

/** A whole number from the query string, or undefined when absent or not one (validation says). */
function wholeNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) ? n : undefined;
}

/** The list's own reading of a bbox; null when absent or invalid (the route refuses it then). */
function bboxOf(value: string | undefined): BBox | null {
  if (!value) return null;
  const parsed = bboxSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The share of `area`'s box that `bbox` covers, 0 to 1. */
function coveredShare(bbox: BBox, area: BBox): number {
  const w = Math.min(bbox[2], area[2]) - Math.max(bbox[0], area[0]);
  const h = Math.min(bbox[3], area[3]) - Math.max(bbox[1], area[1]);
  const whole = (area[2] - area[0]) * (area[3] - area[1]);
  if (w <= 0 || h <= 0 || whole <= 0) return 0;
  return (w * h) / whole;
}

export interface ReadShape {
  /** Costs many units and waits for a place among the expensive reads. */
  expensive: boolean;
  /** The page asked for is over the anonymous maximum for its shape. */
  pageOver: number | null;
}

/**
 * What an anonymous read of `path` asks the server to do. The violations list is the costly one:
 * records are parsed and written out one by one for the public view. A page larger than the
 * anonymous maximum is expensive (the map's whole list) and allowed only without a bbox and from
 * the first record; a text search (`q`) is expensive when nothing narrows it to a part of the
 * area: no bbox, or one covering half of the area served or more (a world bbox).
 */
export function readShape(
  path: string,
  query: (name: string) => string | undefined,
  settings: Pick<ReadLimitSettings, 'anonymousPageMax'>,
  serviceBbox: BBox,
): ReadShape {
  const plain = path.replace(/\/+$/, '');
  // OGC API pages: a limit over the maximum is served, not refused (Part 1, Permission 5), so a
  // large page is an expensive read that waits its turn; QGIS asks for its pages one at a time.
  if (OGC_ITEMS.test(plain)) {
    const limit = wholeNumber(query('limit')) ?? OGC_DEFAULT_LIMIT;
    return { expensive: limit > settings.anonymousPageMax, pageOver: null };
  }
  // Open311's list answers up to 1,000 requests of a 90-day window in one go.
  if (plain === OPEN311_LIST && query('service_request_id') === undefined) {
    return { expensive: true, pageOver: null };
  }
  if (plain !== LIST_PATH) return { expensive: false, pageOver: null };
  const limit = wholeNumber(query('limit')) ?? DEFAULT_PAGE;
  const offset = wholeNumber(query('offset')) ?? 0;
  const bboxText = query('bbox');
  const bbox = bboxOf(bboxText);
  const largePage = limit > settings.anonymousPageMax;
  const part = (bboxText !== undefined && bboxText.trim() !== '') || offset > 0;
  if (largePage && part) return { expensive: false, pageOver: limit };
  const searches = (query('q') ?? '').trim() !== '';
  const wide = !bbox || coveredShare(bbox, serviceBbox) >= 0.5;
  return { expensive: largePage || (searches && wide), pageOver: null };
}

function tokenKey(c: Context): string {
  const secret = presentedToken(c.req.header('authorization') ?? '')?.secret ?? '';
  // The secret is not kept, only a digest of it.
  return createHash('sha256').update(secret).digest('base64url');
}

/**
 * The middleware, after `authenticate`. Without limits (tests that do not ask for them) it only
 * passes the request on.
 */
export function readLimit(limits: ReadLimits | null | undefined, serviceBbox: BBox) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!limits || !READ_METHODS.has(c.req.method) || c.req.path === HEALTH_PATH) return next();
    const credential = c.get('credential');
    if (credential === 'session') return next();
    const { settings } = limits;
    const now = limits.now();
    if (credential === 'token' || credential === 'basic') {
      const wait = limits.tokens?.take(tokenKey(c), 1, now) ?? 0;
      if (wait > 0) refuse(c, wait, tooManyReads(wait, 'token', settings.tokenPerMinute));
      return next();
    }
    const shape = readShape(c.req.path, (name) => c.req.query(name), settings, serviceBbox);
    const key = addressKey(clientAddress(c, settings.trustProxy));
    const cost = shape.expensive ? settings.expensiveCost : 1;
    const wait = limits.anonymous?.take(key, cost, now) ?? 0;
    if (wait > 0) refuse(c, wait, tooManyReads(wait, 'address', settings.anonymousPerMinute));
    if (shape.pageOver !== null) throw pageTooLarge(shape.pageOver, settings.anonymousPageMax);
    if (!shape.expensive) return next();
    const leave: Leave | null = await limits.expensive.enter(settings.expensiveWaitMs);
    if (!leave) {
      const seconds = Math.max(1, Math.ceil(settings.expensiveWaitMs / 1000));
      refuse(c, seconds * 1000, busy(seconds));
    }
    try {
      await next();
    } finally {
      leave();
    }
  });
}

function refuse(c: Context, waitMs: number, error: DomainError): never {
  c.header('Retry-After', String(Math.max(1, Math.ceil(waitMs / 1000))));
  throw error;
}
