/**
 * The planner's pages by role: readers (signed-in viewers and anonymous visitors) see projects,
 * gaps and the scorecard with no way to write; a planner gets the write buttons; a lead archives
 * and restores a project and a gap with a reason. And the same pages on a phone.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { gapBody } from '../server/gap-fixtures.ts';
import { projectBody } from '../server/project-fixtures.ts';
import {
  api,
  collectErrors,
  createUser,
  SHOTS,
  signIn,
  useAppAndBrowser,
  waitForMap,
  type TestUser,
} from './harness.ts';

const running = useAppAndBrowser();
let planner: TestUser;
let viewer: TestUser;
let lead: TestUser;
let projectId: string;
let gapId: string;

const PROJECT = 'Đường Trường Chinh kéo dài';
const GAP = 'Đường Trường Chinh chưa có cống thoát nước';

beforeAll(async () => {
  [planner, viewer, lead] = await Promise.all([
    createUser(running.app, 'planner', { display_name: 'Lường Thị Mai' }),
    createUser(running.app, 'viewer'),
    createUser(running.app, 'lead', { display_name: 'Hoàng Văn Lãnh' }),
  ]);
  projectId = (
    await api<{ id: string }>(running.app, planner, 'POST', '/api/projects', projectBody())
  ).id;
  gapId = (await api<{ id: string }>(running.app, planner, 'POST', '/api/gaps', gapBody())).id;
});

/** Every write control of the planner's panels, by test id (a prefix ends with a dash). */
const WRITE_CONTROLS = [
  'project-new',
  'project-edit',
  'stage-next',
  'gap-new',
  'gap-edit',
  'gap-move-',
  'enter-',
  'new-gap-',
  'archive',
  'restore',
];

/** The write controls on the page now, by test id. */
function controlsOn(page: Page): Promise<string[]> {
  return page.evaluate(
    (ids) =>
      [...document.querySelectorAll<HTMLElement>('[data-testid]')]
        .map((e) => e.dataset.testid!)
        .filter((id) => ids.some((w) => (w.endsWith('-') ? id.startsWith(w) : id === w))),
    WRITE_CONTROLS,
  );
}

/**
 * Opens the four planner pages in turn; answers the write controls each one offered. A page
 * opened directly shows its record before it knows who is signed in: for a signed-in reader the
 * controls are read once the user menu is there.
 */
async function visitAll(page: Page, signedIn: boolean): Promise<Record<string, string[]>> {
  const seen: Record<string, string[]> = {};
  const app = running.app.url;
  const writeControls = async (p: Page) => {
    if (signedIn) await p.getByTestId('user-menu').waitFor();
    return controlsOn(p);
  };
  await page.goto(`${app}/projects`);
  await page.getByTestId('project-list').getByText(PROJECT).waitFor();
  seen.projects = await writeControls(page);
  await page.goto(`${app}/projects/${projectId}`);
  await page.getByTestId('project-detail').getByRole('heading', { name: PROJECT }).waitFor();
  await page.getByTestId('project-area').waitFor();
  seen.project = await writeControls(page);
  await page.goto(`${app}/gaps`);
  await page.getByTestId('gap-list').getByText(GAP).waitFor();
  seen.gaps = await writeControls(page);
  await page.goto(`${app}/gaps/${gapId}`);
  await page.getByTestId('gap-status').waitFor();
  seen.gap = await writeControls(page);
  await page.goto(`${app}/criteria`);
  await page.getByTestId('standard-II.03').waitFor();
  seen.criteria = await writeControls(page);
  return seen;
}

