/**
 * The map as of a past date, against a real history: records written into the database before
 * the app starts, through the store's own API (so the version rows are the ones the app would have
 * written), dated 20, 5 and 2 days ago. Picking the date of 10 days ago must show, on every layer
 * and in every list and page, what stood then: the later records absent, the edited ones as they
 * were; clearing the date brings today back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { gapStatusCatalog } from '../../server/domain/gaps/gap-statuses.ts';
import { projectStageCatalog } from '../../server/domain/projects/project-stages.ts';
import { violationKindCatalog } from '../../server/domain/violations/violation-kinds.ts';
import { violationStatusCatalog } from '../../server/domain/violations/violation-statuses.ts';
import { dataPaths } from '../../server/data-dir.ts';
import { localDate } from '../../server/domain/dates.ts';
import type { Gap } from '../../server/domain/gaps/gap.ts';
import type { ClearanceProject } from '../../server/domain/projects/project.ts';
import type { Violation } from '../../server/domain/violations/violation.ts';
import { createSqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { makeGap } from '../server/gap-fixtures.ts';
import { makeViolation, reference, square } from '../server/helpers.ts';
import { makeProject } from '../server/store/contract-projects.ts';
import { spawnApp } from '../support/spawn-app.ts';
import {
  ADMIN,
  collectErrors,
  createUser,
  describeFailures,
  launchChromium,
  SHOTS,
  signIn,
  waitForMap,
  type RunningApp,
  type TestUser,
} from './harness.ts';

const DAY = 24 * 3600 * 1000;
const NOW = Date.now();
/** An instant `n` days ago (at this time of day), as the store keeps instants. */
const daysAgo = (n: number) => new Date(NOW - n * DAY).toISOString();
/** The office's calendar date `n` days ago. */
const dateAgo = (n: number) => localDate(new Date(NOW - n * DAY));
const PAST = dateAgo(10);

const PLACE = 'map=15/22.1445/105.8320';
const OLD_POINT: [number, number] = [105.834, 22.147];
const NEW_POINT: [number, number] = [105.8345, 22.1468];

const OLD_CASE = 'Quán nước lấn chiếm lòng đường, sau xác minh là vỉa hè';
const NEW_CASE = 'Xây nhà không phép, phát hiện tuần này';
const OLD_PROJECT = 'Khu tái định cư Đức Xuân';
const NEW_PROJECT = 'Mở rộng đường Trường Chinh';
const OLD_GAP = 'Tổ 7 chưa có cống thoát nước';
const NEW_GAP = 'Tổ 9 chưa có điện chiếu sáng';

const vi = (l: { vi: string }) => l.vi;

