/**
 * The store contract for reading records as they stood (monthly exports): which records changed in
 * a window and their last state before its end. Like contract.ts it speaks only of the Store
 * interface; a store's test file runs it with a factory.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import type { Violation } from '../../../server/domain/violations/violation.ts';
import type { RecordState, Store } from '../../../server/store/store.ts';
import { makeViolation } from '../helpers.ts';

const FEB = { since: '2026-01-31T17:00:00.000Z', until: '2026-02-28T17:00:00.000Z' };

function edited(v: Violation, description: string): Violation {
  const p = v.properties;
  return { ...v, properties: { ...p, description, version: p.version + 1 } };
}

/** The ids of the states, read to the end. */
async function ids(states: AsyncIterable<RecordState>): Promise<string[]> {
  const found: string[] = [];
  for await (const s of states) found.push(s.id);
  return found;
}

/** Every state, read to the end. */
async function all(states: AsyncIterable<RecordState>): Promise<RecordState[]> {
  const found: RecordState[] = [];
  for await (const s of states) found.push(s);
  return found;
}

export function describeHistoryContract(
  name: string,
  makeStore: () => Store | Promise<Store>,
): void {
  describe(`${name} version history contract`, () => {
    let store: Store;
    beforeEach(async () => {
      const opened = await makeStore();
      store = opened;
      return async () => {
        await opened.close();
      };
    });

    /** Inserts at one instant; answers the record. */
    const insert = async (id: string, at: string) => {
      const v = makeViolation({ description: `tạo ${at}` }, undefined, id);
      await store.violations.insert(v, 'create', { user: null, at });
      return v;
    };
    const update = async (v: Violation, description: string, at: string) => {
      const next = edited(v, description);
      await store.violations.update(next, v.properties.version, 'update', { user: null, at });
      return next;
    };
    const changed = () => store.versions.statesChangedIn('violations', FEB.since, FEB.until);

    test('no versions: nothing changed and no first change', async () => {
      expect(await ids(changed())).toEqual([]);
      expect(await store.versions.firstChange(['violations'])).toBeNull();
    });

    test('records with a version in the window, by id, whatever order they were written in', async () => {
      await insert('c', '2026-02-03T00:00:00.000Z');
      await insert('a', '2026-02-01T00:00:00.000Z');
      await insert('b', FEB.since);
      await insert('before', '2026-01-31T16:59:59.999Z');
      await insert('after', FEB.until);
      expect(await ids(changed())).toEqual(['a', 'b', 'c']);
    });

    test('more records than are read at once: every one, once, in id order, in its last state', async () => {
      const at = '2026-02-05T00:00:00.000Z';
      // Ids in an order of their own, so pages cut where the writes did not.
      const made = Array.from({ length: 2_345 }, (_, i) =>
        makeViolation(
          { description: `bản ghi ${i}` },
          undefined,
          `r-${String((i * 7919) % 2_345).padStart(5, '0')}`,
        ),
      );
      expect(await store.violations.insertMany(made, 'import', { user: null, at })).not.toContain(
        false,
      );
      // One record edited many times within the window and once after it.
      let busy = made[1_000]!;
      for (let n = 1; n <= 30; n++) {
        const minute = String(n).padStart(2, '0');
        busy = await update(busy, `sửa lần ${n}`, `2026-02-06T00:${minute}:00.000Z`);
      }
      await update(busy, 'sửa tháng 3', '2026-03-02T00:00:00.000Z');

      const states = await all(changed());
      expect(states.map((s) => s.id)).toEqual(made.map((v) => v.id).sort());
      const edited = states.find((s) => s.id === busy.id)!.state as Violation;
      expect(edited.properties.description).toBe('sửa lần 30');
    });

    test('each in its last state before the window ends, not its state now', async () => {
      const old = await insert('old', '2026-01-10T00:00:00.000Z');
      const mid = await update(old, 'sửa tháng 2', '2026-02-10T00:00:00.000Z');
      await update(mid, 'sửa tháng 3', '2026-03-02T00:00:00.000Z');
      const states = await all(changed());
      expect(states).toHaveLength(1);
      expect((states[0]!.state as Violation).properties.description).toBe('sửa tháng 2');
      expect((await store.violations.get('old'))!.properties.description).toBe('sửa tháng 3');
    });

    test('a record changed only after the window is not in it', async () => {
      const jan = await insert('jan', '2026-01-10T00:00:00.000Z');
      await update(jan, 'sửa tháng 3', '2026-03-02T00:00:00.000Z');
      expect(await ids(changed())).toEqual([]);
    });

    test('other layers are not mixed in', async () => {
      await insert('v', '2026-02-10T00:00:00.000Z');
      await store.users.insert(
        {
          id: 'u',
          username: 'lan',
          display_name: 'Lan',
          roles: ['viewer'],
          password_hash: null,
          password_changed_at: null,
          disabled_at: null,
          created_at: '2026-02-10T00:00:00.000Z',
          updated_at: '2026-02-10T00:00:00.000Z',
          version: 1,
        },
        { user: null, at: '2026-02-10T00:00:00.000Z' },
      );
      expect(await ids(changed())).toEqual(['v']);
      expect(await ids(store.versions.statesChangedIn('projects', FEB.since, FEB.until))).toEqual(
        [],
      );
    });

    test('the store answers other calls while an iteration is open, and after it is dropped', async () => {
      await insert('a', '2026-02-01T00:00:00.000Z');
      await insert('b', '2026-02-02T00:00:00.000Z');
      const states = changed();
      expect((await states.next()).value?.id).toBe('a');
      // An export is read between requests: the store must keep serving them.
      await insert('c', '2026-02-03T00:00:00.000Z');
      expect(await store.violations.get('a')).toBeDefined();
      await states.return?.(undefined);
      expect(await ids(changed())).toEqual(['a', 'b', 'c']);
    });

    test('iterations dropped early release what they held', async () => {
      await insert('a', '2026-02-01T00:00:00.000Z');
      await insert('b', '2026-02-02T00:00:00.000Z');
      // More than a store keeps connections: each dropped export must give its own back.
      for (let i = 0; i < 10; i++) {
        const states = changed();
        expect((await states.next()).value?.id).toBe('a');
        await states.return?.(undefined);
      }
      expect(await ids(changed())).toEqual(['a', 'b']);
    });

    test('the first change of the layers asked about', async () => {
      await insert('b', '2026-02-02T00:00:00.000Z');
      await insert('a', '2025-11-05T00:00:00.000Z');
      expect(await store.versions.firstChange(['violations'])).toBe('2025-11-05T00:00:00.000Z');
      expect(await store.versions.firstChange(['projects'])).toBeNull();
      expect(await store.versions.firstChange([])).toBeNull();
    });
  });
}
