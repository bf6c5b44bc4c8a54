/**
 * Golden files of every export format, full and public, for February 2026 of the fixture
 * (test/fixtures/exports/). Run with REGEN=1 to rewrite them, then review the diff. Beside them:
 * which records a month holds and in which state, what the public view leaves out, and that an
 * ended month exported again gives the same bytes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { toVn2000, VN2000_NAME } from '../../../server/domain/vn2000.ts';
import { ALL_PERMISSIONS } from '../../../server/exports/exporter.ts';
import type { ExportFormat } from '../../../server/exports/formats.ts';
import {
  B_DESCRIPTION,
  B_NOTE,
  B_VIOLATOR,
  bytesOf,
  exportFixture,
  FEBRUARY_IDS,
  FEBRUARY_PUBLIC_IDS,
  IDS,
  type ExportFixture,
} from './fixture.ts';
import { dumpGeoPackage } from './gpkg-dump.ts';

const GOLDEN = new URL('../../fixtures/exports/', import.meta.url);
const FORMATS: ExportFormat[] = ['geojson', 'csv', 'kml', 'gpkg'];

let fixture: ExportFixture;
let out: string;
beforeAll(async () => {
  fixture = await exportFixture();
  out = mkdtempSync(join(tmpdir(), 'uim-golden-'));
});
afterAll(async () => {
  await fixture.close();
  rmSync(out, { recursive: true, force: true });
});

/** The file's bytes as the API sends them (a GeoPackage through its temporary file). */
function fileOf(month: string, format: ExportFormat, isPublic = false) {
  return fixture.exporter.open({ month, format, public: isPublic }, ALL_PERMISSIONS);
}
const bytes = async (month: string, format: ExportFormat, isPublic = false) =>
  bytesOf(fixture.exporter.chunks(await fileOf(month, format, isPublic)));
const text = async (month: string, format: ExportFormat, isPublic = false) =>
  (await bytes(month, format, isPublic)).toString('utf8');

/** A GeoPackage written to disk, as the archive writes it. */
async function geoPackage(month: string, isPublic = false): Promise<string> {
  const path = join(out, `${crypto.randomUUID()}.gpkg`);
  await fixture.exporter.write(await fileOf(month, 'gpkg', isPublic), path);
  return path;
}

describe('golden files', () => {
  const cases = FORMATS.flatMap((format) =>
    [false, true].map((isPublic) => ({ format, isPublic })),
  );
  test.each(cases)('February 2026 as $format (public: $isPublic)', async ({ format, isPublic }) => {
    const file = await fileOf('2026-02', format, isPublic);
    const actual =
      format === 'gpkg'
        ? dumpGeoPackage(await geoPackage('2026-02', isPublic))
        : await text('2026-02', format, isPublic);
    const golden = new URL(format === 'gpkg' ? `${file.name}.txt` : file.name, GOLDEN);
    if (process.env.REGEN) writeFileSync(golden, actual);
    expect(actual).toBe(readFileSync(golden, 'utf8'));
  });
});

describe("a month's records", () => {
  test('one feature per record created or changed in the month, by id, with its layer', async () => {
    const collection = JSON.parse(await text('2026-02', 'geojson'));
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features.map((f: { id: string }) => f.id)).toEqual(FEBRUARY_IDS);
    for (const f of collection.features) expect(f.properties.layer).toBe('violations');
  });

  test("each in its state at the month's end, not as it is now", async () => {
    const features = JSON.parse(await text('2026-02', 'geojson')).features;
    const a = features.find((f: { id: string }) => f.id === IDS.a).properties;
    expect(a).toMatchObject({
      status: 'recorded',
      status_label: 'Đã lập biên bản',
      description: 'Lấn chiếm lòng đường bán hàng',
      record_number: '12/BB-TTĐT',
      record_date: '2026-02-05',
      version: 3,
      reported_by: 'lan',
    });
    // The penalty decision was due 7 working days after the record: overdue by 28 February.
    expect(a.deadline < '2026-02-28').toBe(true);
    expect(a.overdue).toBe(true);
    const e = features.find((f: { id: string }) => f.id === IDS.e).properties;
    expect(e.archived_at).toBe('2026-02-20T03:00:00.000Z');
  });

  test('the full view has the violator and the notes; the public view has neither column', async () => {
    const full = JSON.parse(await text('2026-02', 'geojson'));
    const b = full.features.find((f: { id: string }) => f.id === IDS.b).properties;
    expect(b).toMatchObject({
      description: B_DESCRIPTION,
      violator_name: B_VIOLATOR.name,
      violator_id_number: B_VIOLATOR.id_number,
      notes: `10/02/2026: ${B_NOTE}`,
    });
    const pub = JSON.parse(await text('2026-02', 'geojson', true));
    expect(pub.view).toBe('public');
    expect(pub.features.map((f: { id: string }) => f.id)).toEqual(FEBRUARY_PUBLIC_IDS);
    const hidden = ['violator_name', 'notes', 'reported_by', 'record_number', 'archived_at'];
    for (const f of pub.features) {
      for (const key of hidden) expect(f.properties).not.toHaveProperty(key);
    }
    const publicText = await text('2026-02', 'csv', true);
    for (const secret of [B_VIOLATOR.name, B_VIOLATOR.id_number, B_NOTE, '12/BB-TTĐT']) {
      expect(publicText).not.toContain(secret);
    }
    // The username as a cell: column names such as land_type hold the letters "lan".
    expect(publicText.split(/[,\r\n]/)).not.toContain('lan');
  });

  test('the current month is exported as it stands, marked provisional', async () => {
    const file = await fileOf('2026-03', 'geojson');
    expect(file.name).toBe('2026-03-provisional.geojson');
    const march = JSON.parse(await text('2026-03', 'geojson'));
    expect(march.final).toBe(false);
    expect(march.title).toMatch(/tạm tính/);
    expect(march.features.map((f: { id: string }) => f.id)).toEqual([IDS.a, IDS.g]);
  });

  test('a month with no change is an empty, valid collection', async () => {
    const december = JSON.parse(await text('2025-12', 'geojson'));
    expect(december).toMatchObject({ type: 'FeatureCollection', features: [], final: true });
  });
});

