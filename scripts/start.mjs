// npm start: builds the web app when its sources are newer than the build, then runs the server
// in this process (TypeScript through tsx, so there is no separate server build to go stale).
// The build runs in a child process: what Vite holds while it bundles (hundreds of MB) goes
// with that process instead of staying in the server's heap.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Node.js 20 has had no security fixes since its end of life on 2026-04-30. The app still runs
// on it (CI tests it, with 24), and says so once, at the start.
if (Number(process.versions.node.split('.')[0]) <= 20) {
  console.warn(
    `Node.js ${process.versions.node} is past its end of life (2026-04-30) and gets no security fixes: install Node.js 24 LTS.`,
  );
}

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'web', 'dist', 'index.html');

/** The newest modification time under the given paths. */
function newest(paths) {
  let latest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      latest = Math.max(latest, newest(readdirSync(path).map((name) => join(path, name))));
    } else {
      latest = Math.max(latest, stat.mtimeMs);
    }
  }
  return latest;
}

// The web app imports the shared domain code, so server/domain counts as a web source too.
const sources = [
  'web/src',
  'web/public',
  'web/index.html',
  'server/domain',
  'vite.config.ts',
  'package-lock.json',
];

/** Vite's command-line script, run by this same Node (no shell, no npx, no PATH lookup). */
function viteBin() {
  const manifest = createRequire(import.meta.url).resolve('vite/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
  return join(dirname(manifest), typeof bin === 'string' ? bin : bin.vite);
}

/** Runs `vite build` in a child process sharing this one's terminal; resolves with its outcome. */
function buildWeb() {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [viteBin(), 'build', '--config', join(root, 'vite.config.ts'), '--logLevel', 'warn'],
      { cwd: root, stdio: 'inherit' },
    );
    // A stop asked of `npm start` while it builds stops the build too.
    const forward = (signal) => child.kill(signal);
    process.on('SIGTERM', forward).on('SIGINT', forward);
    child.on('exit', () => process.off('SIGTERM', forward).off('SIGINT', forward));
    child.on('error', (error) => resolve(error.message));
    child.on('exit', (code, signal) =>
      resolve(code === 0 ? null : signal ? `stopped by ${signal}` : `exit code ${code}`),
    );
  });
}

if (!existsSync(built) || newest(sources.map((p) => join(root, p))) > statSync(built).mtimeMs) {
  console.log('Building the web app (web/dist)…');
  const failed = await buildWeb();
  if (failed) {
    console.error(
      `npm start: building the web app failed (${failed}); the server was not started.`,
    );
    process.exit(1);
  }
}

const { register } = await import('tsx/esm/api');
register();
await import('../server/main.ts');
