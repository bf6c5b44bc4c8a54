/**
 * One record as it stood at the end of a day (`GET /api/{kind}/{id}?asOf=`), for each kind that
 * has a past: read from its own history, never from a list of that day. Made on 10/03, changed on
 * 12/03 (office time).
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { call, reportBody, testApp } from '../helpers.ts';
import { gapBody } from '../gap-fixtures.ts';
import { projectBody } from '../project-fixtures.ts';

type Ctx = Awaited<ReturnType<typeof testApp>>;
let ctx: Ctx;

beforeEach(async () => {
  ctx = await testApp();
});

/** Each kind: how one is made, changed on the 12th, and what tells the two states apart. */
const KINDS = [
  {
    kind: 'violations',
    make: () => call(ctx.app, 'POST', '/api/violations', reportBody()),
    change: (id: string) =>
      call(ctx.app, 'POST', `/api/violations/${id}/steps`, { to: 'verified' }),
    mark: (body: any) => body.properties.status,
    then: 'reported',
    now: 'verified',
    publicPast: false,
  },
  {
    kind: 'projects',
    make: () => call(ctx.app, 'POST', '/api/projects', projectBody()),
    change: (id: string) => call(ctx.app, 'POST', `/api/projects/${id}/stage`, { to: 'counting' }),
    mark: (body: any) => body.properties.stage,
    then: 'announced',
    now: 'counting',
    publicPast: false,
  },
  {
    kind: 'gaps',
    make: () => call(ctx.app, 'POST', '/api/gaps', gapBody()),
    change: (id: string) =>
      call(ctx.app, 'PATCH', `/api/gaps/${id}`, {
        version: 1,
        properties: { current_value: 2.7 },
      }),
    mark: (body: any) => body.properties.current_value,
    then: gapBody().properties.current_value,
    now: 2.7,
    // The criteria the city lacks are public, their past too.
    publicPast: true,
  },
] as const;

describe.each(KINDS)('GET /api/$kind/{id}?asOf=', (k) => {
  async function madeAndChanged(): Promise<string> {
    const made = await k.make();
    expect(made.status).toBe(201);
    ctx.clock.set('2026-03-12T03:00:00.000Z');
    const changed = await k.change(made.body.id);
    expect(changed.status).toBe(200);
    return made.body.id;
  }

  test('answers the record as it stood at the end of that day, and as it is without a date', async () => {
    const id = await madeAndChanged();
    const then = await call(ctx.app, 'GET', `/api/${k.kind}/${id}?asOf=2026-03-11`);
    expect(then.status).toBe(200);
    expect(k.mark(then.body)).toBe(k.then);
    expect(then.body.id).toBe(id);
    const sameDay = await call(ctx.app, 'GET', `/api/${k.kind}/${id}?asOf=2026-03-12`);
    expect(k.mark(sameDay.body)).toBe(k.now);
    expect(k.mark((await call(ctx.app, 'GET', `/api/${k.kind}/${id}`)).body)).toBe(k.now);
  });

  test('a day before it was made: 404 naming that day; an unknown record: 404', async () => {
    const id = await madeAndChanged();
    const before = await call(ctx.app, 'GET', `/api/${k.kind}/${id}?asOf=2026-03-09`);
    expect(before.status).toBe(404);
    expect(before.body.error.code).toBe('NOT_FOUND');
    expect(before.body.error.message).toContain('09/03/2026');
    const unknown = crypto.randomUUID();
    const none = await call(ctx.app, 'GET', `/api/${k.kind}/${unknown}?asOf=2026-03-11`);
    expect(none.status).toBe(404);
    expect(none.body.error.message).toContain(unknown);
  });

  test('a day still to come or not a day: 422 naming asOf', async () => {
    const id = await madeAndChanged();
    const future = await call(ctx.app, 'GET', `/api/${k.kind}/${id}?asOf=2026-03-13`);
    expect(future.status).toBe(422);
    expect(future.body.error.message).toContain('13/03/2026');
    for (const bad of ['2026-02-30', '12/03/2026', '']) {
      const answer = await call(ctx.app, 'GET', `/api/${k.kind}/${id}?asOf=${bad}`);
      expect(answer.status, bad).toBe(422);
      expect(JSON.stringify(answer.body.error), bad).toContain('asOf');
    }
  });

  test('the past for anonymous readers as the list of that day has it', async () => {
    const id = await madeAndChanged();
    const answer = await call(ctx.as('anonymous'), 'GET', `/api/${k.kind}/${id}?asOf=2026-03-11`);
    if (k.publicPast) {
      expect(answer.status).toBe(200);
      expect(k.mark(answer.body)).toBe(k.then);
    } else {
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('UNAUTHENTICATED');
    }
  });
});
