/**
 * The clearance-projects layer in every export format, full and public, for February 2026 of the
 * project fixture: golden files (REGEN=1 rewrites them; review the diff), the month's states, what
 * the public view leaves out, and GDAL reading the multipolygon as it is.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ALL_PERMISSIONS } from '../../../server/exports/exporter.ts';
import type { ExportFormat } from '../../../server/exports/formats.ts';
import { gdalTool, runTool } from '../gdal.ts';
import type { ExportFixture } from './fixture.ts';
import { bytesOf } from './fixture.ts';
import { dumpGeoPackage } from './gpkg-dump.ts';
import {
  FEBRUARY_PROJECTS,
  FEBRUARY_PUBLIC_PROJECTS,
  HA,
  P2_OBSTACLE,
  PROJECT_IDS,
  projectExportFixture,
} from './project-fixture.ts';

const GOLDEN = new URL('../../fixtures/exports/', import.meta.url);
const FORMATS: ExportFormat[] = ['geojson', 'csv', 'kml', 'gpkg'];

let fixture: ExportFixture;
let out: string;
beforeAll(async () => {
  fixture = await projectExportFixture();
  out = mkdtempSync(join(tmpdir(), 'uim-project-golden-'));
});
afterAll(async () => {
  await fixture.close();
  rmSync(out, { recursive: true, force: true });
});

const fileOf = (format: ExportFormat, isPublic = false, month = '2026-02') =>
  fixture.exporter.open({ month, format, public: isPublic, layers: ['projects'] }, ALL_PERMISSIONS);
const text = async (format: ExportFormat, isPublic = false, month = '2026-02') =>
  (await bytesOf(fixture.exporter.chunks(await fileOf(format, isPublic, month)))).toString('utf8');

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
    'projects, February 2026 as $format (public: $isPublic)',
    async ({ format, isPublic }) => {
      const file = await fileOf(format, isPublic);
      expect(file.name).toBe(`2026-02-projects${isPublic ? '-public' : ''}.${format}`);
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

describe("a month's projects", () => {
  test("each project changed in the month, in its state at the month's end", async () => {
    const collection = JSON.parse(await text('geojson'));
    expect(collection.features.map((f: { id: string }) => f.id)).toEqual(FEBRUARY_PROJECTS);
    const [p1, p2, p3] = collection.features.map(
      (f: { properties: Record<string, unknown> }) => f.properties,
    );
    expect(p1).toMatchObject({
      layer: 'projects',
      name: 'Kè suối Nông Thượng',
      stage: 'counting',
      stage_label: 'Đang kiểm đếm',
      announced_date: '2025-01-15',
      counting_date: '2026-02-04',
      land_type_label: 'Đất phi nông nghiệp, đất khác',
      ward_codes: '2025-01843',
      version: 2,
      // The notice lapsed on 15/1/2026 with no approval.
      next_deadline: '2026-01-15',
      overdue: true,
      created_by: HA.username,
    });
    expect(Math.abs((p1.area_ha as number) - 1.44)).toBeLessThanOrEqual(0.01);
    expect(p2).toMatchObject({
      blocked: true,
      obstacles: `09/02/2026: ${P2_OBSTACLE}`,
      ward_codes: '2025-01840, 2025-01849',
      households_total: 30,
      households_agreed: 21,
      overdue: false,
    });
    expect(collection.features[1].geometry.type).toBe('MultiPolygon');
    expect(p3.archived_at).toBe('2026-02-20T03:00:00.000Z');
  });

  test('the public view keeps the blocked flag but has no obstacles, names or archived projects', async () => {
    const pub = JSON.parse(await text('geojson', true));
    expect(pub.features.map((f: { id: string }) => f.id)).toEqual(FEBRUARY_PUBLIC_PROJECTS);
    expect(pub.features[1].properties.blocked).toBe(true);
    for (const f of pub.features) {
      for (const key of ['obstacles', 'created_by', 'archived_at'])
        expect(f.properties).not.toHaveProperty(key);
    }
    for (const format of FORMATS.filter((f) => f !== 'gpkg')) {
      const body = await text(format, true);
      expect(body).not.toContain(P2_OBSTACLE);
      expect(body).not.toContain(PROJECT_IDS.p3);
    }
  });

  test('KML writes a multipolygon as a MultiGeometry of polygons', async () => {
    const kml = await text('kml');
    expect(kml).toMatch(
      /<MultiGeometry><Polygon>.*<\/Polygon><Polygon>.*<\/Polygon><\/MultiGeometry>/,
    );
    expect(kml).toContain('&quot;vành đai&quot; &lt;Đức Xuân&gt; &amp; Phong Quang');
  });

  test('every export of all layers holds the projects too', async () => {
    const all = JSON.parse(
      (
        await bytesOf(
          fixture.exporter.chunks(
            await fixture.exporter.open(
              { month: '2026-02', format: 'geojson', public: false },
              ALL_PERMISSIONS,
            ),
          ),
        )
      ).toString('utf8'),
    );
    expect(all.features.map((f: { id: string }) => f.id)).toEqual(FEBRUARY_PROJECTS);
    expect(all.title).toContain('Dự án giải phóng mặt bằng');
  });
});

describe('GDAL reads the projects', () => {
  test('ogrinfo opens the GeoPackage with no warning: multipolygons, areas, both CRSs', async () => {
    const path = await geoPackage();
    const run = await runTool(gdalTool('ogrinfo'), ['-ro', '-al', '-q', path]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('MULTIPOLYGON (((105.');
    expect(run.stdout).toMatch(/area_ha \(Real\) = 1\.4\d/);
    // The VN-2000 table: the same polygons in metres.
    expect(run.stdout).toMatch(/MULTIPOLYGON \(\(\(4\d{5}\.\d+ 24\d{5}\./);
  });
});
