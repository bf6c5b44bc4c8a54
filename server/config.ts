/** Settings from the environment, each with its default; read once at start. */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIN_PASSWORD_LENGTH, usernameSchema } from './domain/access/user.ts';
import type { BasemapConfig } from './domain/basemap.ts';

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
  /** BASEMAP_*: what the map draws under the layers (offline boundaries only by default). */
  basemap: BasemapConfig;
  /** BASEMAP_PMTILES: path of a local raster PMTiles file to serve at /basemap/basemap.pmtiles. */
  pmtilesPath: string | null;
  /** ADMIN_USERNAME and ADMIN_PASSWORD: the first admin, created only while no user exists. */
  admin: { username: string; password: string } | null;
  /** NEARBY_RADIUS_M: open cases of the same kind within this many metres of a new pin are shown (50). */
  nearbyRadiusM: number;
}

function basemapFrom(env: NodeJS.ProcessEnv): BasemapConfig {
  const attribution = env.BASEMAP_ATTRIBUTION ?? '';
  if (env.BASEMAP_STYLE_URL) return { type: 'style', url: env.BASEMAP_STYLE_URL };
  if (env.BASEMAP_TILES)
    return { type: 'raster', tiles: env.BASEMAP_TILES.split(/\s+/), attribution };
  if (env.BASEMAP_PMTILES) return { type: 'pmtiles', url: '/basemap/basemap.pmtiles', attribution };
  return { type: 'offline' };
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

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(ROOT, env.DATA_DIR ?? 'data/var'),
    databaseUrl: databaseUrlFrom(env.DATABASE_URL),
    basemap: basemapFrom(env),
    pmtilesPath: env.BASEMAP_PMTILES ? resolve(env.BASEMAP_PMTILES) : null,
    admin: firstAdminFrom(env),
    nearbyRadiusM: nearbyRadiusFrom(env.NEARBY_RADIUS_M),
  };
}
