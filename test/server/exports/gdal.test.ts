/**
 * GDAL as the outside client of the export files: `ogrinfo` opens the GeoJSON, GeoPackage (both
 * tables, with nothing on stderr) and KML of the fixture's February with the expected counts,
 * fields and Vietnamese text.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ALL_PERMISSIONS } from '../../../server/exports/exporter.ts';
import type { ExportFormat } from '../../../server/exports/formats.ts';
import { gdalTool, layersOf, ogrSummary, runTool } from '../gdal.ts';
import {
  B_VIOLATOR,
  exportFixture,
  FEBRUARY_IDS,
  FEBRUARY_PUBLIC_IDS,
  type ExportFixture,
} from './fixture.ts';

let fixture: ExportFixture;
let dir: string;
const files: Record<string, string> = {};

beforeAll(async () => {
  gdalTool('ogrinfo');
  fixture = await exportFixture();
  dir = mkdtempSync(join(tmpdir(), 'uim-gdal-'));
  for (const format of ['geojson', 'kml', 'gpkg'] as ExportFormat[]) {
    for (const isPublic of [false, true]) {
      const file = await fixture.exporter.open(
        { month: '2026-02', format, public: isPublic },
        ALL_PERMISSIONS,
      );
      files[file.name] = join(dir, file.name);
      await fixture.exporter.write(file, files[file.name]!);
    }
  }
});
afterAll(async () => {
  await fixture?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `ogrinfo -ro -al FILE`: every feature with its fields. */
const features = (path: string) => runTool(gdalTool('ogrinfo'), ['-ro', '-al', path]);

