/**
 * What a planner does with land-clearance projects: draw a boundary on the map corner by corner
 * and read its area while drawing, save it and find it in the list and on the map; bring a
 * boundary from a KML file (and be told plainly when a file holds none); see a blocked project
 * stand out.
 */
import { beforeAll, expect, test } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { area } from '@turf/turf';
import type { Polygon } from 'geojson';
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

interface ProjectAnswer {
  id: string;
  geometry: Polygon;
  properties: { name: string; area_ha: number; blocked: boolean; ward_codes: string[] };
}

beforeAll(async () => {
  planner = await createUser(running.app, 'planner', { display_name: 'Hoàng Văn Quy' });
});

/** Looks at the map around a place, close enough for corners tens of metres apart. */
async function lookAt(page: Page, lon: number, lat: number, zoom: number): Promise<void> {
  await page.evaluate(
    ([x, y, z]) => {
      const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
      map.jumpTo({ center: [x!, y!], zoom: z! });
    },
    [lon, lat, zoom],
  );
  await page.waitForFunction(() =>
    (window as unknown as { __map: import('maplibre-gl').Map }).__map.loaded(),
  );
}

/** Features of the projects source drawn on screen by one of its style layers. */
function rendered(page: Page, layer: string): Promise<{ id: string; name: string }[]> {
  return page.evaluate((id) => {
    const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
    return map
      .queryRenderedFeatures({ layers: [id] })
      .map((f) => ({ id: String(f.properties.id), name: String(f.properties.name) }));
  }, layer);
}

/** Hectares with two decimals as the Vietnamese interface writes them ("27,43"). */
const viHa = (ha: number) => ha.toFixed(2).replace('.', ',');

