/**
 * The export of the month still running judges deadlines on the day it is made, not on the
 * month's last day: a case due on the 19th is not overdue on the 10th, and is on the 25th. An
 * ended month is judged on its last day, as always.
 */
import { beforeEach, expect, test } from 'vitest';
import { call, reportBody, testApp } from '../helpers.ts';

type Ctx = Awaited<ReturnType<typeof testApp>>;
let ctx: Ctx;

beforeEach(async () => {
  // Tuesday 10/03/2026, 10:00 office time.
  ctx = await testApp();
});

/** A case recorded today: its penalty decision is due some working days later this month. */
async function recordedCase(): Promise<{ id: string; deadline: string }> {
  const created = await call(ctx.app, 'POST', '/api/violations', reportBody());
  expect(created.status).toBe(201);
  const id: string = created.body.id;
  for (const step of [{ to: 'verified' }, { to: 'recorded', record_number: '07/BB-TTĐT' }]) {
    const moved = await call(ctx.as('planner'), 'POST', `/api/violations/${id}/steps`, step);
    expect(moved.status).toBe(200);
  }
  const deadline: string = (await call(ctx.app, 'GET', `/api/violations/${id}`)).body.properties
    .deadline;
  return { id, deadline };
}

/** The case as the month's GeoJSON export has it. */
async function exported(month: string, id: string) {
  const res = await ctx.as('lead').request(`/api/exports/${month}.geojson`);
  expect(res.status).toBe(200);
  const body = await res.json();
  return body.features.find((f: { id: string }) => f.id === id).properties;
}

test('a case due later this month is not overdue in the running month’s export, and is once the day has passed', async () => {
  const { id, deadline } = await recordedCase();
  // Due within March, after today: the month's end (31st) is past it, today is not.
  expect(deadline > '2026-03-10' && deadline < '2026-03-31').toBe(true);
  expect((await exported('2026-03', id)).overdue).toBe(false);
  expect((await call(ctx.app, 'GET', `/api/violations/${id}`)).body.properties.overdue).toBe(false);

  ctx.clock.set('2026-03-25T03:00:00.000Z');
  expect((await exported('2026-03', id)).overdue).toBe(true);

  // Once March has ended, its export is judged on its last day.
  ctx.clock.set('2026-04-02T03:00:00.000Z');
  expect((await exported('2026-03', id)).overdue).toBe(true);
});
