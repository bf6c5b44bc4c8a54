import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { PHOTOS_CACHE, RECORDS_CACHE, REFERENCE_CACHE } from './web/src/lib/offline/cache-names.ts';
import { ownerPlugin } from './web/src/lib/offline/owner-plugin.ts';
import { precompress } from './scripts/precompress.ts';
import { SHELL_ALLOWLIST, SHELL_DENYLIST } from './web/src/lib/offline/shell-navigations.ts';

/**
 * Tests that measure time (a health check within 100 ms while a past map is read, a read's budget)
 * or start whole servers and processes: they run alone, so another file's work never shows up in
 * what they measure.
 */
const TIMED = [
  'test/server/process/**/*.test.ts',
  'test/server/store/read-pool.test.ts',
  'test/server/store/postgres-budget.test.ts',
  'test/server/store/checkpointer.test.ts',
  'test/server/store/sqlite-store.test.ts',
  'test/server/services/violation-clusters-under-writes.test.ts',
  'test/server/hostile-queries.test.ts',
  'test/server/routes/photo-streaming.test.ts',
];

// The web app lives in web/; the API runs beside it (npm run dev proxies /api to it).
export default defineConfig({
  root: 'web',
  plugins: [
    svelte(),
    // The installable, offline app: the manifest and a Workbox service worker (web/dist/sw.js).
    VitePWA({
      strategies: 'generateSW',
      // Registered by web/src/lib/offline/service-worker.ts: no inline script (the CSP forbids it).
      injectRegister: false,
      registerType: 'autoUpdate',
      // globPatterns below already take the icons; listing them twice would only repeat entries.
      includeManifestIcons: false,
      manifest: {
        name: 'Bản đồ trật tự đô thị Bắc Kạn',
        short_name: 'Trật tự đô thị',
        description: 'Ghi nhận vi phạm trật tự đô thị tại hiện trường, cả khi không có mạng',
        lang: 'vi',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#0b4f6c',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          // The pin sits inside the central safe circle, so the same image may be cropped round.
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,mjs,css,html,svg,png,webmanifest}'],
        // MapLibre's chunk is over Workbox's 2 MiB default once unminified names are counted.
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        navigateFallback: '/index.html',
        // Offline, the app's own pages open from the shell (server/domain/pages.ts).
        navigateFallbackAllowlist: SHELL_ALLOWLIST,
        navigateFallbackDenylist: SHELL_DENYLIST,
        cleanupOutdatedCaches: true,
        // The first visit is controlled at once, so the app can warm the caches for offline use.
        clientsClaim: true,
        skipWaiting: true,
        runtimeCaching: [
          // Sign-in, the session and tokens: always the server's answer, never a stored one.
          {
            urlPattern: ({ url }) => url.pathname.startsWith('/api/auth/'),
            handler: 'NetworkOnly',
          },
          // Nearby cases are asked for only online; an old answer would hide a new duplicate.
          {
            urlPattern: ({ url }) => url.pathname === '/api/violations/nearby',
            handler: 'NetworkOnly',
          },
          {
            // The street map's style too: offline, the map opens with the one last served.
            urlPattern: ({ url }) =>
              url.pathname === '/api/config' ||
              url.pathname.startsWith('/api/wards') ||
              url.pathname === '/basemap/style.json',
            handler: 'NetworkFirst',
            options: { cacheName: REFERENCE_CACHE, networkTimeoutSeconds: 5 },
          },
          // The records last seen: the list, each record's page and its history. What one user
          // may see is kept for them alone (owner-plugin.ts).
          {
            urlPattern: ({ url }) => url.pathname.startsWith('/api/violations'),
            handler: 'NetworkFirst',
            options: {
              cacheName: RECORDS_CACHE,
              networkTimeoutSeconds: 6,
              expiration: { maxEntries: 300, purgeOnQuotaError: true },
              cacheableResponse: { statuses: [200] },
              plugins: [ownerPlugin],
            },
          },
          // Photos shown in <img> (thumbnails); named by their hash, so they never change. A full
          // photo opened in its own tab is not kept.
          {
            urlPattern: ({ url, request }) =>
              url.pathname.startsWith('/api/photos/') && request.destination === 'image',
            handler: 'CacheFirst',
            options: {
              cacheName: PHOTOS_CACHE,
              expiration: {
                maxEntries: 500,
                maxAgeSeconds: 60 * 24 * 3600,
                purgeOnQuotaError: true,
              },
              cacheableResponse: { statuses: [200] },
              plugins: [ownerPlugin],
            },
          },
        ],
      },
    }),
    // Last: it compresses what the others wrote (the service worker too).
    precompress(),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // MapLibre is most of the bytes and changes only on upgrades: its own chunk caches longer.
        codeSplitting: { groups: [{ name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ }] },
      },
    },
    chunkSizeWarningLimit: 1100,
  },
  server: {
    port: 5173,
    // Everything the server answers itself: the API and the standards endpoints for QGIS/GDAL.
    proxy: Object.fromEntries(
      ['/api', '/ogc', '/open311'].map((p) => [p, `http://127.0.0.1:${process.env.PORT ?? 8080}`]),
    ),
  },
  test: {
    root: '.',
    // Every project: a file that makes a test app (test/server/helpers.ts) finds its folders.
    setupFiles: ['test/server/setup.ts'],
    // Three groups, one after the other: unit files two at a time (most wait on a store, a
    // hash or a child process, so two share the cores well), then the files that measure time or
    // start whole servers alone, then the browser tests.
    //
    // The server's unit files share their process's modules instead of importing the app afresh
    // each (isolate: false): loading it took about 2 s a file, two fifths of the group's time.
    // They hold no state between files but their folders (test/server/setup.ts). The web app's
    // state files keep their isolation: its state lives in modules that each file sets up.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/server/**/*.test.ts'],
          exclude: TIMED,
          environment: 'node',
          maxWorkers: 2,
          isolate: false,
          sequence: { groupOrder: 0 },
          // A time limit here catches a test that hangs, not a slow one: CI's two cores run two
          // files at once, and a property test's hundreds of runs took over 5 s there once.
          // Speed is the benchmarks' job (npm run bench).
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'web',
          include: ['test/web/**/*.test.ts'],
          environment: 'node',
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'timed',
          include: TIMED,
          environment: 'node',
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          // One app and one Chromium for the whole run; tests in a file run in order.
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // What a person waits for on a slow machine (a map drawn in software, a page that asks
          // for the reader first), not Vitest's 1 s default for expect.poll.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
