/**
 * The app with no network: tests call `app.request()`; main.ts serves it. One route module per
 * resource under /api, the built web app and its record pages around it.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { serveStatic } from '@hono/node-server/serve-static';
import { join } from 'node:path';
import type { BasemapConfig, ClientConfig } from './domain/basemap.ts';
import { errorResponse, notFoundHandler, onError, payloadTooLarge } from './http/errors.ts';
import type { AppEnv } from './http/env.ts';
import { requireJsonBody } from './http/validate.ts';
import { ATTRIBUTION, type ReferenceData } from './reference-data.ts';
import { healthRoutes } from './routes/health.ts';
import { violationRoutes } from './routes/violations.ts';
import { wardRoutes } from './routes/wards.ts';
import type { Clock } from './services/clock.ts';
import { ViolationService } from './services/violations.ts';
import type { Store } from './store/store.ts';
import { bbox as turfBbox } from '@turf/turf';

export interface AppDeps {
  store: Store;
  reference: ReferenceData;
  clock: Clock;
  basemap?: BasemapConfig;
  /** Folder of the built web app; without it only the API is served. */
  webRoot?: string;
  /** A local PMTiles basemap file, served with range requests. */
  pmtilesPath?: string | null;
}

/** DESIGN.md: JSON bodies up to 1 MB. */
export const MAX_JSON_BYTES = 1024 * 1024;

/** Paths the web app answers itself (a record's own page opens directly). */
const PAGES = ['/', '/violations/*', '/projects/*', '/gaps/*'];

export function createApp(deps: AppDeps) {
  const violations = new ViolationService({
    store: deps.store,
    wards: deps.reference.wards,
    clock: deps.clock,
    areaName: deps.reference.areaName,
  });
  const config: ClientConfig = {
    basemap: deps.basemap ?? { type: 'offline' },
    serviceBbox: turfBbox(deps.reference.wards.serviceArea) as ClientConfig['serviceBbox'],
    attribution: ATTRIBUTION,
  };

  const api = new Hono<AppEnv>()
    .use(async (c, next) => {
      c.set('user', null);
      await next();
    })
    .use(
      bodyLimit({ maxSize: MAX_JSON_BYTES, onError: (c) => errorResponse(c, payloadTooLarge()) }),
    )
    .use(requireJsonBody)
    .route('/health', healthRoutes())
    .get('/config', (c) => c.json(config))
    .route('/wards', wardRoutes(deps.reference.layers))
    .route('/violations', violationRoutes(violations));

  const app = new Hono<AppEnv>().route('/api', api);
  app.onError(onError);
  app.notFound(notFoundHandler);

  if (deps.pmtilesPath) {
    app.get('/basemap/basemap.pmtiles', serveStatic({ path: deps.pmtilesPath }));
  }
  if (deps.webRoot) {
    const root = deps.webRoot;
    app.use('/assets/*', async (c, next) => {
      await next();
      // Vite puts a content hash in every asset name: they never change.
      if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    });
    app.use('/*', serveStatic({ root }));
    for (const page of PAGES) {
      app.get(page, serveStatic({ path: join(root, 'index.html') }));
    }
  }
  return app;
}

export type App = ReturnType<typeof createApp>;
/** The API's type, for the web app's typed client (`import type` only). */
export type AppType = App;
