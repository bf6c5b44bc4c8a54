/**
 * The urban-criteria scorecard and its gaps as a planner uses them: enter a standard's value and
 * see its points, the minimum met or missed and by how much, and the totals against 75 for class
 * II and III; record a gap at a place on the map, see it there and reach it from its standard.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { ScorecardReport } from '../../server/domain/criteria/report.ts';
import { ROOT } from '../support/spawn-app.ts';
import {
  api,
  collectErrors,
  createUser,
  pixelOf,
  SHOTS,
  signIn,
  useAppAndBrowser,
  waitForMap,
  type TestUser,
} from './harness.ts';

const running = useAppAndBrowser();
let planner: TestUser;

/** The shipped rule set, read as the server reads it. */
const table = JSON.parse(
  readFileSync(join(ROOT, 'data/criteria/nq111-2025-table2a.json'), 'utf8'),
) as {
  id: string;
  standards: {
    code: string;
    scale?: string;
    class_III: { min: number | string; max: number | string };
    points_min: number;
    points_max: number;
  }[];
};
const RULES = table.id;

beforeAll(async () => {
  planner = await createUser(running.app, 'planner', { display_name: 'Lường Thị Mai' });
});

const scorecard = () =>
  api<ScorecardReport>(running.app, planner, 'GET', `/api/criteria/${RULES}/scorecard?scope=urban`);

/** Vietnamese number writing: "6,25"; at most two decimals. */
const vi = (x: number) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(x);

async function openScorecard(page: Page): Promise<void> {
  await page.goto(`${running.app.url}/criteria`);
  await page.getByTestId('scorecard').waitFor();
  await page.getByTestId('standard-II.03').waitFor();
}

test('a value entered on the scorecard scores its points, and the totals and verdict follow', async () => {
  // Most standards entered already, by the API as a script would; the population is left to the form.
  const measured = table.standards.filter((s) => !s.scale && s.code !== 'II.03');
  for (const s of measured) {
    // Halfway between the class III minimum and maximum.
    const value = ((s.class_III.min as number) + (s.class_III.max as number)) / 2;
    await api(
      running.app,
      planner,
      'PUT',
      `/api/criteria/${RULES}/indicators/${s.code}?scope=urban`,
      {
        value,
        source: 'statistics',
        note: 'Niên giám thống kê 2025',
      },
    );
  }

  const context = await running.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await signIn(context, running.app, planner);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await openScorecard(page);

  // Class III: the population standard entered through the form, below its minimum first.
  await page.getByRole('tab', { name: 'Loại III', exact: true }).click();
  const row = page.getByTestId('standard-II.03');
  // Until someone enters it, the population is the wards' own, computed from the map layers.
  const before = (await scorecard()).classes[1]!.standards.find((s) => s.code === 'II.03')!;
  expect(before.source).toBe('computed');
  expect(await row.getByTestId('value').textContent()).toBe(before.value_label!.vi);
  expect(await row.getByTestId('source').textContent()).toContain('Tính từ dữ liệu bản đồ');
  expect(await page.getByTestId('enter-II.03').textContent()).toBe('Nhập số liệu');
  await page.getByTestId('enter-II.03').click();
  const form = page.getByTestId('indicator-form');
  await form.locator('input[name=value]').fill('18500');
  await form.locator('input[name=note]').fill('Cục Thống kê tỉnh Thái Nguyên, 2025');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect.poll(() => row.getByTestId('value').textContent()).toBe('18.500 người');
  expect(await row.getByTestId('points').textContent()).toBe('0/7');
  // 20,000 is class III's minimum: 1,500 people short, and the class fails whatever the total.
  expect(await row.getByTestId('shortfall').textContent()).toBe('thiếu 1.500 người');
  expect(await row.textContent()).toContain('✗');
  expect(await row.getByTestId('source').textContent()).toContain(
    'Số liệu thống kê: Cục Thống kê tỉnh Thái Nguyên, 2025',
  );
  let card = await scorecard();
  let III = card.classes.find((c) => c.class === 'III')!;
  expect(III.recognised).toBe(false);
  expect(await page.getByTestId('verdict').textContent()).toBe('Chưa đạt tiêu chí đô thị loại III');
  expect(await page.getByTestId('total').textContent()).toContain(
    '1 tiêu chuẩn dưới mức tối thiểu',
  );
  await page.screenshot({ path: join(SHOTS, 'criteria-below-minimum.png') });

  // Corrected to a value inside the range: points interpolated between the minimum and maximum.
  await page.getByTestId('enter-II.03').click();
  await form.locator('input[name=value]').fill('110000');
  await form.locator('input[name=reason]').fill('Số liệu điều tra dân số giữa kỳ');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect.poll(() => row.getByTestId('value').textContent()).toBe('110.000 người');
  const population = table.standards.find((s) => s.code === 'II.03')!;
  const share =
    (110000 - (population.class_III.min as number)) /
    ((population.class_III.max as number) - (population.class_III.min as number));
  const expected = population.points_min + share * (population.points_max - population.points_min);
  expect(await row.getByTestId('points').textContent()).toBe(`${vi(expected)}/7`);
  expect(await row.textContent()).toContain('✓');
  expect(await row.getByTestId('shortfall').count()).toBe(0);

  // The totals on the page are the server's, for each class.
  card = await scorecard();
  III = card.classes.find((c) => c.class === 'III')!;
  const II = card.classes.find((c) => c.class === 'II')!;
  expect(III.standards.find((s) => s.code === 'II.03')!.points).toBeCloseTo(expected, 2);
  const total = page.getByTestId('total');
  expect(await total.textContent()).toContain(`${vi(III.total)}/${vi(III.total_max)} điểm`);
  expect(await total.textContent()).toContain('cần từ 75 điểm');
  // The ordinal standards (centre level, funeral homes, regulation) have no value yet.
  expect(await total.textContent()).toContain(
    `${III.not_assessed.length} tiêu chuẩn chưa có số liệu`,
  );
  expect(await page.getByTestId('verdict').textContent()).toBe(
    III.recognised ? 'Đạt tiêu chí đô thị loại III' : 'Chưa đạt tiêu chí đô thị loại III',
  );
  await total.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'criteria-class-III.png') });

  await page.getByRole('tab', { name: 'Loại II', exact: true }).click();
  await expect
    .poll(() => total.textContent())
    .toContain(`${vi(II.total)}/${vi(II.total_max)} điểm`);
  // Halfway through class III's range is below class II's minimum for the population.
  expect(await page.getByTestId('standard-II.03').getByTestId('shortfall').textContent()).toBe(
    `thiếu ${vi(200000 - 110000)} người`,
  );
  expect(await page.getByTestId('verdict').textContent()).toBe('Chưa đạt tiêu chí đô thị loại II');
  await page.getByTestId('standard-II.03').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'criteria-class-II.png') });

  // In English, the same scorecard in English words and numbers.
  await page.getByRole('button', { name: 'English' }).click();
  await expect
    .poll(() => page.getByTestId('verdict').textContent())
    .toBe('Does not meet the class II criteria');
  expect(await page.getByTestId('standard-II.03').getByTestId('shortfall').textContent()).toBe(
    '90,000 people short',
  );
  expect(errors).toEqual([]);
  await context.close();
});

