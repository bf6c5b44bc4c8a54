/**
 * The first map on a phone's weak link (issue 16, item 8): headless Chromium at 390×844 with the
 * link emulated (1.6 Mbps down, 750 kbps up, 300 ms round trip), a fresh profile. Measured: the
 * time from navigation to the first frame with the wards drawn, and the bytes that came over the
 * wire by then; then, once the service worker has stored the app, the same after a reload.
 */
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../test/browser/harness.ts';
import { installMapHook, type MapHookWindow } from './map-hook.ts';

export const PHONE_LINK = {
  downloadKbps: 1600,
  uploadKbps: 750,
  latencyMs: 300,
};

export interface FirstMap {
  /** Navigation to the first frame with the wards drawn, in ms. */
  drawnMs: number;
  /** Bytes over the wire (as encoded: compressed, with headers) by then. */
  bytes: number;
  requests: number;
}

export interface PhoneLinkResult {
  cold: FirstMap;
  warm: FirstMap;
}

type ProbeWindow = MapHookWindow & { __firstMap: number | null };

/** Installed before the app runs, after the map hook: notes the first frame that shows the wards. */
function installProbe(): void {
  const w = window as unknown as ProbeWindow;
  w.__firstMap = null;
  w.__whenMap((m) => {
    const check = () => {
      if (w.__firstMap !== null || !m.getLayer('wards-fill')) return;
      if (m.queryRenderedFeatures({ layers: ['wards-fill'] }).length > 0) {
        w.__firstMap = performance.now();
      }
    };
    m.on('idle', check);
    m.on('render', check);
  });
}

/** Counts what comes over the wire for the page, from the browser's own network events. */
function wireMeter(cdp: CDPSession) {
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    requests++;
  });
  return {
    reset() {
      bytes = 0;
      requests = 0;
    },
    read: () => ({ bytes, requests }),
  };
}

async function firstMap(page: Page, meter: ReturnType<typeof wireMeter>): Promise<FirstMap> {
  const handle = await page.waitForFunction(
    () => (window as unknown as ProbeWindow).__firstMap,
    undefined,
    { timeout: 120_000, polling: 20 },
  );
  const drawnMs = (await handle.jsonValue()) as number;
  return { drawnMs, ...meter.read() };
}

/** Waits until the service worker controls the page and its precache stops growing. */
async function serviceWorkerStored(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    let last = -1;
    const until = performance.now() + 120_000;
    for (let still = 0; still < 4;) {
      if (performance.now() > until) throw new Error('the service worker stored nothing steady');
      await new Promise((r) => setTimeout(r, 500));
      let count = 0;
      for (const key of await caches.keys())
        count += (await (await caches.open(key)).keys()).length;
      still = count === last && count > 0 ? still + 1 : 0;
      last = count;
    }
  });
}

export async function phoneLink(url: string): Promise<PhoneLinkResult> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'vi-VN',
      serviceWorkers: 'allow',
    });
    const page = await context.newPage();
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.addInitScript(installMapHook);
    await page.addInitScript(installProbe);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: PHONE_LINK.latencyMs,
      downloadThroughput: (PHONE_LINK.downloadKbps * 1000) / 8,
      uploadThroughput: (PHONE_LINK.uploadKbps * 1000) / 8,
    });
    const meter = wireMeter(cdp);
    await page.goto(`${url}/`);
    const cold = await firstMap(page, meter);
    await serviceWorkerStored(page);
    meter.reset();
    await page.reload();
    const warm = await firstMap(page, meter);
    return { cold, warm };
  } finally {
    await browser.close();
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function renderPhoneLink(r: PhoneLinkResult): string {
  const link = `${PHONE_LINK.downloadKbps / 1000} Mbps down, ${PHONE_LINK.uploadKbps} kbps up, ${PHONE_LINK.latencyMs} ms round trip`;
  const verdict = (met: boolean, text: string) => (met ? 'met' : `**missed** (${text})`);
  return [
    `First map on a phone link: Chromium at 390×844, ${link}, a fresh profile; then a reload with the service worker.`,
    '',
    '| load | first map drawn with the wards | over the wire by then | requests | target |',
    '| --- | --- | --- | --- | --- |',
    `| cold | ${s(r.cold.drawnMs)} | ${kb(r.cold.bytes)} | ${r.cold.requests} | ≤ 5 s: ${verdict(r.cold.drawnMs <= 5000, `${s(r.cold.drawnMs)}`)}; ≤ 600 KB: ${verdict(r.cold.bytes <= 600 * 1024, kb(r.cold.bytes))} |`,
    `| warm | ${s(r.warm.drawnMs)} | ${kb(r.warm.bytes)} | ${r.warm.requests} | ≤ 1 s: ${verdict(r.warm.drawnMs <= 1000, `${s(r.warm.drawnMs)}`)} |`,
  ].join('\n');
}
