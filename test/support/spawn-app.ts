/**
 * Starts the app as a real process on a free port and waits until /api/health answers: shared by
 * the browser tests (`npm start`'s script) and the server process tests (`server/main.ts`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const ROOT = new URL('../..', import.meta.url).pathname;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(),
      );
    });
  });
}

export interface SpawnedApp {
  child: ChildProcess;
  port: number;
  output(): string;
}

/**
 * Spawns `node <args>` in the repository with PORT set, and waits for /api/health at `host`. Its
 * basemap is the offline one unless `env` names another: a test sends nothing past this machine.
 */
export async function spawnApp(
  args: string[],
  env: Record<string, string>,
  options: { host: string; timeoutMs: number },
): Promise<SpawnedApp> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, BASEMAP: 'offline', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://${options.host}:${port}`;
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}):\n${output}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, port, output: () => output };
    if (Date.now() > deadline) throw new Error(`the app did not answer /api/health:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
