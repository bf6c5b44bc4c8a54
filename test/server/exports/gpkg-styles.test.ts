/**
 * A GeoPackage's default styles, as QGIS reads them from `layer_styles`: one for each table of one
 * shape (none for a mixed one), QML and SLD both well-formed XML, a rule per class of the layer's
 * style in the map's colours, and rules that share the records out: each record meets exactly one
 * (a QGIS filter of this form is also SQL, so SQLite checks it on the table itself).
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { violationKindCatalog } from '../../../server/domain/violations/violation-kinds.ts';
import { ALL_PERMISSIONS } from '../../../server/exports/exporter.ts';
import { violationLayer } from '../../../server/exports/violation-layer.ts';
import { exportFixture, FEBRUARY_IDS, type ExportFixture } from './fixture.ts';

interface StyleRow {
  f_table_name: string;
  styleQML: string;
  styleSLD: string;
  useAsDefault: number;
}

let fixture: ExportFixture;
let dir: string;
let db: Database.Database;
let styles: StyleRow[];
beforeAll(async () => {
  fixture = await exportFixture();
  dir = mkdtempSync(join(tmpdir(), 'uim-styles-'));
  const path = join(dir, '2026-02.gpkg');
  const file = await fixture.exporter.open(
    { month: '2026-02', format: 'gpkg', public: false },
    ALL_PERMISSIONS,
  );
  await fixture.exporter.write(file, path);
  db = new Database(path, { readonly: true });
  styles = db.prepare('SELECT * FROM layer_styles ORDER BY id').all() as StyleRow[];
});
afterAll(async () => {
  db?.close();
  await fixture.close();
  rmSync(dir, { recursive: true, force: true });
});

/** xmllint's verdict on a document: '' when well-formed. */
function xmlErrors(text: string): string {
  const path = join(dir, `${crypto.randomUUID()}.xml`);
  writeFileSync(path, text);
  const run = spawnSync('xmllint', ['--noout', path], { encoding: 'utf8' });
  if (run.error) {
    throw new Error(
      'xmllint is missing. Install it with (as root): apt-get install -y libxml2-utils',
    );
  }
  return run.stderr;
}

describe('which tables have a style', () => {
  test('every table of one shape, in both CRSs, as its default; the mixed ones none', () => {
    const tables = styles.map((s) => s.f_table_name);
    for (const table of [
      'violations_points',
      'violations_areas_vn2000',
      'projects',
      'gaps_lines',
      'gaps_areas_vn2000',
      'complaints',
    ]) {
      expect(tables).toContain(table);
    }
    expect(tables).not.toContain('violations');
    expect(tables).not.toContain('gaps_vn2000');
    expect(new Set(tables).size).toBe(tables.length);
    expect(styles.every((s) => s.useAsDefault === 1)).toBe(true);
  });
});

describe('what a style says', () => {
  test('QML and SLD are well-formed XML', () => {
    for (const s of styles) {
      expect(xmlErrors(s.styleQML), `${s.f_table_name} QML`).toBe('');
      expect(xmlErrors(s.styleSLD), `${s.f_table_name} SLD`).toBe('');
    }
  });

  test('a rule per class, with its Vietnamese label and the kind’s colour', () => {
    const points = styles.find((s) => s.f_table_name === 'violations_points')!;
    const classes = violationLayer.style.classes;
    expect(points.styleQML.match(/<rule /g)).toHaveLength(classes.length);
    expect(points.styleSLD.match(/<se:Rule>/g)).toHaveLength(classes.length);
    expect(points.styleQML).toContain('type="marker"');
    const hex = violationKindCatalog.road_encroachment.color;
    const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(',');
    expect(points.styleQML).toContain(`<prop k="color" v="${rgb},242"/>`);
    expect(points.styleQML).toContain('label="Lấn chiếm lòng đường — đang xử lý"');
    expect(points.styleSLD).toContain(`<se:SvgParameter name="fill">${hex}</se:SvgParameter>`);
    const areas = styles.find((s) => s.f_table_name === 'violations_areas')!;
    expect(areas.styleQML).toContain('type="fill"');
    expect(areas.styleSLD).toContain('<se:PolygonSymbolizer>');
  });

  test('the rules share the records out: each meets exactly one', () => {
    const rulesOf = (table: string) =>
      [...styles.find((s) => s.f_table_name === table)!.styleQML.matchAll(/filter="([^"]*)"/g)].map(
        (m) =>
          m[1]!
            .replace(/&quot;/g, '"')
            .replace(/&apos;/g, "'")
            .replace(/&amp;/g, '&'),
      );
    const count = (table: string, where = '1') =>
      db.prepare(`SELECT count(*) FROM "${table}" WHERE ${where}`).pluck().get() as number;
    // The mixed table holds every record: the rules of either shape share it out too.
    for (const [styled, table] of [
      ['violations_points', 'violations_points'],
      ['violations_areas', 'violations_areas'],
      ['violations_points', 'violations'],
    ] as const) {
      const matched = rulesOf(styled).map((rule) => count(table, rule));
      expect(
        matched.reduce((a, b) => a + b, 0),
        table,
      ).toBe(count(table));
    }
    expect(count('violations')).toBe(FEBRUARY_IDS.length);
  });
});