describe('ogrinfo reads the exports', () => {
  test('GeoJSON: one layer, every feature, the fields and their types', async () => {
    const run = await ogrSummary(files['2026-02.geojson']!);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const layer = layersOf(run.stdout).get('urban-issue-map-2026-02')!;
    expect(layer.count).toBe(FEBRUARY_IDS.length);
    expect(Object.fromEntries(layer.fields)).toMatchObject({
      id: 'String',
      layer: 'String',
      kind_label: 'String',
      status_label: 'String',
      observed_at: 'DateTime',
      version: 'Integer',
      overdue: 'Integer(Boolean)',
      violator_name: 'String',
    });
    const all = await features(files['2026-02.geojson']!);
    expect(all.stderr).toBe('');
    expect(all.stdout).toContain('kind_label (String) = San ủi, san lấp trái phép');
    expect(all.stdout).toContain(`violator_name (String) = ${B_VIOLATOR.name}`);
    expect(all.stdout).toContain('ward_name (String) = Phường Đức Xuân');
    expect(all.stdout).toMatch(/POLYGON \(\(105\.76\d+ 22\.21\d+,.*\),\(105\.76/);
  });

  test('GeoPackage: the WGS84 and the VN-2000 tables, typed by shape, with no warning', async () => {
    const run = await ogrSummary(files['2026-02.gpkg']!);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const layers = layersOf(run.stdout);
    // The fixture has no clearance project, criteria gap nor petition: their tables are there,
    // empty.
    // A layer of several shapes has its mixed table and one of each shape; QGIS types a table by
    // its first feature.
    expect([...layers.keys()]).toEqual([
      'violations',
      'violations_vn2000',
      'violations_points',
      'violations_points_vn2000',
      'violations_areas',
      'violations_areas_vn2000',
      'projects',
      'projects_vn2000',
      'gaps',
      'gaps_vn2000',
      'gaps_points',
      'gaps_points_vn2000',
      'gaps_lines',
      'gaps_lines_vn2000',
      'gaps_areas',
      'gaps_areas_vn2000',
      'complaints',
      'complaints_vn2000',
      // The tables' default styles, which QGIS reads when it opens one.
      'layer_styles',
    ]);
    const geometry = (name: string) => layers.get(name)!.geometry;
    for (const suffix of ['', '_vn2000']) {
      expect(geometry(`violations${suffix}`)).toBe('Unknown (any)');
      expect(geometry(`violations_points${suffix}`)).toBe('Point');
      expect(geometry(`violations_areas${suffix}`)).toBe('Multi Polygon');
      expect(geometry(`projects${suffix}`)).toBe('Multi Polygon');
      expect(geometry(`gaps_lines${suffix}`)).toBe('Line String');
      expect(geometry(`complaints${suffix}`)).toBe('Point');
      const points = layers.get(`violations_points${suffix}`)!.count;
      const areas = layers.get(`violations_areas${suffix}`)!.count;
      expect(points).toBeGreaterThan(0);
      expect(areas).toBeGreaterThan(0);
      expect(points + areas).toBe(FEBRUARY_IDS.length);
    }
    for (const empty of ['projects', 'gaps', 'complaints']) {
      expect([layers.get(empty)!.count, layers.get(`${empty}_vn2000`)!.count]).toEqual([0, 0]);
    }
    for (const layer of [layers.get('violations')!, layers.get('violations_vn2000')!]) {
      expect(layer.count).toBe(FEBRUARY_IDS.length);
      expect(Object.fromEntries(layer.fields)).toMatchObject({
        id: 'String',
        kind_label: 'String',
        observed_at: 'DateTime',
        deadline: 'Date',
        version: 'Integer',
        overdue: 'Integer(Boolean)',
        violator_name: 'String',
      });
    }
    expect(run.stdout).toMatch(/ID\["EPSG",4326\]\]/);
    expect(run.stdout).toMatch(/PROJCRS\["VN-2000 \/ TM-3 106-30"[\s\S]*ID\["EPSG",9213\]\]/);
    // VN-2000 metres: Bắc Kạn lies west of the 106°30′ meridian and ~2450 km north.
    expect(run.stdout).toMatch(
      /Extent: \(4\d{5}\.\d+, 24\d{5}\.\d+\) - \(4\d{5}\.\d+, 24\d{5}\.\d+\)/,
    );
    const all = await features(files['2026-02.gpkg']!);
    expect(all.stderr).toBe('');
    expect(all.stdout).toContain('status_label (String) = Đã lập biên bản');
    expect(all.stdout).toContain(
      'description (String) = - Đổ đất "trái phép" <san lấp> & lấn 30 m²',
    );
  });

  test('GeoPackage: every table has its R-tree spatial index, which a box query uses', async () => {
    const file = files['2026-02.gpkg']!;
    for (const table of ['violations', 'violations_areas_vn2000', 'projects', 'gaps_lines']) {
      const run = await runTool(gdalTool('ogrinfo'), [
        '-ro',
        file,
        '-sql',
        `SELECT HasSpatialIndex('${table}', 'geom')`,
      ]);
      expect(run.stderr, table).toBe('');
      expect(run.stdout, table).toContain('HasSpatialIndex (Integer) = 1');
    }
    // A box around nothing but the areas finds them by the index, and the same as without it.
    const areas = await runTool(gdalTool('ogrinfo'), ['-ro', '-so', file, 'violations_areas']);
    const extent = /^Extent: \(([\d.]+), ([\d.]+)\) - \(([\d.]+), ([\d.]+)\)$/m.exec(areas.stdout)!;
    const inBox = await runTool(gdalTool('ogrinfo'), [
      '-ro',
      '-so',
      '-spat',
      ...extent.slice(1, 5),
      file,
      'violations',
    ]);
    expect(inBox.stderr).toBe('');
    expect(layersOf(inBox.stdout).get('violations')!.count).toBeGreaterThanOrEqual(
      layersOf(areas.stdout).get('violations_areas')!.count,
    );
  });

  test('GeoPackage, public: one fewer feature and no violator column', async () => {
    const run = await ogrSummary(files['2026-02-public.gpkg']!);
    expect(run.stderr).toBe('');
    const layers = layersOf(run.stdout);
    for (const layer of [layers.get('violations')!, layers.get('violations_vn2000')!]) {
      expect(layer.count).toBe(FEBRUARY_PUBLIC_IDS.length);
      expect(layer.fields.has('violator_name')).toBe(false);
      expect(layer.fields.has('notes')).toBe(false);
    }
  });

  test('KML: a folder of placemarks with the schema fields and Vietnamese text', async () => {
    const run = await ogrSummary(files['2026-02.kml']!);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const layer = layersOf(run.stdout).get('Vi phạm trật tự đô thị')!;
    expect(layer.count).toBe(FEBRUARY_IDS.length);
    for (const field of ['id', 'kind_label', 'status_label', 'ward_name', 'violator_name']) {
      expect(layer.fields.has(field), field).toBe(true);
    }
    const all = await features(files['2026-02.kml']!);
    expect(all.stderr).toBe('');
    expect(all.stdout).toContain('Name (String) = San ủi, san lấp trái phép');
    expect(all.stdout).toContain('overdue (Integer) = 1');
    expect(all.stdout).toContain('description (String) = - Đổ đất "trái phép" <san lấp> & lấn');
    expect(all.stdout).toContain('ward_name (String) = Xã Phong Quang');
  });

  test('KML, public: no violator', async () => {
    const all = await features(files['2026-02-public.kml']!);
    expect(all.stderr).toBe('');
    expect(all.stdout).not.toContain(B_VIOLATOR.name);
    expect(all.stdout.match(/^OGRFeature/gm)).toHaveLength(FEBRUARY_PUBLIC_IDS.length);
  });
});
