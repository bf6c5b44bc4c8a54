/**
 * The app with no network: tests call `app.request()`; main.ts serves it. One route module per
 * resource under /api, OGC API Features under /ogc and Open311 under /open311/v2 for outside
 * clients, the built web app and its record pages around it.
 *
 * Only this composition sees every floor. Beneath it imports point down: the adapters (routes/,
 * ogc/, open311/) → http/ → services/ → store/ → domain/, with the export formats (exports/) on the
 * store beside the services (test/server/import-direction.test.ts holds them to it).
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { serveStatic } from '@hono/node-server/serve-static';
import { dirname, join } from 'node:path';
import { ANONYMOUS, ANSWER_OWNER_HEADER } from './domain/access/answer-owner.ts';
import type { BasemapConfig, ClientConfig } from './domain/basemap.ts';
import { matchPage } from './domain/pages.ts';
import { authenticate, requirePermission } from './http/auth.ts';
import { sameOriginWrites } from './http/same-origin.ts';
import { appOrigins, NO_PUBLIC_URL, type OriginSettings } from './http/public-origin.ts';
import { contentSecurityPolicy } from './http/content-security.ts';
import { errorHandler, errorResponse, notFoundHandler, payloadTooLarge } from './http/errors.ts';
import type { AppEnv } from './http/env.ts';
import { compression } from './http/compression.ts';
import { setResponseHeader } from './http/response-header.ts';
import { readLimit, type ReadLimits } from './http/read-limits.ts';
import { refuseNulInUrl, requireJsonBody, UPLOAD_PATHS } from './http/validate.ts';
import { MAX_PHOTO_BYTES } from './domain/violations/photo.ts';
import { photoRoutes } from './routes/photos.ts';
import { PhotoFiles } from './services/photo-files.ts';
import { MAX_THUMBNAIL_BYTES, PhotoService } from './services/photos.ts';
import { ATTRIBUTION, type ReferenceData } from './reference-data.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes } from './routes/auth.ts';
import { healthRoutes } from './routes/health.ts';
import { userRoutes } from './routes/users.ts';
import { violationRoutes } from './routes/violations.ts';
import { projectRoutes } from './routes/projects.ts';
import { wardRoutes } from './routes/wards.ts';
import { exportRoutes } from './routes/exports.ts';
import { reportRoutes } from './routes/reports.ts';
import { statsRoutes } from './routes/stats.ts';
import { MonthlyReportService } from './services/monthly-report.ts';
import { complaintSource, scorecardSource } from './services/report-sections.ts';
import { StatisticsService } from './services/statistics.ts';
import { Exporter, exportTempDir } from './exports/exporter.ts';
import { ogcRoutes } from './ogc/routes.ts';
import { shapeCollection } from './ogc/collection.ts';
import { violationsCollection } from './ogc/violations-collection.ts';
import { recordCollection } from './ogc/record-collection.ts';
import {
  COMPLAINTS_COLLECTION,
  GAPS_COLLECTION,
  PROJECTS_COLLECTION,
} from './ogc/kind-collections.ts';
import { complaintLayer } from './exports/complaint-layer.ts';
import { gapLayer } from './exports/gap-layer.ts';
import { projectLayer } from './exports/project-layer.ts';
import { wardsCollection } from './ogc/wards-collection.ts';
import { open311Routes } from './open311/routes.ts';
import { AuditService } from './services/audit.ts';
import { PasswordChangeService } from './services/password-changes.ts';
import { SessionService } from './services/sessions.ts';
import { TokenService } from './services/tokens.ts';
import { UserService } from './services/users.ts';
import type { Clock } from './domain/clock.ts';
import { ViolationService } from './services/violations.ts';
import { GapService } from './services/gaps.ts';
import { ComplaintService } from './services/complaints.ts';
import { complaintRoutes } from './routes/complaints.ts';
import { streetBasemap } from './services/street-basemap.ts';
import { CriteriaService } from './services/criteria.ts';
import { gapRoutes } from './routes/gaps.ts';
import { criteriaRoutes } from './routes/criteria.ts';
import { ViolationClusters } from './services/violation-clusters.ts';
import { violationClusterRoutes } from './routes/violation-clusters.ts';
import { ProjectService } from './services/projects.ts';
import type { Store } from './store/store.ts';
import { forCaller } from './store/caller.ts';
import { bbox as turfBbox } from '@turf/turf';

export interface AppDeps {
  store: Store;
  /** The store's SQLite file, when it is one: slow whole-table reads use connections of their own. */
  databaseFile?: string | null;
  reference: ReferenceData;
  clock: Clock;
  basemap?: BasemapConfig;
  /** Folder of the built web app; without it only the API is served. */
  webRoot?: string;
  /** A local PMTiles basemap file, served with range requests. */
  pmtilesPath?: string | null;
  /** DATA_DIR/uploads: photo files by their SHA-256. */
  uploadsDir: string;
  /** DATA_DIR/exports: the archive of monthly exports; `.tmp` under it for files being sent. */
  exportsDir: string;
  /** How far around a new pin open cases of the same kind are shown (metres). */
  nearbyRadiusM?: number;
  /** Limits on anonymous and API-token reads; without them reads are not limited (tests). */
  readLimits?: ReadLimits | null;
  /** PUBLIC_URL and TRUST_PROXY: where absolute links point and which Origin may write. */
  origin?: OriginSettings;
}