/** Written as the app would have: created 20 days ago, changed 5 days ago; others 2 days ago. */
async function seedHistory(
  dataDir: string,
): Promise<Record<'violation' | 'project' | 'gap', string>> {
  const store = createSqliteStore(dataPaths(dataDir).database);
  const as = (at: string, reason?: string) => ({ user: null, at, ...(reason && { reason }) });

  // A case reported 20 days ago as road encroachment, verified 5 days ago as a sidewalk one.
  const created = daysAgo(20);
  const v = makeViolation(
    {
      kind: 'road_encroachment',
      created_at: created,
      ward: reference.wards.atPoint(OLD_POINT),
      description: OLD_CASE,
    },
    { type: 'Point', coordinates: OLD_POINT },
  );
  await store.violations.insert(v, 'create', as(created));
  const changed = daysAgo(5);
  const verified: Violation = {
    ...v,
    properties: {
      ...v.properties,
      kind: 'sidewalk_encroachment',
      status: 'verified',
      steps: [
        ...v.properties.steps,
        {
          status: 'verified',
          date: dateAgo(5),
          actor: null,
          note: 'Đã xác minh tại chỗ',
          details: {},
          deadline: null,
          entered_at: changed,
        },
      ],
      updated_at: changed,
      version: 2,
    },
  };
  if (!(await store.violations.update(verified, 1, 'step:verified', as(changed))))
    throw new Error('the seeded case was not updated');
  const later = daysAgo(2);
  await store.violations.insert(
    makeViolation(
      {
        kind: 'illegal_construction',
        created_at: later,
        ward: reference.wards.atPoint(NEW_POINT),
        description: NEW_CASE,
      },
      { type: 'Point', coordinates: NEW_POINT },
    ),
    'create',
    as(later),
  );

  // A project announced 20 days ago, counting since 5 days ago; another begun 2 days ago.
  const p = makeProject(
    {
      name: OLD_PROJECT,
      stage: 'announced',
      stage_dates: { announced: dateAgo(20) },
      created_at: created,
    },
    square([105.835, 22.145], 0.002) as ClearanceProject['geometry'],
  );
  await store.projects.insert(p, 'create', as(created));
  const counting: ClearanceProject = {
    ...p,
    properties: {
      ...p.properties,
      stage: 'counting',
      stage_dates: { ...p.properties.stage_dates, counting: dateAgo(5) },
      updated_at: changed,
      version: 2,
    },
  };
  if (!(await store.projects.update(counting, 1, 'stage:counting', as(changed))))
    throw new Error('the seeded project was not updated');
  await store.projects.insert(
    makeProject(
      { name: NEW_PROJECT, created_at: later, stage_dates: { announced: dateAgo(2) } },
      square([105.829, 22.147], 0.0015) as ClearanceProject['geometry'],
    ),
    'create',
    as(later),
  );

  // A drainage gap open 20 days ago, planned since 5 days ago; another recorded 2 days ago.
  const street = (lon: number, lat: number): Gap['geometry'] => ({
    type: 'LineString',
    coordinates: [
      [lon, lat],
      [lon + 0.001, lat + 0.0005],
      [lon + 0.002, lat],
    ],
  });
  const g = makeGap(
    { title: OLD_GAP, created_at: created, updated_at: created },
    street(105.828, 22.142),
  );
  await store.gaps.insert(g, 'create', as(created));
  const planned: Gap = {
    ...g,
    properties: { ...g.properties, status: 'planned', updated_at: changed, version: 2 },
  };
  if (!(await store.gaps.update(planned, 1, 'status:planned', as(changed))))
    throw new Error('the seeded gap was not updated');
  await store.gaps.insert(
    makeGap(
      { title: NEW_GAP, standard: 'III.10', created_at: later, updated_at: later },
      street(105.832, 22.1415),
    ),
    'create',
    as(later),
  );
  await store.close();
  return { violation: v.id, project: p.id, gap: g.id };
}

let app: RunningApp;
let browser: Browser;
let planner: TestUser;
let ids: Record<'violation' | 'project' | 'gap', string>;

describeFailures(() => browser);
beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'uim-browser-as-of-'));
  ids = await seedHistory(dataDir);
  const [{ child, port }, chromium] = await Promise.all([
    spawnApp(
      ['scripts/start.mjs'],
      { DATA_DIR: dataDir, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password },
      { host: 'localhost', timeoutMs: 150_000 },
    ),
    launchChromium(),
  ]);
  browser = chromium;
  app = {
    url: `http://localhost:${port}`,
    dataDir,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  planner = await createUser(app, 'planner', { display_name: 'Cán bộ Quy hoạch' });
}, 200_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** The values of one property of the features a map layer draws now, sorted. */
function drawn(page: Page, layer: string, property: string): Promise<string[]> {
  return page.evaluate(
    ([id, key]) => {
      const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
      if (!map.getLayer(id!)) return [];
      const features = map.queryRenderedFeatures({ layers: [id!] });
      return [...new Set(features.map((f) => String(f.properties[key!])))].sort();
    },
    [layer, property],
  );
}

