/**
 * The planner's map in headless Chromium, on the benchmark's server: the time from navigation to
 * the map's first `idle` with the violations drawn, and pans. Each pan is timed twice: to the
 * map's `idle` (the frame drawn from the view it holds, which is padded for short pans), and to
 * the `idle` after the new view's clusters came from the server and were drawn (that includes the
 * 200 ms the map waits after a move before it asks, so a series of moves asks once).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../test/browser/harness.ts';
import { installMapHook, type MapHookWindow } from './map-hook.ts';
import { percentile } from './measure.ts';

export interface BrowserMapResult {
  /** Navigation start to the first idle with violations drawn, each load in a new context. */
  loads: number[];
  /** Pan to the map's idle. */
  idle: { p50: number; p95: number };
  /** Pan to the idle after the new view's clusters were drawn. */
  fresh: { p50: number; p95: number };
  /** The cluster requests of the pans, request start to response end. */
  request: { p50: number; p95: number };
  pans: number;
}

/** Why the map cannot be measured (no Chromium, no built web app), or null. */
export function browserMissing(webDist: string): string | null {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) return `no Chromium at ${chromium} (apt-get install chromium)`;
  if (!existsSync(join(webDist, 'index.html'))) return 'no web/dist (run `npm run build`)';
  return null;
}

/** What the page keeps for the benchmark: the map's idle and violations-data instants. */
interface Probe {
  idles: number[];
  data: number[];
  loadedAt: number | null;
}
type ProbeWindow = MapHookWindow & { __bench: Probe };

/**
 * Installed before the app runs, after the map hook (map-hook.ts): notes when the map is idle and
 * when the violations source gets data.
 */
function installProbe(): void {
  const probe: Probe = { idles: [], data: [], loadedAt: null };
  const w = window as unknown as ProbeWindow;
  w.__bench = probe;
  performance.setResourceTimingBufferSize(100_000);
  w.__whenMap((m) => {
    m.on('sourcedata', (e) => {
      if (e.sourceId === 'violations') probe.data.push(performance.now());
    });
    m.on('idle', () => {
      const now = performance.now();
      probe.idles.push(now);
      if (probe.loadedAt !== null) return;
      const layers = ['violations-clusters', 'violations-points'].filter((l) => m.getLayer(l));
      if (layers.length && m.queryRenderedFeatures({ layers }).length > 0) probe.loadedAt = now;
    });
  });
}

async function newPage(browser: Browser, token: string): Promise<Page> {
  // A planner (a lead's token on every request): a new context is a first visit, nothing cached.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  // tsx compiles this file keeping function names with an `__name` helper, which functions sent
  // to the page call: there it only has to hand the function back.
  await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  await page.addInitScript(installMapHook);
  await page.addInitScript(installProbe);
  return page;
}

async function loadToIdle(page: Page, url: string): Promise<number> {
  await page.goto(`${url}/`);
  const handle = await page.waitForFunction(
    () => (window as unknown as ProbeWindow).__bench.loadedAt,
    undefined,
    { timeout: 120_000, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}

/** One pan by `dx`, `dy` pixels: to idle, and to the idle after the new clusters are drawn. */
function pan(page: Page, dx: number, dy: number) {
  return page.evaluate(
    async ([dx, dy]) => {
      const w = window as unknown as ProbeWindow;
      const map = w.__map;
      const probe = w.__bench;
      const t0 = performance.now();
      await new Promise<void>((resolve) => {
        map.once('idle', () => resolve());
        map.panBy([dx!, dy!], { duration: 0 });
      });
      const idle = performance.now() - t0;
      for (;;) {
        const asked = performance
          .getEntriesByType('resource')
          .find((e) => e.name.includes('/api/violations/clusters?') && e.startTime > t0) as
          PerformanceResourceTiming | undefined;
        const drawn = asked && probe.data.find((t) => t > asked.responseEnd);
        const done = drawn && probe.idles.find((t) => t > drawn);
        if (asked && done) {
          return { idle, fresh: done - t0, request: asked.responseEnd - asked.startTime };
        }
        if (performance.now() - t0 > 60_000) throw new Error('the pan got no new clusters');
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    [dx, dy],
  );
}

/** Waits until the map is idle with the last asked view drawn (after a jump). */
async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const map = (window as unknown as ProbeWindow).__map;
    // The map asks 200 ms after a move; the answer is drawn at the idle after it.
    for (let quiet = 0; quiet < 3;) {
      await new Promise((r) => setTimeout(r, 400));
      quiet = map.loaded() && !map.isMoving() ? quiet + 1 : 0;
    }
  });
}

/** Around the town centre, the densest part: right, down, left, up, back where it started. */
const PANS: [number, number][] = [
  [240, 0],
  [0, 160],
  [-240, 0],
  [0, -160],
  [120, 120],
];

export async function browserMap(
  url: string,
  token: string,
  options: { loads?: number; pans?: number } = {},
): Promise<BrowserMapResult> {
  const browser = await launchChromium();
  try {
    const loads: number[] = [];
    let page: Page | null = null;
    for (let i = 0; i < (options.loads ?? 3); i++) {
      await page?.context().close();
      page = await newPage(browser, token);
      loads.push(await loadToIdle(page, url));
    }
    const samples: Awaited<ReturnType<typeof pan>>[] = [];
    const count = options.pans ?? 20;
    // Half the pans over the whole area as it opens, half over the town at city zoom.
    for (let i = 0; i < count; i++) {
      if (i === Math.floor(count / 2)) {
        await page!.evaluate(() =>
          (window as unknown as ProbeWindow).__map.jumpTo({ center: [105.834, 22.147], zoom: 13 }),
        );
        await settle(page!);
      }
      const [dx, dy] = PANS[i % PANS.length]!;
      samples.push(await pan(page!, dx, dy));
    }
    const stats = (xs: number[]) => ({ p50: percentile(xs, 50), p95: percentile(xs, 95) });
    return {
      loads,
      idle: stats(samples.map((s) => s.idle)),
      fresh: stats(samples.map((s) => s.fresh)),
      request: stats(samples.map((s) => s.request)),
      pans: samples.length,
    };
  } finally {
    await browser.close();
  }
}
