// npm start: builds the web app when its sources are newer than the build, then runs the server
// in this process (TypeScript through tsx, so there is no separate server build to go stale).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
if (!existsSync(built) || newest(sources.map((p) => join(root, p))) > statSync(built).mtimeMs) {
  console.log('Building the web app (web/dist)…');
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
}

const { register } = await import('tsx/esm/api');
register();
await import('../server/main.ts');
