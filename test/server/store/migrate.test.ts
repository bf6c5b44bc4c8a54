import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bbox as turfBbox } from '@turf/bbox';
import type { BBox } from 'geojson';
import { afterEach, describe, expect, test } from 'vitest';
import { openDatabase, type Db } from '../../../server/store/sqlite/database.ts';
import { loadMigrations, migrate } from '../../../server/store/sqlite/migrate.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { positions } from '../../../server/store/sqlite/violation-positions.ts';
import { boxRead } from '../../../server/store/sqlite/violation-box.ts';
import { SqliteViolationRepository } from '../../../server/store/sqlite/violation-repository.ts';
import type { Violation } from '../../../server/domain/violations/violation.ts';
import { insideWard, makeViolation, START } from '../helpers.ts';
import { gridSquare, projectBody } from '../project-fixtures.ts';
import { newProject } from '../../../server/domain/projects/project-changes.ts';
import type { ProjectCreate } from '../../../server/domain/projects/project.ts';
import { projectKind } from '../../../server/domain/projects/project-kind.ts';
import { SqliteRecordRepository } from '../../../server/store/sqlite/record-repository.ts';

/**
 * A violation's row as the store wrote it before migration 012 (no box of its own), with no
 * R*Tree row yet; answers its key.
 */
