/**
 * Creates sent at once are written in one transaction (group commit): each still lands exactly
 * once, answers with its own record or its own error, and is committed before it is answered.
 */
import { describe, expect, test } from 'vitest';
import type { Principal } from '../../../server/domain/access/permissions.ts';
import type { Violation, ViolationCreate } from '../../../server/domain/violations/violation.ts';
import { ViolationService } from '../../../server/services/violations.ts';
import type { AuditContext, Store } from '../../../server/store/store.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import {
  DUC_XUAN_POINT,
  HANOI_POINT,
  insideWard,
  reference,
  reportBody,
  settableClock,
  START,
} from '../helpers.ts';

const inspector = (id: string): Principal => ({ id, roles: ['inspector'] });
const ANA = inspector('ana');
const BAO = inspector('bao');

/** A store whose writes of the record with `refusedId` fail, as a full disk would fail them. */
function setup(refusedId?: string) {
  const store = createSqliteStore(':memory:');
  const transactions: number[] = [];
  const violations = store.violations;
  const refuse = (v: Violation) => {
    if (v.id === refusedId) throw new Error(`the store refused ${v.id}`);
  };
  const overrides = {
    async insert(v: Violation, action: string, audit: AuditContext) {
      transactions.push(1);
      refuse(v);
      return violations.insert(v, action, audit);
    },
    async insertMany(vs: readonly Violation[], action: string, audit: AuditContext) {
      transactions.push(vs.length);
      vs.forEach(refuse);
      return violations.insertMany(vs, action, audit);
    },
  };
  // The repository keeps private fields: its other methods are called on it, not on a copy.
  const spied: Store = {
    ...store,
    violations: new Proxy(violations, {
      get: (target, name: keyof typeof violations) =>
        name in overrides
          ? overrides[name as keyof typeof overrides]
          : (target[name] as (...args: unknown[]) => unknown).bind(target),
    }),
  };
  const service = new ViolationService({
    store: spied,
    wards: reference.wards,
    clock: settableClock(START),
    areaName: reference.areaName,
  });
  return { store, service, transactions };
}

const body = (id?: string, at = DUC_XUAN_POINT) => reportBody(at, {}, id) as ViolationCreate;
const versionsOf = async (store: Store, id: string) => (await store.violations.history(id)).length;

describe('creates sent at once', () => {
  test('all land exactly once, in one transaction, each answered with its own record', async () => {
    const { store, service, transactions } = setup();
    const ids = Array.from({ length: 12 }, () => crypto.randomUUID());
    const answers = await Promise.all(ids.map((id) => service.submit(body(id), ANA)));
    expect(answers.map((a) => [a.feature.id, a.created])).toEqual(ids.map((id) => [id, true]));
    expect(transactions).toEqual([12]);
    for (const id of ids) {
      expect((await store.violations.get(id))?.properties.created_by).toBe('ana');
      expect(await versionsOf(store, id)).toBe(1);
    }
  });

  test('the same client id sent twice at once makes one record; both answer it', async () => {
    const { store, service } = setup();
    const id = crypto.randomUUID();
    const [first, again] = await Promise.all([
      service.submit(body(id), ANA),
      service.submit(body(id, insideWard('2025-01843')), ANA),
    ]);
    expect([first.created, again.created]).toEqual([true, false]);
    expect(again.feature).toEqual(first.feature);
    expect(await versionsOf(store, id)).toBe(1);
    // Sent once more later, it still answers the first record.
    expect(await service.submit(body(id), ANA)).toEqual({ feature: first.feature, created: false });
  });

  test('a report out of the area is refused alone; the others land', async () => {
    const { store, service } = setup();
    const [good, bad, other] = await Promise.allSettled([
      service.submit(body(), ANA),
      service.submit(body(undefined, HANOI_POINT), ANA),
      service.submit(body(), ANA),
    ]);
    expect(bad).toMatchObject({ status: 'rejected', reason: { code: 'OUT_OF_AREA' } });
    for (const answer of [good, other]) {
      if (answer.status !== 'fulfilled') throw new Error('a good report was refused');
      expect(await store.violations.get(answer.value.feature.id as string)).toBeDefined();
    }
    expect((await store.violations.list({ limit: 10, offset: 0 })).total).toBe(2);
  });

  test('a record the store refuses fails alone: the others are written one by one', async () => {
    const refused = crypto.randomUUID();
    const { store, service } = setup(refused);
    const ids = [crypto.randomUUID(), refused, crypto.randomUUID()];
    const answers = await Promise.allSettled(ids.map((id) => service.submit(body(id), ANA)));
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(answers[1]).toMatchObject({ reason: new Error(`the store refused ${refused}`) });
    const found = await Promise.all(ids.map((id) => store.violations.get(id)));
    expect(found.map((v) => v !== undefined)).toEqual([true, false, true]);
    expect((await versionsOf(store, ids[0]!)) + (await versionsOf(store, ids[2]!))).toBe(2);
  });

  test("each author's reports carry their name in the record and in its history", async () => {
    const { store, service } = setup();
    const [a, b] = await Promise.all([service.submit(body(), ANA), service.submit(body(), BAO)]);
    const id = (x: typeof a) => x.feature.id as string;
    expect((await store.violations.history(id(a)))[0]?.user).toBe('ana');
    expect((await store.violations.history(id(b)))[0]?.user).toBe('bao');
    expect((await store.violations.get(id(b)))?.properties.created_by).toBe('bao');
  });

  test('an answer comes only once its record is committed', async () => {
    const { store, service } = setup();
    const id = crypto.randomUUID();
    const pending = service.submit(body(id), ANA);
    expect(await store.violations.get(id)).toBeUndefined();
    await pending;
    expect(await store.violations.get(id)).toBeDefined();
  });
});
