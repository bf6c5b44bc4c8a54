/**
 * KML 2.2's rules for what the file holds beyond its data: every id an xs:ID (an NCName, unique in
 * the document), every styleUrl and schemaUrl leading to one of them, a Style per kind and status
 * in the map's colours, and each placemark's TimeStamp the time its record is about. Debian ships
 * no KML 2.2 schema to validate against, so the rules are checked here one by one.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { violationKindCatalog } from '../../../server/domain/violations/violation-kinds.ts';
import { ALL_PERMISSIONS } from '../../../server/exports/exporter.ts';
import { bytesOf, exportFixture, FEBRUARY_IDS, type ExportFixture } from './fixture.ts';

/** XML's NCName, for the names this file may use (ASCII letters, digits, _, - and .). */
const NC_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

let fixture: ExportFixture;
let kml: string;
beforeAll(async () => {
  fixture = await exportFixture();
  const file = await fixture.exporter.open(
    { month: '2026-02', format: 'kml', public: false },
    ALL_PERMISSIONS,
  );
  kml = (await bytesOf(fixture.exporter.chunks(file))).toString('utf8');
});
afterAll(() => fixture.close());

const all = (pattern: RegExp) => [...kml.matchAll(pattern)].map((m) => m[1]!);

describe('ids', () => {
  test('every id is an NCName and names one thing only', () => {
    const ids = all(/\sid="([^"]*)"/g);
    expect(ids.length).toBeGreaterThan(FEBRUARY_IDS.length);
    for (const id of ids) expect(id).toMatch(NC_NAME);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('a placemark’s id carries its record’s; the folder and the schema of a layer differ', () => {
    for (const id of FEBRUARY_IDS) expect(kml).toContain(`<Placemark id="violations-${id}">`);
    expect(kml).toContain('<Folder id="folder-violations">');
    expect(kml).toContain('<Schema name="violations" id="schema-violations">');
  });

  test('every styleUrl and schemaUrl leads to an id of the document', () => {
    const ids = new Set(all(/\sid="([^"]*)"/g));
    const references = [...all(/<styleUrl>#([^<]*)<\/styleUrl>/g), ...all(/schemaUrl="#([^"]*)"/g)];
    expect(references.length).toBe(2 * FEBRUARY_IDS.length);
    for (const target of references) expect(ids.has(target), target).toBe(true);
  });
});

describe('styles and times', () => {
  test('a Style per kind and status, in the kind’s colour (aabbggrr), finished ones fainter', () => {
    const color = (id: string) =>
      new RegExp(`<Style id="${id}"><IconStyle><color>([0-9a-f]{8})</color>`).exec(kml)?.[1];
    const [r, g, b] = [1, 3, 5].map((i) =>
      violationKindCatalog.road_encroachment.color.slice(i, i + 2).toLowerCase(),
    );
    const open = color('violations-road_encroachment-open')!;
    const closed = color('violations-road_encroachment-closed')!;
    expect(open.slice(2)).toBe(`${b}${g}${r}`);
    expect(closed.slice(2)).toBe(`${b}${g}${r}`);
    expect(parseInt(open.slice(0, 2), 16)).toBeGreaterThan(parseInt(closed.slice(0, 2), 16));
  });

  test('each placemark has the TimeStamp of its observation and the style of its kind and status', () => {
    const placemarks = kml.split('<Placemark ').slice(1);
    expect(placemarks).toHaveLength(FEBRUARY_IDS.length);
    for (const placemark of placemarks) {
      const observed = /<SimpleData name="observed_at">([^<]*)</.exec(placemark)![1];
      expect(placemark).toContain(`<TimeStamp><when>${observed}</when></TimeStamp>`);
      const kind = /<SimpleData name="kind">([^<]*)</.exec(placemark)![1];
      expect(placemark).toMatch(
        new RegExp(`<styleUrl>#violations-${kind}-(open|fixed|closed)</styleUrl>`),
      );
      // KML 2.2's order: the time and style before the data, the geometry last.
      expect(placemark.indexOf('<TimeStamp>')).toBeLessThan(placemark.indexOf('<styleUrl>'));
      expect(placemark.indexOf('<styleUrl>')).toBeLessThan(placemark.indexOf('<ExtendedData>'));
    }
  });
});
