/** /api/health: answers once the store is open. */
import { Hono } from 'hono';
import { requirePermission } from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';

export function healthRoutes() {
  return new Hono<AppEnv>()
    .use(requirePermission('public:read'))
    .get('/', (c) => c.json({ status: 'ok' as const }));
}
