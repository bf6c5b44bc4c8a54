/**
 * The store contract for clearance projects: what every Store's `projects` must do. Like the
 * violations contract it speaks only of the Store interface, so a PostgreSQL store runs it as is.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import type { ClearanceProject, ProjectProps } from '../../../server/domain/projects/project.ts';
import type { ProjectFilter } from '../../../server/domain/projects/project-filter.ts';
import type { Store } from '../../../server/store/store.ts';
import { square } from '../helpers.ts';

const ALL: ProjectFilter = { limit: 100, offset: 0 };
const AUDIT = { user: 'planner-1', at: '2026-03-10T03:00:00.000Z' };
const LATER = { user: 'planner-2', at: '2026-03-11T03:00:00.000Z', reason: 'sửa tên' };
const FUTURE = '2030-01-01T00:00:00.000Z';
const BOX = square([105.835, 22.145], 0.002) as ClearanceProject['geometry'];

/** A stored project built directly; the deadlines follow from the stage dates. */
export function makeProject(
  props: Partial<ProjectProps> = {},
  geometry: ClearanceProject['geometry'] = BOX,
): ClearanceProject {
  const at = props.created_at ?? AUDIT.at;
  return {
    type: 'Feature',
    id: crypto.randomUUID(),
    geometry,
    properties: {
      name: 'Khu dân cư Đức Xuân',
      code: null,
      investor: null,
      description: null,
      land_type: 'agricultural',
      stage: 'announced',
      stage_dates: { announced: '2026-03-10' },
      households: { total: 10, counted: 0, agreed: 0, paid: 0, handed_over: 0 },
      blocked: false,
      obstacles: [],
      area_ha: 4.9,
      ward_codes: ['2025-01840'],
      created_by: 'planner-1',
      created_at: at,
      updated_at: at,
      version: 1,
      archived_at: null,
      ...props,
    },
  };
}

function next(
  p: ClearanceProject,
  props: Partial<ProjectProps>,
  geometry = p.geometry,
): ClearanceProject {
  const q = p.properties;
  return {
    ...p,
    geometry,
    properties: { ...q, ...props, version: q.version + 1, updated_at: LATER.at },
  };
}

