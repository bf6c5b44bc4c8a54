/**
 * The server as a real process (`node --import tsx server/main.ts`) on a free port and a DATA_DIR
 * of the test's, for what only a process can show: a SIGKILL, a backup beside a live server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT, spawnApp } from '../../support/spawn-app.ts';

export const ADMIN = { username: 'admin', password: 'mat-khau-quan-tri-1' };

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait: the server closes its store. */
  stop(): Promise<void>;
  /** SIGKILL and wait: nothing gets to run. */
  kill(): Promise<void>;
}

/** `env` adds to the server's environment (DATABASE_URL, say). */
export async function startServer(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const { child, port, output } = await spawnApp(
    ['--import', 'tsx', 'server/main.ts'],
    { DATA_DIR: dataDir, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, ...env },
    { host: '127.0.0.1', timeoutMs: 60_000 },
  );
  const url = `http://127.0.0.1:${port}`;
  const ended = (signal: NodeJS.Signals) => async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  };
  return { url, child, output, stop: ended('SIGTERM'), kill: ended('SIGKILL') };
}

/** Signs in and answers the session cookie (with the Origin a browser would send). */
async function signIn(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** A user with these roles, created by the admin, and a personal API token of theirs. */
/** The password of the users `userWithToken` makes. */
export const USER_PASSWORD = 'mat-khau-cua-toi-1';

export async function userWithToken(
  url: string,
  username: string,
  roles: string[],
): Promise<string> {
  const admin = await signIn(url, ADMIN.username, ADMIN.password);
  const password = USER_PASSWORD;
  const write = (cookie: string, path: string, body: unknown) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: url },
      body: JSON.stringify(body),
    });
  const created = await write(admin, '/api/users', {
    username,
    display_name: username,
    roles,
    password,
  });
  if (created.status !== 201) throw new Error(`user not created: ${await created.text()}`);
  const session = await signIn(url, username, password);
  // All the user's powers, as the tests act in their role; new tokens are read-only by default.
  const scope = roles.includes('admin') ? 'admin' : 'read-write';
  const token = await write(session, '/api/auth/tokens', { name: 'test', scope });
  if (token.status !== 201) throw new Error(`token not created: ${await token.text()}`);
  return ((await token.json()) as { token: string }).token;
}

/**
 * Runs an npm script of the project (a CLI) with DATA_DIR set, in the background so this process
 * goes on serving its own requests; answers its exit code and output.
 */
export function runScript(
  script: string,
  args: string[],
  dataDir: string,
  input?: string,
  env: Record<string, string> = {},
): Promise<{ status: number | null; output: string }> {
  const child = spawn('npm', ['run', '-s', script, '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  child.stdin.end(input ?? '');
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, output })));
}