const pins = (page: Page) => drawn(page, 'violations-points', 'description');
const query = (page: Page) => new URL(page.url()).searchParams;

test('a past date shows every layer, list and page as it stood; clearing it brings today', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await signIn(context, app, planner);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${app.url}/?${PLACE}`);
  await waitForMap(page);
  // Today: both cases, both projects, both gaps, each in its latest state.
  await expect.poll(() => pins(page)).toEqual([NEW_CASE, OLD_CASE].sort());
  await expect
    .poll(() => drawn(page, 'projects-fill', 'name'))
    .toEqual([NEW_PROJECT, OLD_PROJECT].sort());
  expect(await drawn(page, 'projects-fill', 'stage')).toEqual(['announced', 'counting']);
  await expect.poll(() => drawn(page, 'gaps-lines', 'title')).toEqual([OLD_GAP, NEW_GAP].sort());

  // The date control: ten days ago.
  await page.getByTestId('open-layers').click();
  await page.getByLabel('Bản đồ tại ngày').fill(PAST);
  await expect.poll(() => pins(page)).toEqual([OLD_CASE]);
  expect(query(page).get('asOf')).toBe(PAST);
  await expect.poll(() => page.getByTestId('count').textContent()).toBe('1 vi phạm');
  await expect.poll(() => drawn(page, 'projects-fill', 'name')).toEqual([OLD_PROJECT]);
  expect(await drawn(page, 'projects-fill', 'stage')).toEqual(['announced']);
  await expect.poll(() => drawn(page, 'gaps-lines', 'title')).toEqual([OLD_GAP]);
  expect(await drawn(page, 'gaps-lines', 'status')).toEqual(['open']);
  const [y, m, d] = PAST.split('-');
  expect(await page.getByTestId('past-banner').textContent()).toContain(`${d}/${m}/${y}`);
  await page.screenshot({ path: join(SHOTS, 'as-of-map.png') });

  // The list: the later case absent, the edited one with the kind and status it had then.
  await page.getByTestId('count').click();
  const list = page.getByTestId('violation-list');
  await list.waitFor();
  await expect.poll(() => list.locator('.row-text').allTextContents()).toEqual([OLD_CASE]);
  const row = list.locator('li').filter({ hasText: OLD_CASE });
  expect(await row.locator('strong').textContent()).toBe(
    vi(violationKindCatalog.road_encroachment.label),
  );
  expect(await row.textContent()).toContain(vi(violationStatusCatalog.reported.label));
  expect(await row.textContent()).not.toContain(vi(violationStatusCatalog.verified.label));

  // Its page, opened from the list, as it stood: no edit, the old kind and status.
  await row.getByRole('button').click();
  const detail = page.getByTestId('violation-detail');
  await expect
    .poll(() => detail.locator('h2').textContent())
    .toBe(vi(violationKindCatalog.road_encroachment.label));
  expect((await page.getByTestId('status').textContent())?.trim()).toBe(
    vi(violationStatusCatalog.reported.label),
  );
  expect(await page.getByTestId('edit').count()).toBe(0);
  expect(new URL(page.url()).pathname).toBe(`/violations/${ids.violation}`);
  expect(query(page).get('asOf')).toBe(PAST);
  await page.screenshot({ path: join(SHOTS, 'as-of-violation.png') });

  // Projects: the later one absent; the old one at the stage it had then, in the list and its page.
  await page.getByRole('link', { name: /Dự án GPMB/ }).click();
  const projects = page.getByTestId('project-list');
  await projects.waitFor();
  await expect.poll(() => projects.locator('li strong').allTextContents()).toEqual([OLD_PROJECT]);
  expect(await projects.locator('li').first().textContent()).toContain(
    vi(projectStageCatalog.announced.label),
  );
  expect(await page.getByTestId('project-new').count()).toBe(0);
  await projects.getByRole('button', { name: new RegExp(OLD_PROJECT) }).click();
  const project = page.getByTestId('project-detail');
  await expect
    .poll(() => project.locator('.badges').textContent())
    .toContain(vi(projectStageCatalog.announced.label));
  expect(await project.locator('.badges').textContent()).not.toContain(
    vi(projectStageCatalog.counting.label),
  );
  expect(await page.getByTestId('project-edit').count()).toBe(0);
  expect(query(page).get('asOf')).toBe(PAST);
  await page.screenshot({ path: join(SHOTS, 'as-of-project.png') });

  // Gaps, opened from a shared link: the later one absent, the old one still open.
  await page.goto(`${app.url}/gaps?${PLACE}&asOf=${PAST}`);
  const gaps = page.getByTestId('gap-list');
  await gaps.waitFor();
  await expect
    .poll(() => gaps.locator('li strong').allTextContents())
    .toEqual([`III.09 · ${OLD_GAP}`]);
  expect(await gaps.locator('li .badge').textContent()).toBe(vi(gapStatusCatalog.open.label));
  await gaps.getByRole('button', { name: new RegExp(OLD_GAP) }).click();
  await expect
    .poll(() => page.getByTestId('gap-status').textContent())
    .toBe(vi(gapStatusCatalog.open.label));

  // Back to now, from the gap's page: its status, and every layer, are today's again.
  await page.getByTestId('past-banner').getByRole('button', { name: 'Về hiện tại' }).click();
  await expect
    .poll(() => page.getByTestId('gap-status').textContent())
    .toBe(vi(gapStatusCatalog.planned.label));
  expect(query(page).has('asOf')).toBe(false);
  await waitForMap(page);
  await expect.poll(() => pins(page)).toEqual([NEW_CASE, OLD_CASE].sort());
  await expect.poll(() => drawn(page, 'projects-fill', 'stage')).toEqual(['announced', 'counting']);
  await expect.poll(() => drawn(page, 'gaps-lines', 'title')).toEqual([OLD_GAP, NEW_GAP].sort());
  expect(errors).toEqual([]);
  await context.close();
});

test('a past record page opened directly shows that day, and today once the date is cleared', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await signIn(context, app, planner);
  const page = await context.newPage();
  const errors = collectErrors(page);

  // Every status the page ever shows, from its first paint: today's must never be among them.
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { statusesSeen: seen });
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="status"]')?.textContent;
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(`${app.url}/violations/${ids.violation}?asOf=${PAST}`);
  await expect
    .poll(() => page.getByTestId('status').textContent())
    .toContain(vi(violationStatusCatalog.reported.label));
  const seen = await page.evaluate(
    () => (window as unknown as { statusesSeen: string[] }).statusesSeen,
  );
  expect(seen.some((s) => s.includes(vi(violationStatusCatalog.verified.label)))).toBe(false);
  expect(await page.getByTestId('edit').count()).toBe(0);
  await page.getByTestId('past-banner').getByRole('button', { name: 'Về hiện tại' }).click();
  await expect
    .poll(() => page.getByTestId('status').textContent())
    .toContain(vi(violationStatusCatalog.verified.label));
  expect(await page.getByTestId('violation-detail').locator('h2').textContent()).toBe(
    vi(violationKindCatalog.sidewalk_encroachment.label),
  );
  await page.getByTestId('edit').waitFor();

  await page.goto(`${app.url}/projects/${ids.project}?asOf=${PAST}`);
  const project = page.getByTestId('project-detail');
  await expect
    .poll(() => project.locator('.badges').textContent())
    .toContain(vi(projectStageCatalog.announced.label));
  await page.getByTestId('past-banner').getByRole('button', { name: 'Về hiện tại' }).click();
  await expect
    .poll(() => project.locator('.badges').textContent())
    .toContain(vi(projectStageCatalog.counting.label));
  await page.getByTestId('project-edit').waitFor();
  expect(errors).toEqual([]);
  await context.close();
});
