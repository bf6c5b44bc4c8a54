/**
 * The criteria-gaps layer in every export format, full and public, for February 2026 of the gap
 * fixture: golden files (REGEN=1 rewrites them; review the diff), the month's states, what the
 * public view leaves out, and GDAL reading a line and a gap with no place as they are.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ALL_PERMISSIONS } from '../../../server/exports/exporter.ts';
import type { ExportFormat } from '../../../server/exports/formats.ts';
import { gdalTool, runTool } from '../gdal.ts';
import { bytesOf, type ExportFixture } from './fixture.ts';
import { dumpGeoPackage } from './gpkg-dump.ts';
import {
  FEBRUARY_GAPS,
  FEBRUARY_PUBLIC_GAPS,
  GAP_IDS,
  gapExportFixture,
  MINH,
} from './gap-fixture.ts';

const GOLDEN = new URL('../../fixtures/exports/', import.meta.url);
const FORMATS: ExportFormat[] = ['geojson', 'csv', 'kml', 'gpkg'];

let fixture: ExportFixture;
let out: string;
beforeAll(async () => {
  fixture = await gapExportFixture();
  out = mkdtempSync(join(tmpdir(), 'uim-gap-golden-'));
});
afterAll(async () => {
  await fixture.close();
  rmSync(out, { recursive: true, force: true });
});

const fileOf = (format: ExportFormat, isPublic = false) =>
  fixture.exporter.open(
    { month: '2026-02', format, public: isPublic, layers: ['gaps'] },
    ALL_PERMISSIONS,
  );
const text = async (format: ExportFormat, isPublic = false) =>
  (await bytesOf(fixture.exporter.chunks(await fileOf(format, isPublic)))).toString('utf8');

async function geoPackage(isPublic = false): Promise<string> {
  const path = join(out, `${crypto.randomUUID()}.gpkg`);
  await fixture.exporter.write(await fileOf('gpkg', isPublic), path);
  return path;
}

describe('golden files', () => {
  const cases = FORMATS.flatMap((format) =>
    [false, true].map((isPublic) => ({ format, isPublic })),
  );
  test.each(cases)(
    'gaps, February 2026 as $format (public: $isPublic)',
    async ({ format, isPublic }) => {
      const file = await fileOf(format, isPublic);
      expect(file.name).toBe(`2026-02-gaps${isPublic ? '-public' : ''}.${format}`);
      const actual =
        format === 'gpkg'
          ? dumpGeoPackage(await geoPackage(isPublic))
          : await text(format, isPublic);
      const golden = new URL(format === 'gpkg' ? `${file.name}.txt` : file.name, GOLDEN);
      if (process.env.REGEN) writeFileSync(golden, actual);
      expect(actual).toBe(readFileSync(golden, 'utf8'));
    },
  );
});

describe("a month's gaps", () => {
  test("each gap changed in the month, in its state at the month's end", async () => {
    const collection = JSON.parse(await text('geojson'));
    expect(collection.features.map((f: { id: string }) => f.id)).toEqual(FEBRUARY_GAPS);
    const [g1, g2, g3] = collection.features;
    expect(g1.geometry.type).toBe('LineString');
    expect(g1.properties).toMatchObject({
      layer: 'gaps',
      standard: 'III.09',
      standard_name: 'Mật độ đường cống thoát nước chính',
      status: 'planned',
      status_label: 'Đã có kế hoạch',
      // March's new measurement is not in February's file.
      current_value: '2.4',
      ward_codes: '2025-01840',
      version: 2,
      created_by: MINH.username,
    });
    expect(g2.geometry).toBeNull();
    expect(g2.properties).toMatchObject({
      scope: 'urban',
      current_value: 'none',
      ward_codes: '2025-01843, 2025-01840',
    });
    expect(g3.properties.archived_at).toBe('2026-02-20T03:00:00.000Z');
  });

  test('the public view has no names and no archived gaps', async () => {
    const collection = JSON.parse(await text('geojson', true));
    expect(collection.features.map((f: { id: string }) => f.id)).toEqual(FEBRUARY_PUBLIC_GAPS);
    for (const f of collection.features) {
      expect(f.properties).not.toHaveProperty('created_by');
      expect(f.properties).not.toHaveProperty('archived_at');
    }
  });

  test('CSV leaves a gap with no place without a position; KML writes a line', async () => {
    const rows = (await text('csv')).split('\r\n');
    const g2 = rows.find((r) => r.includes(GAP_IDS.g2))!;
    expect(g2.startsWith(`gaps,${GAP_IDS.g2},,,,,,`)).toBe(true);
    const kml = await text('kml');
    expect(kml).toMatch(/<LineString><coordinates>105\.\d+,22\.\d+ /);
  });

  test('ogrinfo opens the GeoPackage with no warning: a line, a gap with no place, both CRSs', async () => {
    const path = await geoPackage();
    const run = await runTool(gdalTool('ogrinfo'), ['-ro', '-al', '-q', path]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('LINESTRING (105.');
    expect(run.stdout).toMatch(/LINESTRING \(4\d{5}\.\d+ 24\d{5}\./);
    expect(run.stdout).toContain('POLYGON ((105.');
    // The gap of the whole urban area: its feature has its fields and no geometry at all.
    const noPlace = run.stdout
      .split('OGRFeature(')
      .filter((f) => f.includes('Chưa có nhà tang lễ'));
    expect(noPlace).toHaveLength(2);
    for (const f of noPlace) expect(f).not.toMatch(/POINT|LINESTRING|POLYGON/);
  });
});