function writeRowAsBefore(db: Db, v: Violation): number | bigint {
  const p = v.properties;
  return db
    .prepare(
      `INSERT INTO violations (id, kind, status, geom_type, observed_at, created_at,
       updated_at, archived_at, version, geometry, properties)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    )
    .run(
      v.id,
      p.kind,
      p.status,
      v.geometry.type,
      p.observed_at,
      p.created_at,
      p.updated_at,
      p.archived_at,
      JSON.stringify(v.geometry),
      JSON.stringify(p),
    ).lastInsertRowid;
}

const tables = (db: Db) =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];

describe('migrations', () => {
  test('are numbered NNN, in order, each once', () => {
    const versions = loadMigrations().map((m) => m.version);
    expect(versions.length).toBeGreaterThan(0);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(loadMigrations()[0]).toMatchObject({ version: 1, name: 'violations' });
  });

  test('are applied once and recorded; a second run applies nothing', () => {
    const db = openDatabase(':memory:');
    const all = loadMigrations().map((m) => m.version);
    expect(migrate(db)).toEqual(all);
    expect(migrate(db)).toEqual([]);
    const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual(loadMigrations().map(({ version, name }) => ({ version, name })));
    expect(tables(db)).toEqual(
      expect.arrayContaining(['violations', 'versions', 'violations_rtree', 'violations_fts']),
    );
  });

  test('a failing migration leaves nothing behind and is not recorded', () => {
    const db = openDatabase(':memory:');
    const broken = {
      version: 900,
      name: 'broken',
      sql: 'CREATE TABLE half (a); INSERT INTO missing VALUES (1);',
    };
    expect(() => migrate(db, [broken])).toThrow();
    expect(tables(db)).not.toContain('half');
    expect(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(0);
  });

  test('only the missing ones run on a database that has some', () => {
    const db = openDatabase(':memory:');
    const first = { version: 1, name: 'a', sql: 'CREATE TABLE a (x);' };
    const second = { version: 2, name: 'b', sql: 'CREATE TABLE b (x);' };
    expect(migrate(db, [first])).toEqual([1]);
    expect(migrate(db, [first, second])).toEqual([2]);
    expect(tables(db)).toEqual(expect.arrayContaining(['a', 'b']));
  });
});

describe('the database', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('opens with WAL and foreign keys on', () => {
    dir = mkdtempSync(join(tmpdir(), 'uim-'));
    const db = openDatabase(join(dir, 'test.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  test('a store reopened from its file keeps its records and migrates nothing again', async () => {
    dir = mkdtempSync(join(tmpdir(), 'uim-'));
    const file = join(dir, 'test.sqlite');
    const v = makeViolation();
    // One reader: each takes a second or two to start, and the migrations are what is tested.
    const first = createSqliteStore(file, { readers: 1 });
    await first.violations.insert(v, 'create', { user: null, at: '2026-03-10T03:00:00.000Z' });
    await first.close();
    const again = createSqliteStore(file, { readers: 1 });
    expect(await again.violations.get(v.id)).toEqual(v);
    expect(await again.violations.history(v.id)).toHaveLength(1);
    await again.close();
    const db = openDatabase(file);
    expect(migrate(db)).toEqual([]);
    db.close();
  });
});

describe('a database from before accounts and photos', () => {
  test('is upgraded in place: its records and their history gain the new fields, empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uim-upgrade-'));
    try {
      const file = join(dir, 'old.sqlite');
      const old = openDatabase(file);
      // The schema as the first release left it, with a record written the way it wrote them.
      migrate(
        old,
        loadMigrations().filter((m) => m.version === 1),
      );
      const {
        created_by: _c,
        original_description: _o,
        violator: _v,
        notes: _n,
        photos: _p,
        archived_at: _a,
        ...oldProps
      } = makeViolation({ description: 'Lấn chiếm vỉa hè' }).properties;
      const id = crypto.randomUUID();
      const geometry = JSON.stringify({ type: 'Point', coordinates: [105.834, 22.147] });
      old
        .prepare(
          `INSERT INTO violations (id, kind, status, geom_type, observed_at, created_at, updated_at,
           version, geometry, properties) VALUES (?, 'other', 'reported', 'Point', ?, ?, ?, 1, ?, ?)`,
        )
        .run(
          id,
          oldProps.observed_at,
          oldProps.created_at,
          oldProps.updated_at,
          geometry,
          JSON.stringify(oldProps),
        );
      const after = JSON.stringify({
        type: 'Feature',
        id,
        geometry: JSON.parse(geometry),
        properties: oldProps,
      });
      old
        .prepare(
          `INSERT INTO versions (layer, record_id, version, action, at, after)
           VALUES ('violations', ?, 1, 'create', ?, ?)`,
        )
        .run(id, oldProps.created_at, after);
      old.close();

      const store = createSqliteStore(file, { readers: 1 });
      try {
        const empty = {
          created_by: null,
          original_description: null,
          violator: null,
          notes: [],
          photos: [],
          archived_at: null,
        };
        expect((await store.violations.get(id))?.properties).toEqual({ ...oldProps, ...empty });
        expect((await store.violations.history(id))[0]?.after?.properties).toEqual({
          ...oldProps,
          ...empty,
        });
        // Not archived: it is still on the map, now and as of a date.
        expect((await store.violations.list({ limit: 10, offset: 0 })).total).toBe(1);
        expect(
          (await store.violations.listAsOf('2030-01-01T00:00:00.000Z', { limit: 10, offset: 0 }))
            .total,
        ).toBe(1);
        expect(await store.users.count()).toBe(0);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a database from before the R*Tree carried the order of a page', () => {
  test('is upgraded in place: a view lists its records, newest first, archived left out', () => {
    const db = openDatabase(':memory:');
    migrate(
      db,
      loadMigrations().filter((m) => m.version < 9),
    );
    // Written as the store wrote them before: the R*Tree with the box alone.
    const audit = { user: null, at: '2026-03-10T03:00:00.000Z' };
    const older = makeViolation({ observed_at: '2026-03-01T01:00:00.000Z' });
    const newer = makeViolation({ observed_at: '2026-03-05T01:00:00.000Z' });
    const archived = makeViolation({ archived_at: audit.at });
    db.transaction(() => {
      for (const v of [newer, older, archived]) {
        const [x, y] = (v.geometry as { coordinates: number[] }).coordinates as [number, number];
        db.prepare('INSERT INTO violations_rtree VALUES (?, ?, ?, ?, ?)').run(
          writeRowAsBefore(db, v),
          x,
          x,
          y,
          y,
        );
      }
    })();
    expect(migrate(db).length).toBeGreaterThan(0);
    const violations = new SqliteViolationRepository(db);
    const bbox: [number, number, number, number] = [105.5, 21.9, 106.1, 22.4];
    const page = violations.list({ bbox, limit: 1, offset: 0 });
    expect(page.items.map((v) => v.id)).toEqual([newer.id]);
    expect(page.total).toBe(2);
    const all = violations.list({ bbox, archived: 'include', limit: 5, offset: 0 });
    expect(all.items.map((v) => v.id)).toEqual([archived.id, newer.id, older.id]);
    // The R*Tree rounds a box to 32 bits; the position it now carries is the point's own.
    const exact = (v: Violation) => (v.geometry as { coordinates: number[] }).coordinates;
    const onMap = [...positions(db, { archived: 'include', limit: 0, offset: 0 })].map((p) => [
      p.lon,
      p.lat,
    ]);
    expect(onMap).toEqual([newer, older, archived].map(exact));
    db.close();
  });
});

describe('a database from before the live records carried their box in their row', () => {
  test('is upgraded in place: each record its exact box, and a wide view read newest first', () => {
    const db = openDatabase(':memory:');
    migrate(
      db,
      loadMigrations().filter((m) => m.version < 12),
    );
    // A point, an area with a hole (its outer ring gives its box) and an archived point, written
    // with their rows and R*Tree rows as the store wrote them before.
    const area: Violation['geometry'] = {
      type: 'Polygon',
      coordinates: [
        [
          [105.8301, 22.1401],
          [105.8312, 22.1401],
          [105.8312, 22.1413],
          [105.8301, 22.1413],
          [105.8301, 22.1401],
        ],
        [
          [105.8304, 22.1404],
          [105.8306, 22.1404],
          [105.8306, 22.1406],
          [105.8304, 22.1404],
        ],
      ],
    };
    const records = [
      makeViolation({ observed_at: '2026-03-01T01:00:00.000Z' }),
      makeViolation({ observed_at: '2026-03-05T01:00:00.000Z' }, area),
      makeViolation({ observed_at: '2026-03-07T01:00:00.000Z', archived_at: START }),
    ];
    for (const v of records) {
      const p = v.properties;
      const [minX, minY, maxX, maxY] = turfBbox(v.geometry);
      db.prepare('INSERT INTO violations_rtree VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        writeRowAsBefore(db, v),
        minX,
        maxX,
        minY,
        maxY,
        p.observed_at,
        p.archived_at ? 1 : 0,
        (minX! + maxX!) / 2,
        (minY! + maxY!) / 2,
      );
    }
    expect(migrate(db)).toEqual([12]);
    const boxes = db
      .prepare('SELECT min_x, min_y, max_x, max_y FROM violations ORDER BY rowid')
      .raw()
      .all();
    // In doubles, as the records have them: the R*Tree's own are rounded outwards to 32 bits.
    expect(boxes).toEqual(records.map((v) => turfBbox(v.geometry)));
    const filter = { bbox: [105, 21, 107, 23] as BBox, limit: 5, offset: 0 };
    expect(boxRead(db, filter)).toEqual({ read: 'time', total: 2 });
    const page = new SqliteViolationRepository(db).list(filter);
    expect(page.items.map((v) => v.id)).toEqual([records[1]!.id, records[0]!.id]);
    db.close();
  });
});

describe('a database from before projects kept their wards in a column', () => {
  test('is upgraded in place: each project keeps its wards, and the ward filter finds it', () => {
    const db = openDatabase(':memory:');
    migrate(
      db,
      loadMigrations().filter((m) => m.version < 10),
    );
    const at = { now: '2026-03-10T03:00:00.000Z', today: '2026-03-10', user: null };
    const inWard = (code: string, wards: string[]) => {
      const geometry = gridSquare(insideWard(code), 100);
      return newProject(
        projectBody({}, undefined, geometry) as ProjectCreate,
        {
          geometry,
          area_ha: 1,
          ward_codes: wards,
        },
        at,
      );
    };
    const ducXuan = inWard('2025-01840', ['2025-01840']);
    const both = inWard('2025-01843', ['2025-01843', '2025-01840']);
    // Written as the store wrote them before: one project_wards row per ward.
    for (const project of [ducXuan, both]) {
      const p = project.properties;
      const { lastInsertRowid } = db
        .prepare(
          `INSERT INTO projects (id, stage, land_type, blocked, geom_type, open_deadline,
           created_at, updated_at, archived_at, version, geometry, properties)
           VALUES (?, ?, ?, 0, 'Polygon', NULL, ?, ?, NULL, 1, ?, ?)`,
        )
        .run(
          project.id,
          p.stage,
          p.land_type,
          p.created_at,
          p.updated_at,
          JSON.stringify(project.geometry),
          JSON.stringify(p),
        );
      for (const code of p.ward_codes) {
        db.prepare('INSERT INTO project_wards (project, ward_code) VALUES (?, ?)').run(
          lastInsertRowid,
          code,
        );
      }
    }
    expect(migrate(db)).toContain(10);
    expect(tables(db)).not.toContain('project_wards');
    const projects = new SqliteRecordRepository(db, projectKind);
    const inWardList = (ward: string) =>
      projects
        .list({ ward, limit: 10, offset: 0 })
        .items.map((p) => p.id)
        .sort();
    expect(inWardList('2025-01840')).toEqual([ducXuan.id, both.id].sort());
    expect(inWardList('2025-01843')).toEqual([both.id]);
    expect(inWardList('2025-01846')).toEqual([]);
    db.close();
  });
});
