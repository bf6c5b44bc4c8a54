// A reader's entry: a worker thread starts without the TypeScript loader of the thread that made
// it (Node 20 runs neither an inherited nor a passed `--import tsx` in workers), so it registers
// tsx itself, then loads the reader's code.
import { register } from 'tsx/esm/api';

register();
await import('./read-worker.ts');
