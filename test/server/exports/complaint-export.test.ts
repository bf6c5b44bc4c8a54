/**
 * Petitions leave the office without who sent them: the month's export (staff and public) and
 * the OGC API collection carry where, what, the steps and the clocks, never the petitioner nor
 * the content; GDAL reads the layer as QGIS would.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gdalTool, runTool } from '../gdal.ts';
import { call, testAppWith } from '../helpers.ts';
import { complaintBody } from '../complaint-fixtures.ts';

const PRIVATE = ['Nguyễn Văn An', '0912345678', 'Tổ 5', 'không đồng ý'];

/** Two officers who receive petitions, to tell the one handling a case from the other. */
const OFFICERS = {
  complaints_officer: ['complaints_officer'],
  complaints_officer_2: ['complaints_officer'],
} as const;
const complaintsApp = () => testAppWith(OFFICERS);
let t: Awaited<ReturnType<typeof complaintsApp>>;
let out: string;
let ids: string[];
beforeAll(async () => {
  t = await complaintsApp();
  out = mkdtempSync(join(tmpdir(), 'uim-complaint-export-'));
  const clerk = t.as('complaints_officer');
  ids = [];
  for (const extra of [{}, { type: 'denunciation' }, { type: 'petition', received_via: 'post' }]) {
    const answer = await call(clerk, 'POST', '/api/complaints', complaintBody(extra));
    expect(answer.status).toBe(201);
    ids.push(answer.body.id);
  }
  expect(
    (await call(clerk, 'POST', `/api/complaints/${ids[0]}/step`, { to: 'accepted' })).status,
  ).toBe(200);
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

const exportOf = async (query: string) => {
  const res = await t.app.request(`/api/exports/2026-03.geojson?layer=complaints${query}`);
  expect(res.status).toBe(200);
  return res.text();
};

describe('the petitions layer', () => {
  test.each([
    ['staff', ''],
    ['public', '&public=true'],
  ])(
    'the %s export holds every petition, its steps and clocks, and no one who sent it',
    async (_, query) => {
      const text = await exportOf(query);
      for (const secret of PRIVATE) expect(text).not.toContain(secret);
      const features = JSON.parse(text).features as {
        id: string;
        properties: Record<string, unknown>;
      }[];
      expect(features.map((f) => f.id).sort()).toEqual([...ids].sort());
      const accepted = features.find((f) => f.id === ids[0])!.properties;
      expect(accepted).toMatchObject({
        layer: 'complaints',
        type: 'complaint',
        type_label: 'Khiếu nại',
        status: 'accepted',
        status_label: 'Đã thụ lý',
        received_on: '2026-03-10',
        accepted_on: '2026-03-10',
        overdue: false,
        ward_codes: '2025-01840',
      });
      expect(Object.keys(accepted)).not.toContain('petitioner');
      expect('handler' in accepted).toBe(query === '');
    },
  );

  test('the OGC API collection answers the public the same way', async () => {
    const res = await t.as('anonymous').request('/ogc/collections/complaints/items?limit=10');
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const secret of PRIVATE) expect(text).not.toContain(secret);
    expect(JSON.parse(text).numberMatched).toBe(3);
  });

  test('ogrinfo reads the GeoPackage layer, each petition a row', async () => {
    const res = await t.app.request('/api/exports/2026-03.gpkg?layer=complaints');
    expect(res.status).toBe(200);
    const path = join(out, 'complaints.gpkg');
    writeFileSync(path, Buffer.from(await res.arrayBuffer()));
    const run = await runTool(gdalTool('ogrinfo'), ['-ro', '-so', '-al', path]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Layer name: complaints');
    expect(run.stdout).toMatch(/Feature Count: 3/);
    expect(run.stdout).toContain('subject: String');
  });
});
