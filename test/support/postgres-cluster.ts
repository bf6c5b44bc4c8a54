/**
 * A throwaway PostgreSQL + PostGIS cluster in a temporary folder, listening on loopback only,
 * started with Debian's binaries and removed when stopped: what the PostgreSQL store's tests and
 * the benchmark's PostGIS anchor run against. PostgreSQL refuses to run as root, so as root the
 * cluster runs as the `postgres` user that Debian's package creates.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './spawn-app.ts';

export const POSTGRES_INSTALL = 'apt-get update && apt-get install -y postgresql postgis';

export interface PostgresCluster {
  /** A superuser's URL for a database; `postgres` when none is named. */
  url(database?: string): string;
  port: number;
  stop(): void;
}

/** The newest installed PostgreSQL's bin folder that has PostGIS beside it, or null. */
function binaries(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = join(base, v, 'bin');
    const postgis = `/usr/share/postgresql/${v}/extension/postgis.control`;
    if (existsSync(join(bin, 'initdb')) && existsSync(postgis)) return bin;
  }
  return null;
}

/** Why no cluster can start here, naming the install command, or null when one can. */
export function postgresMissing(): string | null {
  return binaries()
    ? null
    : `PostgreSQL with PostGIS is not installed. Install it with (as root): ${POSTGRES_INSTALL}`;
}

/**
 * Starts a cluster with durability off (fsync, synchronous_commit): its data lives as long as
 * one test run or benchmark. Throws, naming the install command, when PostgreSQL is missing.
 */
export async function startPostgresCluster(
  options: { user?: string; settings?: string[] } = {},
): Promise<PostgresCluster> {
  const bin = binaries();
  if (!bin) throw new Error(postgresMissing()!);
  const user = options.user ?? 'uim';
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'uim-pg-'));
  chmodSync(dir, 0o777);
  const asUser = (cmd: string, args: string[]) =>
    userInfo().uid === 0
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], {
          stdio: 'pipe',
        })
      : execFileSync(join(bin, cmd), args, { stdio: 'pipe' });
  const data = join(dir, 'data');
  asUser('initdb', ['-D', data, '-A', 'trust', '-U', user, '-E', 'UTF8', '--no-sync']);
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    ...(options.settings ?? []).map((s) => `-c ${s}`),
  ].join(' ');
  asUser('pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'log'), '-w', 'start']);
  let stopped = false;
  return {
    port,
    url: (database = 'postgres') => `postgres://${user}@127.0.0.1:${port}/${database}`,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        asUser('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