describe('an ended month exported again gives the same bytes', () => {
  test.each(['geojson', 'csv', 'kml'] as const)('%s', async (format) => {
    const first = await bytes('2026-02', format);
    fixture.clock.set('2026-07-01T00:00:00.000Z');
    const again = await bytes('2026-02', format);
    fixture.clock.set('2026-03-10T03:00:00.000Z');
    expect(again.equals(first)).toBe(true);
  });

  test('gpkg, written to disk or sent', async () => {
    const first = readFileSync(await geoPackage('2026-02'));
    fixture.clock.set('2026-07-01T00:00:00.000Z');
    const again = readFileSync(await geoPackage('2026-02'));
    const sent = await bytes('2026-02', 'gpkg');
    fixture.clock.set('2026-03-10T03:00:00.000Z');
    expect(again.equals(first)).toBe(true);
    expect(sent.equals(first)).toBe(true);
  });
});

/** A CSV row's cells, quoted ones unquoted (RFC 4180). */
function cells(row: string): string[] {
  return [...row.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)]
    .slice(0, -1)
    .map(([, cell]) => (cell!.startsWith('"') ? cell!.slice(1, -1).replaceAll('""', '"') : cell!));
}

describe('CSV for Excel', () => {
  test('UTF-8 with a byte-order mark, CRLF after every row', async () => {
    const csv = await bytes('2026-02', 'csv');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = csv.toString('utf8').slice(1).split('\r\n');
    expect(rows.pop()).toBe('');
    expect(rows).toHaveLength(1 + FEBRUARY_IDS.length);
    // B's description holds a line break: inside its quoted cell, not as a row end.
    expect(rows.filter((r) => r.includes('\n'))).toHaveLength(1);
  });

  test('VN-2000 columns named for what they hold, computed from lon/lat, the CRS on every row', async () => {
    const [header, ...rows] = (await text('2026-02', 'csv')).slice(1).trim().split('\r\n');
    const columns = header!.split(',');
    expect(columns.slice(0, 8)).toEqual([
      'layer',
      'id',
      'geometry_type',
      'lon',
      'lat',
      'vn2000_x_northing_m',
      'vn2000_y_easting_m',
      'vn2000_crs',
    ]);
    const d = rows.find((r) => r.includes(IDS.d))!.split(',');
    const { northing, easting } = toVn2000(Number(d[3]), Number(d[4]));
    expect(Number(d[5])).toBeCloseTo(northing, 2);
    expect(Number(d[6])).toBeCloseTo(easting, 2);
    expect(Number(d[5])).toBeGreaterThan(2_400_000);
    expect(d[7]).toBe(VN2000_NAME);
  });

  test('each time is followed by the same time in Việt Nam, as a spreadsheet reads a date and time', async () => {
    const [header, ...rows] = (await text('2026-02', 'csv')).slice(1).trim().split('\r\n');
    const columns = header!.split(',');
    const at = (name: string) => columns.indexOf(name);
    for (const name of ['observed_at', 'created_at', 'updated_at']) {
      expect(at(`${name}_local`), name).toBe(at(name) + 1);
    }
    // Dates (a deadline) are days already: no second column.
    expect(at('deadline_local')).toBe(-1);
    const d = cells(rows.find((r) => r.startsWith(`violations,${IDS.d},`))!);
    const utc = d[at('observed_at')]!;
    const local = d[at('observed_at_local')]!;
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(Date.parse(`${local.replace(' ', 'T')}+07:00`)).toBe(Date.parse(utc));
  });

  test('Vietnamese labels of kind and status; text that Excel would run as a formula stays text', async () => {
    const csv = await text('2026-02', 'csv');
    expect(csv).toContain('San ủi, san lấp trái phép');
    expect(csv).toContain('Đã lập biên bản');
    expect(csv).toContain(`"'- Đổ đất ""trái phép"" <san lấp> & lấn 30 m² đất công\nđ/Đ: Đức Xuân`);
  });
});

describe('KML', () => {
  test('escapes markup and drops what XML cannot hold', async () => {
    const kml = await text('2026-02', 'kml');
    expect(kml).toContain('&quot;trái phép&quot; &lt;san lấp&gt; &amp; lấn 30 m²');
    expect(kml).not.toContain('\u0001');
    expect(kml).toContain('Đức Xuân\uFFFD');
    expect(kml).toContain('<innerBoundaryIs>');
  });
});