test('a planner draws a boundary, reads its area while drawing, saves it and finds it in the list and on the map', async () => {
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 860 } });
  await signIn(context, running.app, planner);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${running.app.url}/projects`);
  await waitForMap(page);
  await page.getByTestId('project-list').waitFor();
  await page.getByTestId('project-new').click();
  await page.getByTestId('boundary-editor').waitFor();
  await lookAt(page, 105.833, 22.145, 16);
  // Terra Draw is loaded on demand; its layers appear once it is ready.
  await page.waitForFunction(() =>
    (window as unknown as { __map: import('maplibre-gl').Map }).__map
      .getStyle()
      .layers.some((l) => l.id.startsWith('boundary-draw')),
  );

  // Four corners of a block beside the market, clicked in turn.
  const corners: [number, number][] = [
    [105.8305, 22.1435],
    [105.8355, 22.1435],
    [105.8355, 22.1465],
    [105.8305, 22.1465],
  ];
  for (const [lon, lat] of corners) {
    const { x, y } = await pixelOf(page, lon, lat);
    await page.mouse.move(x, y, { steps: 4 });
    await page.mouse.click(x, y);
  }
  // Three corners and the pointer already make an area, shown before the shape is closed.
  await expect
    .poll(() => page.getByTestId('draw-area').textContent())
    .toMatch(/Diện tích: [\d,.]+ ha/);
  await page.screenshot({ path: join(SHOTS, 'project-drawing.png') });
  const first = await pixelOf(page, ...corners[0]!);
  await page.mouse.move(first.x, first.y, { steps: 4 });
  await page.mouse.click(first.x, first.y);

  const intended = area({ type: 'Polygon', coordinates: [[...corners, corners[0]!]] }) / 10_000;
  const shown = async () => {
    const text = (await page.getByTestId('draw-area').textContent()) ?? '';
    return Number(/([\d.,]+) ha/.exec(text)?.[1]?.replace(/\./g, '').replace(',', '.'));
  };
  // Clicked pixels are within a metre of the corners at this zoom: the area within 1 %.
  await expect.poll(shown).toBeGreaterThan(intended * 0.99);
  expect(await shown()).toBeLessThan(intended * 1.01);

  await page
    .locator('[data-testid=project-form] input[name=name]')
    .fill('Khu dân cư Đức Xuân mở rộng');
  await page
    .locator('[data-testid=project-form] input[name=investor]')
    .fill('Ban QLDA đầu tư xây dựng');
  await page.locator('input[name="households.total"]').fill('40');
  await page.locator('input[name="households.handed_over"]').fill('10');
  await page.screenshot({ path: join(SHOTS, 'project-form.png') });
  const drawnText = await page.getByTestId('draw-area').textContent();
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();

  await page.getByTestId('project-detail').waitFor();
  await expect
    .poll(() => page.locator('[data-testid=project-detail] h2').textContent())
    .toBe('Khu dân cư Đức Xuân mở rộng');
  const id = new URL(page.url()).pathname.split('/').pop()!;
  const saved = await api<ProjectAnswer>(running.app, planner, 'GET', `/api/projects/${id}`);
  // What the form showed while drawing is what the server computed from the saved boundary.
  expect(drawnText).toBe(`Diện tích: ${viHa(saved.properties.area_ha)} ha`);
  expect(await page.getByTestId('project-area').textContent()).toBe(
    `${viHa(saved.properties.area_ha)} ha`,
  );
  expect(saved.geometry.coordinates[0]).toHaveLength(5);
  const detail = await page.getByTestId('project-detail').textContent();
  expect(detail).toContain('10/40 hộ đã bàn giao (25%)');
  expect(detail).toContain('Phường Đức Xuân');
  expect(detail).toContain('Đã thông báo thu hồi đất');
  expect(await page.getByTestId('history').textContent()).toContain('bởi Hoàng Văn Quy');

  // On the map: drawn by the projects layer, and the drawing tool is gone.
  await expect
    .poll(async () => (await rendered(page, 'projects-fill')).map((f) => f.id))
    .toContain(id);
  expect(
    await page.evaluate(() =>
      (window as unknown as { __map: import('maplibre-gl').Map }).__map
        .getStyle()
        .layers.some((l) => l.id.startsWith('boundary-draw')),
    ),
  ).toBe(false);
  await page.screenshot({ path: join(SHOTS, 'project-saved.png') });

  // In the list, with its progress.
  await page.locator('[data-testid=project-detail] button[aria-label="Đóng"]').click();
  await page.getByTestId('project-list').waitFor();
  const row = page.locator('.project-row', { hasText: 'Khu dân cư Đức Xuân mở rộng' });
  expect(await row.textContent()).toContain('10/40 hộ đã bàn giao');
  expect(await row.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('10');

  // A click on the project on the map opens it again.
  const inside = await pixelOf(page, 105.833, 22.145);
  await page.mouse.click(inside.x, inside.y);
  await page.waitForURL((url) => url.pathname === `/projects/${id}`);
  await page.getByTestId('project-detail').waitFor();

  // Corrected by dragging a corner outwards: the area grows as it moves, and the server agrees.
  await page.getByTestId('project-edit').click();
  await page.getByTestId('boundary-editor').waitFor();
  await expect.poll(() => page.getByTestId('draw-area').textContent()).toBe(drawnText);
  const [lon, lat] = saved.geometry.coordinates[0]![2]!;
  const from = await pixelOf(page, lon!, lat!);
  const to = await pixelOf(page, lon! + 0.001, lat! + 0.001);
  await page.mouse.move(from.x, from.y, { steps: 3 });
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
  await expect.poll(shown).toBeGreaterThan(saved.properties.area_ha + 1);
  const editedText = await page.getByTestId('draw-area').textContent();
  await page.screenshot({ path: join(SHOTS, 'project-vertex-dragged.png') });
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await page.getByTestId('project-detail').waitFor();
  const edited = await api<ProjectAnswer>(running.app, planner, 'GET', `/api/projects/${id}`);
  expect(edited.properties.area_ha).toBeGreaterThan(saved.properties.area_ha);
  expect(editedText).toBe(`Diện tích: ${viHa(edited.properties.area_ha)} ha`);
  await expect
    .poll(() => page.getByTestId('project-area').textContent())
    .toBe(`${viHa(edited.properties.area_ha)} ha`);
  expect(await page.getByTestId('history').textContent()).toContain('Sửa thông tin');
  expect(errors).toEqual([]);
  await context.close();
});

const kml = (coordinates: string) => `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Ranh giới</name>
<Placemark><name>Mốc</name><Point><coordinates>105.8380,22.1500,0</coordinates></Point></Placemark>
<Placemark><name>Khu tái định cư</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
${coordinates}
</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
</Document></kml>`;

test('a boundary comes from a KML file; a file without an area or a broken one says so in Vietnamese', async () => {
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 860 } });
  await signIn(context, running.app, planner);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${running.app.url}/projects/new`);
  await waitForMap(page);
  await page.getByTestId('boundary-editor').waitFor();
  const file = page.getByTestId('boundary-file');

  await file.setInputFiles({
    name: 'diem.kml',
    mimeType: 'application/vnd.google-earth.kml+xml',
    buffer: Buffer.from(
      '<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><Point><coordinates>105.83,22.14</coordinates></Point></Placemark></kml>',
    ),
  });
  await expect
    .poll(() => page.getByTestId('boundary-error').textContent())
    .toContain('Tệp không có vùng (Polygon hoặc MultiPolygon) nào');
  await file.setInputFiles({
    name: 'hong.geojson',
    mimeType: 'application/geo+json',
    buffer: Buffer.from('{"type":"FeatureCollection","features":[{"type":"Feat'),
  });
  await expect
    .poll(() => page.getByTestId('boundary-error').textContent())
    .toContain('không phải GeoJSON hợp lệ');

  const ring = [
    [105.8372, 22.1482],
    [105.8398, 22.1482],
    [105.8398, 22.1501],
    [105.8372, 22.1501],
    [105.8372, 22.1482],
  ];
  await file.setInputFiles({
    name: 'tai-dinh-cu.kml',
    mimeType: 'application/vnd.google-earth.kml+xml',
    buffer: Buffer.from(kml(ring.map(([x, y]) => `${x},${y},12`).join(' '))),
  });
  const expected = area({ type: 'Polygon', coordinates: [ring] }) / 10_000;
  await expect
    .poll(() => page.getByTestId('draw-area').textContent())
    .toBe(`Diện tích: ${viHa(Math.round(expected * 100) / 100)} ha`);
  expect(await page.getByTestId('boundary-error').count()).toBe(0);
  await page.screenshot({ path: join(SHOTS, 'project-kml.png') });

  await page.locator('[data-testid=project-form] input[name=name]').fill('Khu tái định cư Nà Pài');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await page.getByTestId('project-detail').waitFor();
  const id = new URL(page.url()).pathname.split('/').pop()!;
  const saved = await api<ProjectAnswer>(running.app, planner, 'GET', `/api/projects/${id}`);
  // The file's boundary as it was, its altitudes dropped.
  expect(saved.geometry).toEqual({ type: 'Polygon', coordinates: [ring] });
  expect(errors).toEqual([]);
  await context.close();
});

