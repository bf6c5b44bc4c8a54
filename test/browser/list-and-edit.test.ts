/**
 * What a planner does with the records already there: find one in the list by typing without
 * accents, open it, correct its text, and see the history keep what it said before.
 */
import { beforeAll, expect, test } from 'vitest';
import { join } from 'node:path';
import {
  api,
  collectErrors,
  createUser,
  createViolation,
  SHOTS,
  signIn,
  useAppAndBrowser,
  waitForMap,
  type TestUser,
} from './harness.ts';

const running = useAppAndBrowser();
let inspector: TestUser;
let planner: TestUser;

const report = (lon: number, lat: number, kind: string, description: string) =>
  createViolation(
    running.app,
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: { kind, description },
    },
    inspector,
  );

beforeAll(async () => {
  [inspector, planner] = await Promise.all([
    createUser(running.app, 'inspector'),
    createUser(running.app, 'planner'),
  ]);
  await report(105.834, 22.147, 'road_encroachment', 'Quán nước lấn lòng đường Nguyễn Văn Tố');
  await report(105.829, 22.141, 'illegal_construction', 'Xây nhà không phép tổ 5 Đức Xuân');
  await report(105.8345, 22.1468, 'sidewalk_encroachment', 'Để xe máy trên vỉa hè chợ Đức Xuân');
});

test('the list finds records typed without accents, and a correction keeps the original in the history', async () => {
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await signIn(context, running.app, planner);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${running.app.url}/violations`);
  await waitForMap(page);
  await page.getByTestId('violation-list').waitFor();
  // The map is drawn before the records come (they wait for the server to say who reads):
  // until then the list says it is loading, never that there are none.
  const counts: string[] = [];
  await expect
    .poll(async () => {
      counts.push((await page.getByTestId('list-count').textContent())!);
      return counts.at(-1);
    })
    .toBe('3 vi phạm');
  expect(counts.filter((c) => c !== 'Đang tải…' && c !== '3 vi phạm')).toEqual([]);

  // All three lie in phường Đức Xuân; only one says "chợ".
  await page.getByRole('searchbox').fill('cho duc xuan');
  await expect.poll(() => page.getByTestId('list-count').textContent()).toBe('1 vi phạm');
  expect(await page.locator('.row-text').textContent()).toBe('Để xe máy trên vỉa hè chợ Đức Xuân');
  await page.getByRole('searchbox').fill('lan long duong');
  await expect.poll(() => page.getByTestId('list-count').textContent()).toBe('1 vi phạm');
  await page.screenshot({ path: join(SHOTS, 'desktop-list.png') });

  await page.locator('.row').first().click();
  await page.getByTestId('violation-detail').waitFor();
  expect(await page.locator('.description').textContent()).toBe(
    'Quán nước lấn lòng đường Nguyễn Văn Tố',
  );

  await page.getByRole('button', { name: 'Sửa thông tin' }).click();
  await page
    .locator('[data-testid=edit-form] input[name=description]')
    .fill('Quán nước lấn 3 m lòng đường Nguyễn Văn Tố');
  await page.locator('[data-testid=edit-form] input[name=address]').fill('Số 12 Nguyễn Văn Tố');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect
    .poll(() => page.locator('.description').textContent())
    .toBe('Quán nước lấn 3 m lòng đường Nguyễn Văn Tố');
  expect(await page.getByTestId('violation-detail').textContent()).toContain('Số 12 Nguyễn Văn Tố');
  await expect.poll(() => page.getByTestId('history').locator('li').count()).toBe(2);

  const id = new URL(page.url()).pathname.split('/').pop();
  const { versions, users } = await api<{
    versions: {
      action: string;
      user: string;
      before: { properties: { description: string } };
      after: { properties: { description: string } };
    }[];
    users: Record<string, { display_name: string }>;
  }>(running.app, planner, 'GET', `/api/violations/${id}/history`);
  expect(versions.map((v: { action: string }) => v.action)).toEqual(['create', 'update']);
  const edit = versions[1]!;
  expect(edit.before.properties.description).toBe('Quán nước lấn lòng đường Nguyễn Văn Tố');
  expect(edit.after.properties.description).toBe('Quán nước lấn 3 m lòng đường Nguyễn Văn Tố');
  // Who made each change, by name, on the page as in the API.
  expect(users[edit.user]!.display_name).toBe(planner.display_name);
  const history = await page.getByTestId('history').textContent();
  expect(history).toContain(`bởi ${planner.display_name}`);
  expect(history).toContain(`bởi ${inspector.display_name}`);
  // What the inspector first wrote stays on the page once the text was edited.
  expect(await page.getByTestId('original-description').textContent()).toContain(
    'Quán nước lấn lòng đường Nguyễn Văn Tố',
  );
  await page.screenshot({ path: join(SHOTS, 'desktop-edited.png') });
  expect(errors).toEqual([]);
  await context.close();
});

test('a shared link to a record opens its page with the map on it', async () => {
  // A place in xã Phong Quang, far from where the map opens.
  const { id } = await report(105.7605, 22.2205, 'land_encroachment', 'Lấn đất rừng phòng hộ');
  const page = await running.browser.newPage({ viewport: { width: 390, height: 844 } });
  const errors = collectErrors(page);
  await page.goto(`${running.app.url}/violations/${id}`);
  await waitForMap(page);
  await page.getByTestId('violation-detail').waitFor();
  expect(await page.getByTestId('violation-detail').textContent()).toContain('Xã Phong Quang');
  const view = () =>
    page.evaluate(() => {
      const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
      return { zoom: map.getZoom(), shows: map.getBounds().contains([105.7605, 22.2205]) };
    });
  await expect.poll(view, { timeout: 10_000 }).toEqual({ zoom: 15, shows: true });
  expect(errors).toEqual([]);
});