describe('who may write', () => {
  test.each([
    ['an anonymous visitor', null],
    ['a signed-in viewer', 'viewer'],
  ] as const)('%s reads projects, gaps and the scorecard with no write button', async (_, who) => {
    const context = await running.browser.newContext({ viewport: { width: 1280, height: 860 } });
    if (who) await signIn(context, running.app, viewer);
    const page = await context.newPage();
    const errors = collectErrors(page);
    const seen = await visitAll(page, who !== null);
    expect(seen).toEqual({ projects: [], project: [], gaps: [], gap: [], criteria: [] });
    // Nothing of it in the words either.
    expect(await page.getByText('Nhập số liệu').count()).toBe(0);
    await page.goto(`${running.app.url}/projects`);
    await page.getByTestId('project-list').getByText(PROJECT).waitFor();
    expect(await page.getByText('Dự án mới').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a planner gets the write buttons of every page, but not archiving', async () => {
    const context = await running.browser.newContext({ viewport: { width: 1280, height: 860 } });
    await signIn(context, running.app, planner);
    const page = await context.newPage();
    const errors = collectErrors(page);
    const seen = await visitAll(page, true);
    expect(seen.projects).toEqual(['project-new']);
    expect(seen.project).toEqual(['project-edit', 'stage-next']);
    expect(seen.gaps).toEqual(['gap-new']);
    // An open gap moves on to any later status.
    expect(seen.gap).toEqual([
      'gap-edit',
      'gap-move-planned',
      'gap-move-in_progress',
      'gap-move-met',
    ]);
    expect(seen.criteria).toContain('enter-II.03');
    expect(seen.criteria).toContain('new-gap-II.03');
    expect(await page.getByTestId('enter-II.03').textContent()).toBe('Nhập số liệu');
    expect(errors).toEqual([]);
    await context.close();
  });
});

/** The names of the projects (or titles of gaps) the map draws now. */
function drawn(page: Page, layer: string, property: string): Promise<string[]> {
  return page.evaluate(
    ([id, key]) => {
      const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
      if (!map.getLayer(id!)) return [];
      return [
        ...new Set(
          map.querySourceFeatures(id!.split('-')[0]!).map((f) => String(f.properties[key!])),
        ),
      ];
    },
    [layer, property],
  );
}

describe('archiving', () => {
  test('a lead archives a project with a reason, and restores it', async () => {
    const context = await running.browser.newContext({ viewport: { width: 1280, height: 860 } });
    await signIn(context, running.app, lead);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${running.app.url}/projects/${projectId}`);
    await waitForMap(page);
    const detail = page.getByTestId('project-detail');
    await detail.getByTestId('project-area').waitFor();
    await expect.poll(() => drawn(page, 'projects-fill', 'name')).toContain(PROJECT);
    // A lead is no planner: archiving is the one thing offered.
    expect(await controlsOn(page)).toEqual(['archive']);

    await page.getByTestId('archive').click();
    const form = page.getByTestId('archive-form');
    expect(await form.locator('h3').textContent()).toBe('Lưu trữ dự án');
    await form.getByLabel(/Lý do/).fill('Dự án đã bị hủy theo quyết định của UBND tỉnh');
    await form.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByTestId('archived-banner').waitFor();
    expect(await page.getByTestId('archived-banner').textContent()).toContain(
      'Dự án đã được lưu trữ',
    );
    await expect.poll(() => drawn(page, 'projects-fill', 'name')).toEqual([]);
    await expect
      .poll(() => detail.textContent())
      .toContain('Dự án đã bị hủy theo quyết định của UBND tỉnh');
    await page.screenshot({ path: join(SHOTS, 'project-archived.png') });
    const stored = await api<{ properties: { archived_at: string | null } }>(
      running.app,
      lead,
      'GET',
      `/api/projects/${projectId}`,
    );
    expect(stored.properties.archived_at).not.toBeNull();
    // The list no longer has it.
    await page.goto(`${running.app.url}/projects`);
    await page.getByTestId('project-list').waitFor();
    await expect.poll(() => page.getByTestId('project-count').textContent()).toBe('0 dự án');

    await page.goto(`${running.app.url}/projects/${projectId}`);
    await page.getByTestId('restore').click();
    await page.getByTestId('archive-form').getByLabel(/Lý do/).fill('Hủy nhầm, khôi phục');
    await page.getByTestId('archive-form').getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByTestId('archive').waitFor();
    expect(await page.getByTestId('archived-banner').count()).toBe(0);
    await waitForMap(page);
    await expect.poll(() => drawn(page, 'projects-fill', 'name')).toContain(PROJECT);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a lead archives a gap with a reason, and restores it', async () => {
    const context = await running.browser.newContext({ viewport: { width: 1280, height: 860 } });
    await signIn(context, running.app, lead);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${running.app.url}/gaps/${gapId}`);
    await waitForMap(page);
    await page.getByTestId('gap-status').waitFor();
    await expect.poll(() => drawn(page, 'gaps-lines', 'title')).toContain(GAP);
    expect(await controlsOn(page)).toEqual(['archive']);

    await page.getByTestId('archive').click();
    const form = page.getByTestId('archive-form');
    expect(await form.locator('h3').textContent()).toBe('Lưu trữ mục này');
    await form.getByLabel(/Lý do/).fill('Ghi trùng với mục khác');
    await form.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByTestId('archived-banner').waitFor();
    await expect.poll(() => drawn(page, 'gaps-lines', 'title')).toEqual([]);
    await expect.poll(() => page.getByTestId('gap-detail').textContent()).toContain('Ghi trùng');
    await page.screenshot({ path: join(SHOTS, 'gap-archived.png') });

    await page.getByTestId('restore').click();
    await page.getByTestId('archive-form').getByLabel(/Lý do/).fill('Không trùng');
    await page.getByTestId('archive-form').getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByTestId('archive').waitFor();
    await expect.poll(() => drawn(page, 'gaps-lines', 'title')).toContain(GAP);
    const history = await api<{ versions: { action: string; reason: string | null }[] }>(
      running.app,
      lead,
      'GET',
      `/api/gaps/${gapId}/history`,
    );
    expect(history.versions.slice(-2).map((v) => [v.action, v.reason])).toEqual([
      ['archive', 'Ghi trùng với mục khác'],
      ['restore', 'Không trùng'],
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('on a phone', () => {
  /** What does not fit: sideways scroll, the panel off the screen, targets under 44 px. */
  async function misfits(page: Page): Promise<string[]> {
    return page.evaluate(() => {
      const out: string[] = [];
      const width = window.innerWidth;
      if (document.documentElement.scrollWidth > width)
        out.push(`page scrolls sideways: ${document.documentElement.scrollWidth}`);
      const panel = document.querySelector<HTMLElement>('.panel');
      if (panel) {
        if (panel.scrollWidth > panel.clientWidth)
          out.push(`panel scrolls sideways: ${panel.scrollWidth} > ${panel.clientWidth}`);
        const box = panel.getBoundingClientRect();
        if (box.right > width + 0.5) out.push(`panel runs off: ${box.right}`);
        for (const el of panel.querySelectorAll<HTMLElement>('button, a, input, select, summary')) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) continue;
          if (el.closest('.rows') && el.tagName === 'BUTTON' && r.height >= 44) continue;
          if (r.height < 44 && !(el.tagName === 'A' && el.closest('dd, p, .note')))
            out.push(
              `${el.tagName.toLowerCase()} "${el.textContent?.trim().slice(0, 30)}" ${Math.round(r.height)} px`,
            );
          if (r.right > width + 0.5) out.push(`${el.tagName.toLowerCase()} runs off: ${r.right}`);
        }
      }
      return out;
    });
  }

  test('projects, a project, the scorecard and gaps fit 390 × 844, with the map and a way back', async () => {
    const context = await running.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
      locale: 'vi-VN',
    });
    await signIn(context, running.app, planner);
    const page = await context.newPage();
    const errors = collectErrors(page);
    const problems: string[] = [];
    const pages = [
      ['/projects', 'project-list', 'phone-projects.png'],
      [`/projects/${projectId}`, 'project-detail', 'phone-project.png'],
      ['/criteria', 'scorecard', 'phone-criteria.png'],
      ['/gaps', 'gap-list', 'phone-gaps.png'],
      [`/gaps/${gapId}`, 'gap-detail', 'phone-gap.png'],
    ] as const;
    for (const [path, panel, shot] of pages) {
      await page.goto(`${running.app.url}${path}`);
      await waitForMap(page);
      await page.getByTestId(panel).waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(SHOTS, shot) });
      problems.push(...(await misfits(page)).map((m) => `${path}: ${m}`));
      // The map stays in sight above the panel, and the panel closes.
      const map = (await page.locator('.map-area').boundingBox())!;
      expect(map.height, path).toBeGreaterThan(200);
      await expect(page.getByTestId(panel).getByLabel('Đóng').first().isVisible()).resolves.toBe(
        true,
      );
    }
    expect(problems).toEqual([]);
    // The close button leads back: a record to its list, a list to the map alone.
    await page.getByTestId('gap-detail').getByLabel('Đóng').first().tap();
    await page.getByTestId('gap-list').waitFor();
    await page.getByTestId('gap-list').getByLabel('Đóng').first().tap();
    await expect.poll(() => page.locator('.panel').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