export function describeProjectStoreContract(
  name: string,
  makeStore: () => Store | Promise<Store>,
): void {
  describe(`${name} store contract: projects`, () => {
    let store: Store;
    beforeEach(async () => {
      const opened = await makeStore();
      store = opened;
      return async () => {
        await opened.close();
      };
    });
    const ids = async (filter: Partial<ProjectFilter>, asOf?: string) => {
      const page = asOf
        ? await store.projects.listAsOf(asOf, { ...ALL, ...filter })
        : await store.projects.list({ ...ALL, ...filter });
      return page.items.map((p) => p.id);
    };

    test('a new store has no project', async () => {
      expect(await store.projects.list(ALL)).toEqual({ items: [], total: 0 });
      expect(await store.projects.listAsOf(FUTURE, ALL)).toEqual({ items: [], total: 0 });
      expect(await store.projects.get(crypto.randomUUID())).toBeUndefined();
    });

    test('stores a project as it was, with a first version row; an existing id writes nothing', async () => {
      const p = makeProject({
        obstacles: [{ id: crypto.randomUUID(), text: 'Mồ mả', since: '2026-03-01' }],
        blocked: true,
      });
      expect(await store.projects.insert(p, 'create', AUDIT)).toBe(true);
      expect(await store.projects.get(p.id)).toEqual(p);
      expect(
        await store.projects.insert(
          { ...p, properties: { ...p.properties, name: 'bản sao' } },
          'create',
          LATER,
        ),
      ).toBe(false);
      expect(await store.projects.get(p.id)).toEqual(p);
      expect(await store.projects.history(p.id)).toEqual([
        {
          version: 1,
          action: 'create',
          at: AUDIT.at,
          user: 'planner-1',
          reason: null,
          before: null,
          after: p,
        },
      ]);
    });

    test('updates at the expected version with before and after; a stale version writes nothing', async () => {
      const p = makeProject();
      await store.projects.insert(p, 'create', AUDIT);
      const renamed = next(p, { name: 'Đường Trường Chinh' });
      expect(await store.projects.update(renamed, 1, 'update', LATER)).toBe(true);
      expect(await store.projects.update(next(p, { name: 'muộn' }), 1, 'update', LATER)).toBe(
        false,
      );
      expect(await store.projects.get(p.id)).toEqual(renamed);
      expect((await store.projects.history(p.id))[1]).toEqual({
        version: 2,
        action: 'update',
        at: LATER.at,
        user: 'planner-2',
        reason: 'sửa tên',
        before: p,
        after: renamed,
      });
      expect(await ids({ q: 'muon' })).toEqual([]);
      expect(await store.projects.update(makeProject(), 1, 'update', LATER)).toBe(false);
    });

    test('lists newest first and pages with the total before paging', async () => {
      const [a, b, c] = ['2026-03-01', '2026-03-03', '2026-03-02'].map((d) =>
        makeProject({ created_at: `${d}T03:00:00.000Z` }),
      );
      for (const p of [a!, b!, c!]) {
        await store.projects.insert(p, 'create', AUDIT);
      }
      expect(await ids({})).toEqual([b!.id, c!.id, a!.id]);
      expect(await store.projects.list({ limit: 1, offset: 1 })).toMatchObject({
        total: 3,
        items: [c],
      });
      expect(await ids({}, FUTURE)).toEqual([b!.id, c!.id, a!.id]);
    });

    describe('filters mean the same now and in the history', () => {
      let p: Record<string, ClearanceProject>;
      beforeEach(async () => {
        p = {
          counting: makeProject({
            stage: 'counting',
            stage_dates: { announced: '2026-01-05', counting: '2026-02-01' },
          }),
          blocked: makeProject({
            name: 'Mở rộng đường Nguyễn Văn Tố',
            blocked: true,
            obstacles: [{ id: 'o1', text: 'x', since: '2026-03-01' }],
          }),
          // Other land, noticed 1/3/2025: the approval was due by 2/3/2026 (1/3 is a Sunday).
          late: makeProject({
            land_type: 'other',
            stage_dates: { announced: '2025-03-01' },
            ward_codes: ['2025-01840', '2025-01843'],
          }),
          far: makeProject(
            { name: 'Khu tái định cư Phong Quang', ward_codes: ['2025-01849'] },
            square([105.88, 22.19], 0.002) as ClearanceProject['geometry'],
          ),
          archived: makeProject({ archived_at: AUDIT.at }),
        };
        for (const x of Object.values(p)) {
          await store.projects.insert(x, 'create', AUDIT);
        }
      });
      const cases: [string, Partial<ProjectFilter>, string[]][] = [
        ['stage', { stages: ['counting'] }, ['counting']],
        ['several stages', { stages: ['counting', 'plan_posted'] }, ['counting']],
        ['blocked', { blocked: true }, ['blocked']],
        ['not blocked', { blocked: false }, ['counting', 'late', 'far']],
        ['a ward the boundary spans', { ward: '2025-01843' }, ['late']],
        ['another ward', { ward: '2025-01849' }, ['far']],
        ['words without diacritics, đ as d', { q: 'nguyen van to' }, ['blocked']],
        ['a word prefix', { q: 'phong qu' }, ['far']],
        ['overdue on a day', { overdueOn: '2026-03-10' }, ['late']],
        ['not yet overdue on the last day', { overdueOn: '2026-03-02' }, []],
        ['on time on a day', { onTimeOn: '2026-03-10' }, ['counting', 'blocked', 'far']],
        ['a bbox', { bbox: [105.879, 22.189, 105.881, 22.191] }, ['far']],
        [
          'created in an interval, ends included',
          { createdFrom: AUDIT.at, createdTo: AUDIT.at },
          ['counting', 'blocked', 'late', 'far'],
        ],
        ['created after', { createdFrom: '2026-03-10T03:00:00.001Z' }, []],
        ['only archived', { archived: 'only' }, ['archived']],
        [
          'archived included',
          { archived: 'include', stages: ['announced'], q: 'duc xuan' },
          ['late', 'archived'],
        ],
      ];
      test.each(cases)('%s', async (_, filter, expected) => {
        const want = expected.map((k) => p[k]!.id).sort();
        expect((await ids(filter)).sort()).toEqual(want);
        expect((await ids(filter, FUTURE)).sort()).toEqual(want);
        expect((await store.projects.list({ ...ALL, ...filter })).total).toBe(want.length);
      });
    });

    test('a bbox query tests the boundary exactly, not its bounding box', async () => {
      const l: ClearanceProject['geometry'] = {
        type: 'Polygon',
        coordinates: [
          [
            [105.82, 22.13],
            [105.86, 22.13],
            [105.86, 22.135],
            [105.825, 22.135],
            [105.825, 22.16],
            [105.82, 22.16],
            [105.82, 22.13],
          ],
        ],
      };
      const multi: ClearanceProject['geometry'] = {
        type: 'MultiPolygon',
        coordinates: [
          square([105.8, 22.1], 0.001).coordinates as never,
          square([105.838, 22.148], 0.001).coordinates as never,
        ],
      };
      const [lShape, parts] = [makeProject({}, l), makeProject({}, multi)];
      await store.projects.insert(lShape, 'create', AUDIT);
      await store.projects.insert(parts, 'create', AUDIT);
      expect(await ids({ bbox: [105.83, 22.14, 105.84, 22.15] })).toEqual([parts.id]);
    });

    test('an edit moves the project in every index: place, ward, words', async () => {
      const p = makeProject();
      await store.projects.insert(p, 'create', AUDIT);
      const moved = next(
        p,
        { name: 'Chợ Phong Quang', ward_codes: ['2025-01849'] },
        square([105.88, 22.19], 0.002) as ClearanceProject['geometry'],
      );
      await store.projects.update(moved, 1, 'update', LATER);
      expect(await ids({ bbox: [105.834, 22.144, 105.838, 22.148] })).toEqual([]);
      expect(await ids({ bbox: [105.879, 22.189, 105.881, 22.191] })).toEqual([p.id]);
      expect(await ids({ ward: '2025-01840' })).toEqual([]);
      expect(await ids({ ward: '2025-01849' })).toEqual([p.id]);
      expect(await ids({ q: 'duc xuan' })).toEqual([]);
      expect(await ids({ q: 'cho' })).toEqual([p.id]);
    });

    test('as of an instant: each project as it stood, none not yet made', async () => {
      const p = makeProject();
      await store.projects.insert(p, 'create', AUDIT);
      const moved = next(p, {
        stage: 'counting',
        stage_dates: { announced: '2026-03-10', counting: '2026-03-11' },
      });
      await store.projects.update(moved, 1, 'stage:counting', LATER);
      const late = makeProject({ created_at: LATER.at });
      await store.projects.insert(late, 'create', LATER);
      expect((await store.projects.listAsOf('2026-03-10T03:00:00.000Z', ALL)).items).toEqual([]);
      expect(await store.projects.listAsOf('2026-03-11T00:00:00.000Z', ALL)).toEqual({
        items: [p],
        total: 1,
      });
      expect(
        (
          await store.projects.listAsOf('2026-03-11T00:00:00.000Z', {
            ...ALL,
            stages: ['counting'],
          })
        ).total,
      ).toBe(0);
      expect((await store.projects.listAsOf(FUTURE, ALL)).items).toEqual([late, moved]);
    });
  });
}
