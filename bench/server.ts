/**
 * The real server as a child process on a benchmark's DATA_DIR, with an inspector and a lead
 * who call it with API tokens, as scripts and GIS clients do.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataPaths } from '../server/data-dir.ts';
import { systemClock } from '../server/domain/clock.ts';
import { TokenService } from '../server/services/tokens.ts';
import { createSqliteStore } from '../server/store/sqlite/sqlite-store.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BenchServer {
  url: string;
  pid: number;
  tokens: { inspector: string; lead: string };
  stop(): Promise<void>;
}

/** Users with tokens, written straight into the database before the server opens it. */
async function addUsers(dataDir: string): Promise<BenchServer['tokens']> {
  const store = createSqliteStore(dataPaths(dataDir).database);
  try {
    const tokens = new TokenService({ store, clock: systemClock });
    const now = new Date().toISOString();
    const token = async (role: 'inspector' | 'lead') => {
      const existing = await store.users.byUsername(`bench.${role}`);
      const id = existing?.id ?? crypto.randomUUID();
      if (!existing) {
        await store.users.insert(
          {
            id,
            username: `bench.${role}`,
            display_name: `Benchmark ${role}`,
            roles: [role],
            password_hash: null,
            password_changed_at: null,
            disabled_at: null,
            created_at: now,
            updated_at: now,
            version: 1,
          },
          { user: null, at: now },
        );
      }
      return (await tokens.create(id, 'benchmark', { scope: 'read-write' })).token;
    };
    return { inspector: await token('inspector'), lead: await token('lead') };
  } finally {
    await store.close();
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** `nodeArgs` go before the script: `--cpu-prof` to profile the server under the benchmark's load. */
export async function startServer(
  dataDir: string,
  nodeArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<BenchServer> {
  const tokens = await addUsers(dataDir);
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', join(ROOT, 'server/main.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        // Loopback only: the street map's server is not asked (nor measured).
        BASEMAP: 'offline',
        // The benchmark's two tokens stand for many people: their read limit is not what is
        // measured (the load test's anonymous clients keep theirs).
        READ_RATE_TOKEN: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`the server stopped at start:\n${log}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (tries > 600) throw new Error(`the server did not answer within a minute:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    tokens,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