test('a blocked project stands out on the map and in the list', async () => {
  const block = (lon: number, lat: number) => ({
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + 0.003, lat],
        [lon + 0.003, lat + 0.002],
        [lon, lat + 0.002],
        [lon, lat],
      ],
    ],
  });
  const blocked = await api<ProjectAnswer>(running.app, planner, 'POST', '/api/projects', {
    type: 'Feature',
    geometry: block(105.8235, 22.14),
    properties: {
      name: 'Đường tránh phía Tây',
      land_type: 'agricultural',
      stage: 'counting',
      blocked: true,
      obstacles: [{ text: '5 hộ không đồng ý kiểm đếm' }],
      households: { total: 30, counted: 12, agreed: 0, paid: 0, handed_over: 0 },
    },
  });
  const calm = await api<ProjectAnswer>(running.app, planner, 'POST', '/api/projects', {
    type: 'Feature',
    geometry: block(105.8275, 22.14),
    properties: { name: 'Mở rộng trường tiểu học', land_type: 'other' },
  });

  const context = await running.browser.newContext({ viewport: { width: 1280, height: 860 } });
  await signIn(context, running.app, planner);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${running.app.url}/projects`);
  await waitForMap(page);
  await page.getByTestId('project-list').waitFor();
  await lookAt(page, 105.8275, 22.141, 15.5);

  // The red dashed outline and the ⚠ mark are drawn for the blocked project only.
  await expect
    .poll(async () => (await rendered(page, 'projects-attention')).map((f) => f.id))
    .toContain(blocked.id);
  const marked = (await rendered(page, 'projects-attention-mark')).map((f) => f.id);
  expect(marked).toContain(blocked.id);
  expect(marked).not.toContain(calm.id);
  expect((await rendered(page, 'projects-outline')).map((f) => f.id)).toContain(calm.id);
  expect((await rendered(page, 'projects-outline')).map((f) => f.id)).not.toContain(blocked.id);

  // In the list it comes first, with its mark.
  const first = page.locator('.project-row').first();
  expect(await first.locator('strong').textContent()).toBe('Đường tránh phía Tây');
  expect(await first.getByTestId('row-blocked').textContent()).toBe('⚠ Vướng mắc');
  await page.screenshot({ path: join(SHOTS, 'project-blocked.png') });

  await first.click();
  await page.getByTestId('project-detail').waitFor();
  expect(await page.getByTestId('obstacles').textContent()).toContain('5 hộ không đồng ý kiểm đếm');
  expect(await page.getByTestId('blocked-badge').isVisible()).toBe(true);
  await page.screenshot({ path: join(SHOTS, 'project-blocked-detail.png') });

  // The plan is posted: the next stage, dated today, and the clocks it starts appear.
  expect(await page.getByTestId('stage-next').textContent()).toBe('→ Niêm yết phương án');
  await page.getByTestId('stage-next').click();
  await page.getByTestId('stage-form').locator('input[name=note]').fill('Niêm yết tại UBND phường');
  await page.getByTestId('stage-form').getByRole('button', { name: 'Xác nhận' }).click();
  const timeline = page.getByTestId('stage-timeline');
  await expect
    .poll(() => timeline.locator('li.current strong').textContent())
    .toBe('Đã niêm yết phương án');
  const moved = await api<{
    properties: { deadlines: { key: string; date: string; label: { vi: string } }[] };
  }>(running.app, planner, 'GET', `/api/projects/${blocked.id}`);
  const dialogue = moved.properties.deadlines.find((d) => d.key === 'dialogue')!;
  const [y, m, d] = dialogue.date.split('-');
  expect(await timeline.getByTestId('deadline-dialogue').textContent()).toContain(
    `${dialogue.label.vi}: ${d}/${m}/${y}`,
  );
  // The history is asked for again once the move is saved: it comes a request after the stage.
  await expect
    .poll(() => page.getByTestId('history').textContent())
    .toContain('Chuyển bước: Đã niêm yết phương án');
  expect(await page.getByTestId('history').textContent()).toContain('Niêm yết tại UBND phường');
  await timeline.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'project-stage-moved.png') });

  // The layer panel's settings (kept in the address): hidden draws nothing, 40 % fades the fill.
  const layerState = () =>
    page.evaluate(() => {
      const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
      return map.getLayer('projects-fill')
        ? map.getPaintProperty('projects-fill', 'fill-opacity')
        : 'absent';
    });
  await page.goto(`${running.app.url}/projects?layers=violations,gaps,wards`);
  await waitForMap(page);
  await page.getByTestId('project-list').waitFor();
  expect(await layerState()).toBe('absent');
  await page.goto(`${running.app.url}/projects?layers=violations,projects:40,gaps,wards`);
  await waitForMap(page);
  await expect.poll(layerState).toBeCloseTo(0.35 * 0.4, 3);
  expect(errors).toEqual([]);
  await context.close();
});