test('a gap recorded at a place appears on the map and under its standard on the scorecard', async () => {
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await signIn(context, running.app, planner);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${running.app.url}/gaps`);
  await waitForMap(page);
  await page.getByTestId('gap-list').waitFor();
  await page.getByTestId('gap-new').click();
  const form = page.getByTestId('gap-form');
  await form.locator('select[name=standard]').selectOption('III.09');
  await form.locator('input[name=title]').fill('Đường Trường Chinh chưa có cống thoát nước');
  await form.locator('input[name=current_value]').fill('2,4');
  await form.locator('input[name=target_value]').fill('3,5');
  await form.getByLabel('Một điểm').check();
  await page.evaluate(() =>
    (window as unknown as { __map: import('maplibre-gl').Map }).__map.jumpTo({
      center: [105.8345, 22.1455],
      zoom: 16,
    }),
  );
  const at = await pixelOf(page, 105.8345, 22.1455);
  await page.mouse.click(at.x, at.y);
  await expect.poll(() => page.getByTestId('gap-point').textContent()).toContain('22.1455');
  await form.getByRole('button', { name: 'Lưu' }).click();

  await page.getByTestId('gap-detail').waitFor();
  const id = new URL(page.url()).pathname.split('/').pop()!;
  expect(await page.getByTestId('gap-status').textContent()).toBe('Còn thiếu');
  expect(await page.getByTestId('gap-current').textContent()).toBe('2,4 km/km²');
  const gap = await api<{ geometry: { coordinates: number[] } }>(
    running.app,
    planner,
    'GET',
    `/api/gaps/${id}`,
  );
  expect(gap.geometry.coordinates[0]).toBeCloseTo(105.8345, 4);
  expect(gap.geometry.coordinates[1]).toBeCloseTo(22.1455, 4);

  // Drawn on the map where it was put.
  const drawn = () =>
    page.evaluate(
      ([x, y]) => {
        const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
        const p = map.project([x!, y!]);
        return map
          .queryRenderedFeatures([p.x, p.y], { layers: ['gaps-points'] })
          .map((f) => f.properties.id);
      },
      [105.8345, 22.1455],
    );
  await expect.poll(drawn).toContain(id);
  // Labelled on the map with its standard's code.
  const labels = () =>
    page.evaluate(() => {
      const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
      return map
        .queryRenderedFeatures({ layers: ['gaps-standard-label'] })
        .map((f) => f.properties.standard as string);
    });
  await expect.poll(labels).toContain('III.09');
  await page.screenshot({ path: join(SHOTS, 'gap-on-map.png') });

  // Under its standard on the scorecard; the link leads back to it on the map.
  await page.getByRole('link', { name: 'Xem bảng điểm tiêu chí' }).click();
  await page.getByTestId('scorecard').waitFor();
  const drainage = page.getByTestId('standard-III.09');
  await drainage.waitFor();
  const link = drainage.getByRole('link', { name: 'Đường Trường Chinh chưa có cống thoát nước' });
  expect(await link.isVisible()).toBe(true);
  await link.click();
  await page.waitForURL((url) => url.pathname === `/gaps/${id}`);
  await page.getByTestId('gap-detail').waitFor();
  await expect.poll(drawn).toContain(id);
  expect(errors).toEqual([]);
  await context.close();
});

test('a street without drainage is drawn as a line, measured, and drawn on the map', async () => {
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await signIn(context, running.app, planner);
  const page = await context.newPage();
  const errors = collectErrors(page);
  // From the drainage standard on the scorecard: the new gap's form has it chosen already.
  await page.goto(`${running.app.url}/criteria`);
  await waitForMap(page);
  await page.getByTestId('new-gap-III.09').click();
  const form = page.getByTestId('gap-form');
  await expect.poll(() => form.locator('select[name=standard]').inputValue()).toBe('III.09');
  await form.locator('input[name=title]').fill('Phố Nguyễn Văn Tố thiếu rãnh thoát nước');
  await form.getByLabel('Một đường').check();
  await page.getByTestId('line-editor').waitFor();
  await page.evaluate(() =>
    (window as unknown as { __map: import('maplibre-gl').Map }).__map.jumpTo({
      center: [105.8335, 22.147],
      zoom: 16,
    }),
  );
  await page.waitForFunction(() =>
    (window as unknown as { __map: import('maplibre-gl').Map }).__map
      .getStyle()
      .layers.some((l) => l.id.startsWith('boundary-draw')),
  );
  const points: [number, number][] = [
    [105.832, 22.1465],
    [105.8335, 22.147],
    [105.835, 22.1472],
  ];
  for (const [lon, lat] of points) {
    const { x, y } = await pixelOf(page, lon, lat);
    await page.mouse.move(x, y, { steps: 4 });
    await page.mouse.click(x, y);
  }
  // The last point clicked again ends the line.
  const last = await pixelOf(page, ...points[2]!);
  await page.mouse.click(last.x, last.y);
  await expect
    .poll(() => page.getByTestId('line-length').textContent())
    .toMatch(/Chiều dài: [\d.]+ m/);
  await page.screenshot({ path: join(SHOTS, 'gap-line-drawn.png') });
  await form.getByRole('button', { name: 'Lưu' }).click();
  await page.getByTestId('gap-detail').waitFor();
  const id = new URL(page.url()).pathname.split('/').pop()!;
  const gap = await api<{ geometry: { type: string; coordinates: number[][] } }>(
    running.app,
    planner,
    'GET',
    `/api/gaps/${id}`,
  );
  expect(gap.geometry.type).toBe('LineString');
  expect(gap.geometry.coordinates).toHaveLength(3);
  gap.geometry.coordinates.forEach(([lon, lat], i) => {
    expect(lon).toBeCloseTo(points[i]![0], 4);
    expect(lat).toBeCloseTo(points[i]![1], 4);
  });
  await expect
    .poll(() =>
      page.evaluate(() =>
        (window as unknown as { __map: import('maplibre-gl').Map }).__map
          .queryRenderedFeatures({ layers: ['gaps-lines'] })
          .map((f) => f.properties.id),
      ),
    )
    .toContain(id);
  await page.screenshot({ path: join(SHOTS, 'gap-line-on-map.png') });
  expect(errors).toEqual([]);
  await context.close();
});
