/** Shared test helpers: an app on an in-memory store with a settable clock, and record builders. */
import { pointOnFeature } from '@turf/turf';
import { join } from 'node:path';
import type { Position } from 'geojson';
import { createApp, type App, type AppDeps } from '../../server/app.ts';
import type { Role } from '../../server/domain/access/permissions.ts';
import { TokenService } from '../../server/services/tokens.ts';
import type { ViolationStatus } from '../../server/domain/violations/violation-statuses.ts';
import { localDate } from '../../server/domain/dates.ts';
import type { RecordGeometry } from '../../server/domain/geometry.ts';
import type { Violation, ViolationProps } from '../../server/domain/violations/violation.ts';
import { DomainError } from '../../server/domain/errors.ts';
import { loadReferenceData } from '../../server/reference-data.ts';
import type { Clock } from '../../server/domain/clock.ts';
import { createSqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import type { Store } from '../../server/store/store.ts';
import { TEST_EXPORTS, TEST_UPLOADS } from './test-folders.ts';

export { TEST_UPLOADS };

/** An empty export archive folder of its own (created on first use by the archive). */
export function testExportsDir(): string {
  return join(TEST_EXPORTS, crypto.randomUUID());
}

/** The shipped reference data (data/area), read once for every test file. */
export const reference = loadReferenceData();

/** A point Turf guarantees to lie inside a 2025 ward, e.g. "2025-01843". */
export function insideWard(code: string): Position {
  const ward = reference.wards.byCode(code);
  if (!ward) throw new Error(`no ward ${code} in data/area/wards-2025.geojson`);
  return pointOnFeature(ward).geometry.coordinates;
}

/** DOMAIN.md's example position, inside Phường Đức Xuân. */
export const DUC_XUAN_POINT: Position = [105.834, 22.147];
/** Hoàn Kiếm, Hà Nội: far outside the service area. */
export const HANOI_POINT: Position = [105.85, 21.03];

export interface TestClock extends Clock {
  /** Moves time to an ISO instant. */
  set(iso: string): void;
}

export function settableClock(iso: string): TestClock {
  let current = new Date(iso);
  return { now: () => new Date(current), set: (next) => (current = new Date(next)) };
}

/** 2026-03-10T03:00Z is Tuesday 10 March 2026, 10:00 in Asia/Ho_Chi_Minh. */
export const START = '2026-03-10T03:00:00.000Z';

/** The test users: one per role, and `office`, who holds the inspector, planner and lead roles. */
export const TEST_USERS = {
  viewer: ['viewer'],
  inspector: ['inspector'],
  planner: ['planner'],
  lead: ['lead'],
  admin: ['admin'],
  office: ['inspector', 'planner', 'lead'],
} as const satisfies Record<string, readonly Role[]>;
export type TestUser = keyof typeof TEST_USERS;

/**
 * An app on `store` with the shipped reference data and the test folders; `more` sets the rest
 * (read limits, the origin, a basemap…).
 */
export function appOn(store: Store, clock: Clock, more: Partial<AppDeps> = {}): App {
  return createApp({
    store,
    reference,
    clock,
    uploadsDir: TEST_UPLOADS,
    exportsDir: testExportsDir(),
    ...more,
  });
}

/** What tests send requests to: the app, as one user (a Bearer token) or anonymously. */
export interface TestApp {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

/** Adds the user's Bearer token unless the request carries its own credentials. */
function asUser(app: App, token: string | null): TestApp {
  return {
    request(path, init = {}) {
      const headers = new Headers(init.headers);
      if (token && !headers.has('authorization') && !headers.has('cookie')) {
        headers.set('authorization', `Bearer ${token}`);
      }
      return app.request(path, { ...init, headers });
    },
  };
}

/**
 * An app on an in-memory store with a settable clock and a user per role (no passwords: they sign
 * in with tokens, so no test pays for a slow hash it does not test). `app` acts as `office`.
 */
export function testApp(start = START) {
  return testAppWith<never>({}, start);
}

/** `testApp` with users beyond the usual ones (a role only the file's tests need), by name. */
export async function testAppWith<E extends string>(
  extra: Record<E, readonly Role[]>,
  start = START,
) {
  const clock = settableClock(start);
  const store: Store = createSqliteStore(':memory:');
  const exportsDir = testExportsDir();
  const raw = appOn(store, clock, { exportsDir });
  const tokens = new TokenService({ store, clock });
  const users = {} as Record<TestUser | E, { id: string; token: string }>;
  const everyone = { ...TEST_USERS, ...extra } as Record<TestUser | E, readonly Role[]>;
  for (const [name, roles] of Object.entries(everyone) as [TestUser | E, readonly Role[]][]) {
    const id = crypto.randomUUID();
    await store.users.insert(
      {
        id,
        username: name,
        display_name: `Test ${name}`,
        roles: [...roles],
        password_hash: null,
        password_changed_at: null,
        disabled_at: null,
        created_at: start,
        updated_at: start,
        version: 1,
      },
      { user: null, at: start },
    );
    // Tokens with all their owner's powers: each test user acts as that role would.
    const scope = roles.includes('admin') ? 'admin' : 'read-write';
    users[name] = { id, token: (await tokens.create(id, 'tests', { scope })).token };
  }
  const as = (who: TestUser | E | 'anonymous') =>
    asUser(raw, who === 'anonymous' ? null : users[who].token);
  return { app: as('office'), as, raw, users, clock, store, exportsDir };
}

/** A JSON answer of the app: status, headers and the parsed body. */
export interface Answer {
  status: number;
  headers: Headers;
  // Tests read API bodies field by field; `any` keeps them readable.
  body: any;
}

/** Sends a request; an object body goes as JSON, a string body as it is. */
export async function call(
  app: TestApp,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.headers = { 'content-type': 'application/json', ...headers };
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const res = await app.request(path, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** The body of a new report at a position; `extra` overrides properties. */
export function reportBody(
  coordinates: Position = DUC_XUAN_POINT,
  extra: Record<string, unknown> = {},
  id?: string,
) {
  return {
    type: 'Feature',
    ...(id && { id }),
    geometry: { type: 'Point', coordinates },
    properties: {
      kind: 'sidewalk_encroachment',
      description: 'Quán nước lấn chiếm vỉa hè',
      ...extra,
    },
  };
}

/** Creates a report through the API and answers the created feature. */
export async function report(app: TestApp, ...args: Parameters<typeof reportBody>) {
  const answer = await call(app, 'POST', '/api/violations', reportBody(...args));
  if (answer.status !== 201) throw new Error(`create failed: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A square polygon [lon, lat] of `size` degrees with its south-west corner at `corner`. */
export function square([lon, lat]: Position, size: number): RecordGeometry {
  const [x, y] = [lon!, lat!];
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + size, y],
        [x + size, y + size],
        [x, y + size],
        [x, y],
      ],
    ],
  };
}

/** A stored violation built directly, for store and domain tests. */
export function makeViolation(
  props: Partial<ViolationProps> = {},
  geometry: RecordGeometry = { type: 'Point', coordinates: DUC_XUAN_POINT },
  id: string = crypto.randomUUID(),
): Violation {
  const status: ViolationStatus = props.status ?? 'reported';
  const at = props.created_at ?? START;
  return {
    type: 'Feature',
    id,
    geometry,
    properties: {
      kind: 'other',
      status,
      description: 'Đổ vật liệu xây dựng',
      address: null,
      ward: null,
      observed_at: at,
      created_at: at,
      updated_at: at,
      version: 1,
      deadline: null,
      steps: [
        {
          status,
          date: localDate(new Date(at)),
          actor: null,
          note: null,
          details: {},
          deadline: null,
          entered_at: at,
        },
      ],
      created_by: null,
      original_description: null,
      violator: null,
      notes: [],
      photos: [],
      archived_at: null,
      ...props,
    },
  };
}

/** The DomainError a call throws; fails the test when it throws nothing or something else. */
export function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}
