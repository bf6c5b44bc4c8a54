/** Settings from the environment, each with its default; read once at start. */
import { DEFAULT_READ_BUDGETS, type ReadBudgets } from './store/store-errors.ts';
import { DEFAULT_READERS } from './store/sqlite/sqlite-store.ts';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIN_PASSWORD_LENGTH, usernameSchema } from './domain/access/user.ts';
import { DEFAULT_STREETS_URL, type BasemapConfig } from './domain/basemap.ts';
import { MAX_PAGE } from './domain/paging.ts';
import { DEFAULT_READ_LIMITS, type ReadLimitSettings } from './http/read-limits.ts';
import { publicUrlFrom, type OriginSettings } from './http/public-origin.ts';

/** The repository root, so defaults do not depend on the working directory. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ServerConfig {
  /** PORT: where the app listens (8080). */
  port: number;
  /** HOST: the interface to bind (127.0.0.1; 0.0.0.0 to serve phones on the network). */
  host: string;
  /** DATA_DIR: runtime state — database, uploads, exports (data/var). */
  dataDir: string;
  /**
   * DATABASE_URL: a PostgreSQL + PostGIS database (postgres://user@host/db) to keep the records
   * in instead of DATA_DIR's SQLite file; uploads and exports stay in DATA_DIR.
   */
  databaseUrl: string | null;
  /**
   * BASEMAP_*: what the map draws under the layers. By default OpenStreetMap's streets
   * (BASEMAP_STREETS_URL names another style), the boundaries alone where they cannot be
   * reached; BASEMAP=offline asks nothing of anyone outside.
   */
  basemap: BasemapConfig;
  /** BASEMAP_PMTILES: path of a local raster PMTiles file to serve at /basemap/basemap.pmtiles. */
  pmtilesPath: string | null;
  /** ADMIN_USERNAME and ADMIN_PASSWORD: the first admin, created only while no user exists. */
  admin: { username: string; password: string } | null;
  /** NEARBY_RADIUS_M: open cases of the same kind within this many metres of a new pin are shown (50). */
  nearbyRadiusM: number;
  /**
   * READ_RATE_ANONYMOUS, READ_RATE_TOKEN, READ_COST_EXPENSIVE, EXPENSIVE_READS_AT_ONCE,
   * EXPENSIVE_READ_WAIT_MS, ANONYMOUS_PAGE_MAX and TRUST_PROXY: the limits on public and token
   * reads (server/http/read-limits.ts).
   */
  readLimits: ReadLimitSettings;
  /**
   * READ_BUDGET_MS and LONG_READ_BUDGET_MS: how long a read may run before it is abandoned with
   * 503 (5 s for pages, records and counts; 60 s for a month's counts and streamed exports).
   */
  readBudgets: ReadBudgets;
  /** READ_WORKERS: the SQLite store's reader threads (the cores, 4 to 8). */
  readers: number;
  /**
   * PUBLIC_URL (the app's address as its users and QGIS reach it, e.g. https://bando.backan.gov.vn)
   * and TRUST_PROXY: the origin of absolute links and of writes (http/public-origin.ts).
   */
  origin: OriginSettings;
}

function basemapFrom(env: NodeJS.ProcessEnv): BasemapConfig {
  const attribution = env.BASEMAP_ATTRIBUTION ?? '';
  if (env.BASEMAP_STYLE_URL) return { type: 'style', url: env.BASEMAP_STYLE_URL };
  if (env.BASEMAP_TILES)
    return { type: 'raster', tiles: env.BASEMAP_TILES.split(/\s+/), attribution };
  if (env.BASEMAP_PMTILES) return { type: 'pmtiles', url: '/basemap/basemap.pmtiles', attribution };
  const chosen = env.BASEMAP?.trim() ?? '';
  if (chosen === 'offline') return { type: 'offline' };
  if (chosen !== '' && chosen !== 'streets') {
    throw new Error(`BASEMAP takes "streets" (the default) or "offline", not "${chosen}"`);
  }
  const url = env.BASEMAP_STREETS_URL?.trim() || DEFAULT_STREETS_URL;
  if (!/^https?:\/\//.test(url)) {
    throw new Error(
      `BASEMAP_STREETS_URL must be an http(s) address of a MapLibre style, not "${url}"`,
    );
  }
  return { type: 'streets', url };
}

