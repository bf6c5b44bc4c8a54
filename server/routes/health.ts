/** /api/health: answers once the store is open. */
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';

export function healthRoutes() {
  return new Hono<AppEnv>().get('/', (c) => c.json({ status: 'ok' as const }));
}
