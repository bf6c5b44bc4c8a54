// npm run dev: the API with restarts on change (tsx watch) and Vite's hot-reloading web server,
// which proxies /api to it. Open http://localhost:5173.
import { spawn } from 'node:child_process';

// The pages come from Vite's address: the API writes its links for it and takes writes from it.
const api = { ...process.env, PUBLIC_URL: process.env.PUBLIC_URL ?? 'http://localhost:5173' };
const children = [
  spawn('npx', ['tsx', 'watch', '--clear-screen=false', 'server/main.ts'], {
    stdio: 'inherit',
    env: api,
  }),
  spawn('npx', ['vite'], { stdio: 'inherit' }),
];
const stop = () => children.forEach((child) => child.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children)
  child.on('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
