/** /api/wards: the read-only reference layer of administrative units, current and former. */
import { Hono } from 'hono';
import { z } from 'zod';
import { DomainError } from '../domain/errors.ts';
import type { WardLayers } from '../domain/wards.ts';
import { pathParams, queryParams } from '../http/validate.ts';
import { requirePermission } from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';

const periodQuery = z.object({ period: z.enum(['2025', '2024']).default('2025') });
const idParam = z.object({ id: z.string().regex(/^\d{4}-\d{5}$/) });

export function wardRoutes(layers: WardLayers) {
  return new Hono<AppEnv>()
    .use(requirePermission('public:read'))
    .get('/', queryParams(periodQuery), (c) => {
      // Reference data never changes while the server runs: let browsers and the service worker keep it.
      c.header('Cache-Control', 'public, max-age=3600');
      return c.json(layers[c.req.valid('query').period]);
    })
    .get('/:id', pathParams(idParam), (c) => {
      const id = c.req.valid('param').id;
      const ward = [...layers['2025'].features, ...layers['2024'].features].find(
        (f) => f.id === id,
      );
      if (!ward) {
        throw new DomainError('NOT_FOUND', {
          vi: `Không có đơn vị hành chính ${id}.`,
          en: `There is no administrative unit ${id}.`,
        });
      }
      return c.json(ward);
    });
}