/** DESIGN.md: JSON bodies up to 1 MB. */
export const MAX_JSON_BYTES = 1024 * 1024;
/** A photo (15 MB), its thumbnail and the form around them. */
export const MAX_UPLOAD_BYTES = MAX_PHOTO_BYTES + MAX_THUMBNAIL_BYTES + 64 * 1024;
export const DEFAULT_NEARBY_RADIUS_M = 50;

export function createApp(deps: AppDeps) {
  const violations = new ViolationService({
    store: deps.store,
    wards: deps.reference.wards,
    clock: deps.clock,
    areaName: deps.reference.areaName,
  });
  const projects = new ProjectService({
    store: deps.store,
    wards: deps.reference.wards,
    clock: deps.clock,
    areaName: deps.reference.areaName,
  });
  const accountDeps = { store: deps.store, clock: deps.clock };
  const users = new UserService(accountDeps);
  const passwords = new PasswordChangeService(accountDeps);
  const sessions = new SessionService(accountDeps);
  const tokens = new TokenService(accountDeps);
  // One sign-in for /api and /ogc: a session cookie or a Bearer token.
  const signedIn = authenticate({ sessions, tokens });
  const audit = new AuditService(deps.store);
  const criteriaDeps = {
    store: deps.store,
    wards: deps.reference.wards,
    clock: deps.clock,
    ruleSets: deps.reference.ruleSets,
  };
  const gaps = new GapService({ ...criteriaDeps, areaName: deps.reference.areaName });
  const complaints = new ComplaintService({
    store: deps.store,
    wards: deps.reference.wards,
    clock: deps.clock,
    areaName: deps.reference.areaName,
  });
  const criteria = new CriteriaService(criteriaDeps);
  const files = new PhotoFiles(deps.uploadsDir);
  const photos = new PhotoService({ files, violations });
  const exporter = new Exporter({
    store: deps.store,
    clock: deps.clock,
    tempDir: exportTempDir(deps.exportsDir),
  });
  const statistics = new StatisticsService({
    store: deps.store,
    wards: deps.reference.layers['2025'],
    clock: deps.clock,
  });
  // Project progress comes with the statistics; further sections are sources of their own.
  const reports = new MonthlyReportService({
    store: deps.store,
    clock: deps.clock,
    statistics,
    sections: [scorecardSource(criteria), complaintSource(deps.store)],
  });
  const nearbyRadiusM = deps.nearbyRadiusM ?? DEFAULT_NEARBY_RADIUS_M;
  const clusters = new ViolationClusters({
    store: deps.store,
    clock: deps.clock,
    databaseFile: deps.databaseFile,
  });
  const basemap = deps.basemap ?? { type: 'offline' };
  const config: ClientConfig = {
    basemap,
    serviceBbox: turfBbox(deps.reference.wards.serviceArea) as ClientConfig['serviceBbox'],
    attribution: ATTRIBUTION,
    nearbyRadiusM,
  };
  const violationsOgc = violationsCollection(violations, deps.store, config.serviceBbox);
  const gapsOgc = recordCollection(GAPS_COLLECTION, gapLayer, gaps, deps.store, config.serviceBbox);
  const ogcCollections = [
    violationsOgc,
    recordCollection(PROJECTS_COLLECTION, projectLayer, projects, deps.store, config.serviceBbox),
    gapsOgc,
    recordCollection(
      COMPLAINTS_COLLECTION,
      complaintLayer,
      complaints,
      deps.store,
      config.serviceBbox,
    ),
    wardsCollection('wards', '2025', deps.reference.layers),
    wardsCollection('wards-2024', '2024', deps.reference.layers),
    // The layers that mix shapes, one shape each, for clients that type a layer by its first
    // feature (QGIS 3.22): a pin and a graded area; a place, a street and an area without.
    shapeCollection(violationsOgc, 'points'),
    shapeCollection(violationsOgc, 'areas'),
    shapeCollection(gapsOgc, 'points'),
    shapeCollection(gapsOgc, 'lines'),
    shapeCollection(gapsOgc, 'areas'),
  ];
  const jsonLimit = bodyLimit({
    maxSize: MAX_JSON_BYTES,
    onError: (c) => errorResponse(c, payloadTooLarge()),
  });
  // An upload's size is counted as it streams to disk (http/multipart-upload.ts); here only a
  // declared length is judged, since bodyLimit would read a body sent without one into memory.
  const uploadLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
    const declared = Number(c.req.header('content-length'));
    if (declared > MAX_UPLOAD_BYTES) return errorResponse(c, payloadTooLarge('15 MB'));
    await next();
  };

  const limitReads = readLimit(deps.readLimits, config.serviceBbox);
  const api = new Hono<AppEnv>()
    .use((c, next) =>
      UPLOAD_PATHS.some((p) => p.test(c.req.path)) ? uploadLimit(c, next) : jsonLimit(c, next),
    )
    .use(signedIn)
    .use(sameOriginWrites((path) => path === '/api/auth/login'))
    .use(requireJsonBody)
    .use(async (c, next) => {
      await next();
      // What one user may see is not for a shared cache.
      if (!c.res.headers.has('Cache-Control')) {
        setResponseHeader(c, 'Cache-Control', 'private, no-cache');
      }
      // …and the app's service worker keeps it for that user alone.
      setResponseHeader(c, ANSWER_OWNER_HEADER, c.get('user')?.id ?? ANONYMOUS);
    })
    .use(limitReads)
    .route('/health', healthRoutes())
    .get('/config', requirePermission('public:read'), (c) => c.json(config))
    .route('/auth', authRoutes({ sessions, passwords, tokens, clock: deps.clock }))
    .route('/users', userRoutes({ users, passwords, tokens }))
    .route('/audit', auditRoutes(audit))
    .route('/wards', wardRoutes(deps.reference.layers))
    // Before /violations, whose /:id would take the word for a record's id.
    .route('/violations/clusters', violationClusterRoutes(clusters))
    .route('/violations', violationRoutes(violations, audit, nearbyRadiusM))
    .route('/gaps', gapRoutes(gaps, audit))
    .route('/complaints', complaintRoutes(complaints, audit))
    .route('/criteria', criteriaRoutes(criteria, audit))
    .route('/projects', projectRoutes(projects, audit))
    .route('/exports', exportRoutes(exporter, deps.exportsDir))
    .route('/reports', reportRoutes(reports))
    .route('/stats', statsRoutes(statistics))
    .route('/', photoRoutes(photos, files));

  const origin = deps.origin ?? NO_PUBLIC_URL;
  const app = new Hono<AppEnv>()
    // Outermost: it encodes the answer every other layer has finished.
    .use(compression())
    .use(async (c, next) => {
      c.set('origins', appOrigins(c, origin));
      // The store drops a read still queued when the client has closed its connection.
      await forCaller(c.req.raw.signal, next);
    })
    .use(
      secureHeaders({
        contentSecurityPolicy: contentSecurityPolicy(basemap),
        // The basemap's tiles may come from another origin that sends no CORP header.
        crossOriginEmbedderPolicy: false,
        // Tile servers (OpenStreetMap's among them) ask to know which site uses them.
        referrerPolicy: 'strict-origin-when-cross-origin',
      }),
    )
    .use(refuseNulInUrl)
    .route('/api', api)
    // GIS software and civic-tech clients: read only, beside the app's own API.
    .route(
      '/ogc',
      ogcRoutes({
        authenticate: signedIn,
        readLimit: limitReads,
        clock: deps.clock,
        collections: ogcCollections,
      }),
    )
    // The landing page has one address; a client given the base with a slash is sent there.
    .get('/ogc/', (c) => c.redirect('/ogc', 308))
    .route('/open311/v2', open311Routes(violations, deps.clock, limitReads));
  // DATA_DIR is the uploads' parent (data-dir.ts): a disk fault names the folder to fix.
  app.onError(errorHandler(dirname(deps.uploadsDir)));
  app.notFound(notFoundHandler);

  if (deps.pmtilesPath) {
    app.get('/basemap/basemap.pmtiles', serveStatic({ path: deps.pmtilesPath }));
  }
  const streets = streetBasemap(basemap);
  if (streets) {
    // Read as the server starts, so the first map does not wait for the street map's server.
    void streets.style();
    // A street map's style is some 100 KB of JSON: written out once per read of it, not per map.
    const texts = new WeakMap<object, string>();
    app.get('/basemap/style.json', async (c) => {
      const style = await streets.style();
      let text = texts.get(style);
      if (text === undefined) texts.set(style, (text = JSON.stringify(style)));
      // Asked again at each start of the app: it says when the streets are back.
      setResponseHeader(c, 'Cache-Control', 'no-cache');
      return c.body(text, 200, { 'Content-Type': 'application/json' });
    });
  }
  if (deps.webRoot) {
    const root = deps.webRoot;
    app.use('/assets/*', async (c, next) => {
      await next();
      // Vite puts a content hash in every asset name: they never change.
      if (c.res.ok) setResponseHeader(c, 'Cache-Control', 'public, max-age=31536000, immutable');
    });
    // The build wrote each file's brotli and gzip beside it (scripts/precompress.ts).
    app.use('/*', serveStatic({ root, precompressed: true }));
    // The app's own pages open directly: the shell, and the web app's router reads the address.
    const shell = serveStatic({ path: join(root, 'index.html'), precompressed: true });
    app.get('/*', (c, next) => (matchPage(c.req.path) ? shell(c, next) : next()));
  }
  return app;
}

export type App = ReturnType<typeof createApp>;
/** The API's type, for the web app's typed client (`import type` only). */
export type AppType = App;