function firstAdminFrom(env: NodeJS.ProcessEnv): ServerConfig['admin'] {
  const { ADMIN_USERNAME: username, ADMIN_PASSWORD: password } = env;
  if (!username && !password) return null;
  const name = usernameSchema.safeParse(username ?? '');
  if (!name.success) {
    throw new Error('ADMIN_USERNAME must be 2–50 of a-z, 0-9, ".", "_" or "-"');
  }
  if (!password || password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  return { username: name.data, password };
}

function databaseUrlFrom(value: string | undefined): string | null {
  if (!value) return null;
  if (!/^postgres(ql)?:\/\//.test(value)) {
    throw new Error(
      'DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/db)',
    );
  }
  return value;
}

function nearbyRadiusFrom(value: string | undefined): number {
  const radius = Number(value ?? 50);
  if (!Number.isFinite(radius) || radius <= 0 || radius > 500) {
    throw new Error(`NEARBY_RADIUS_M must be a number of metres from 1 to 500, not "${value}"`);
  }
  return radius;
}

function wholeNumberFrom(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
  meaning: string,
): number {
  const value = env[name];
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be ${meaning} from ${min} to ${max}, not "${value}"`);
  }
  return n;
}

function readLimitsFrom(env: NodeJS.ProcessEnv): ReadLimitSettings {
  const d = DEFAULT_READ_LIMITS;
  const trust = env.TRUST_PROXY?.trim().toLowerCase();
  const proxies = { true: '1', false: '0' }[trust ?? ''] ?? env.TRUST_PROXY;
  return {
    anonymousPerMinute: wholeNumberFrom(
      env,
      'READ_RATE_ANONYMOUS',
      d.anonymousPerMinute,
      0,
      1_000_000,
      'read units a minute per address (0: no limit)',
    ),
    tokenPerMinute: wholeNumberFrom(
      env,
      'READ_RATE_TOKEN',
      d.tokenPerMinute,
      0,
      1_000_000,
      'read units a minute per API token (0: no limit)',
    ),
    expensiveCost: wholeNumberFrom(
      env,
      'READ_COST_EXPENSIVE',
      d.expensiveCost,
      1,
      1_000_000,
      'the units of an expensive read',
    ),
    expensiveAtOnce: wholeNumberFrom(
      env,
      'EXPENSIVE_READS_AT_ONCE',
      d.expensiveAtOnce,
      1,
      64,
      'a number of reads',
    ),
    expensiveWaitMs: wholeNumberFrom(
      env,
      'EXPENSIVE_READ_WAIT_MS',
      d.expensiveWaitMs,
      0,
      60_000,
      'milliseconds',
    ),
    anonymousPageMax: wholeNumberFrom(
      env,
      'ANONYMOUS_PAGE_MAX',
      d.anonymousPageMax,
      // A list asked for without a limit is a page of 100: never refused.
      100,
      MAX_PAGE,
      'a number of records',
    ),
    trustProxy: wholeNumberFrom(
      { TRUST_PROXY: proxies },
      'TRUST_PROXY',
      d.trustProxy,
      0,
      10,
      'the number of proxies in front (or true / false)',
    ),
  };
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  }
  const readLimits = readLimitsFrom(env);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(ROOT, env.DATA_DIR ?? 'data/var'),
    databaseUrl: databaseUrlFrom(env.DATABASE_URL),
    basemap: basemapFrom(env),
    pmtilesPath: env.BASEMAP_PMTILES ? resolve(env.BASEMAP_PMTILES) : null,
    admin: firstAdminFrom(env),
    nearbyRadiusM: nearbyRadiusFrom(env.NEARBY_RADIUS_M),
    readLimits,
    readBudgets: {
      read: wholeNumberFrom(
        env,
        'READ_BUDGET_MS',
        DEFAULT_READ_BUDGETS.read,
        100,
        600_000,
        'milliseconds a read may run',
      ),
      long: wholeNumberFrom(
        env,
        'LONG_READ_BUDGET_MS',
        DEFAULT_READ_BUDGETS.long,
        1_000,
        3_600_000,
        'milliseconds a long read may run',
      ),
    },
    readers: wholeNumberFrom(env, 'READ_WORKERS', DEFAULT_READERS, 1, 64, 'reader threads'),
    origin: { publicUrl: publicUrlFrom(env.PUBLIC_URL), trustProxy: readLimits.trustProxy },
  };
}
