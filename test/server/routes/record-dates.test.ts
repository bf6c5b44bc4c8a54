/**
 * Dates a client sends on a record are plausible: nothing before 2000-01-01 (the office keeps no
 * older record; 0001-01-01 is a probe or an unset field), nothing in the future where the date
 * says when something happened. Each refusal is a 422 naming the field, in both languages.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { CLOCK_SKEW_MS } from '../../../server/domain/violations/violation.ts';
import { call, report, reportBody, START, testApp, type TestApp } from '../helpers.ts';
import { projectBody } from '../project-fixtures.ts';

let app: TestApp;
beforeEach(async () => {
  app = (await testApp()).app;
});

const at = (ms: number) => new Date(Date.parse(START) + ms).toISOString();

/** The answer's refusal, checked to be a 422 on `field` with a message in each language. */
async function refusedOn(answer: Promise<{ status: number; body: any }>, field: string) {
  const { status, body } = await answer;
  expect(status, JSON.stringify(body)).toBe(422);
  expect(body.error.code).toBe('VALIDATION_FAILED');
  expect(body.error.details).toEqual({ field });
  return body.error.message as string;
}

describe('observed_at of a new report', () => {
  const create = (observed_at: string, lang = 'vi') =>
    call(app, 'POST', '/api/violations', reportBody(undefined, { observed_at }), {
      'accept-language': lang,
    });

  test.each(['0001-01-01T00:00:00Z', '1970-01-01T00:00:00Z', '1999-12-31T23:59:59+07:00'])(
    'before 2000 (%s): 422 on properties.observed_at',
    async (observed) => {
      const vi = await refusedOn(create(observed), 'properties.observed_at');
      expect(vi).toContain('01/01/2000');
      const en = await refusedOn(create(observed, 'en'), 'properties.observed_at');
      expect(en).toContain('2000-01-01');
    },
  );

  test('the first instant of 2000 in office time is taken', async () => {
    const answer = await create('2000-01-01T00:00:00+07:00');
    expect(answer.status).toBe(201);
    expect(answer.body.properties.observed_at).toBe('1999-12-31T17:00:00.000Z');
    expect(answer.body.properties.steps[0].date).toBe('2000-01-01');
  });

  test('in the future beyond the clock-skew allowance: 422', async () => {
    await refusedOn(create(at(CLOCK_SKEW_MS + 60_000)), 'properties.observed_at');
    await refusedOn(create('2999-01-01T00:00:00Z'), 'properties.observed_at');
  });

  test('a phone clock a little ahead is taken as now', async () => {
    const answer = await create(at(CLOCK_SKEW_MS - 60_000));
    expect(answer.status).toBe(201);
    expect(answer.body.properties.observed_at).toBe(START);
  });
});

describe('project dates', () => {
  const create = (extra: Record<string, unknown>) =>
    call(app, 'POST', '/api/projects', projectBody(extra));

  test('a stage date before 2000: 422 on that stage', async () => {
    await refusedOn(
      create({ stage_dates: { announced: '1999-12-31' } }),
      'properties.stage_dates.announced',
    );
    await refusedOn(
      create({ stage_dates: { announced: '0001-01-01' } }),
      'properties.stage_dates.announced',
    );
  });

  test('a stage date of 2000-01-01 is taken', async () => {
    const answer = await create({ stage_dates: { announced: '2000-01-01' } });
    expect(answer.status).toBe(201);
    expect(answer.body.properties.stage_dates).toEqual({ announced: '2000-01-01' });
  });

  test('an obstacle since before 2000: 422 on that obstacle', async () => {
    const obstacles = [
      { text: 'Chưa di dời mồ mả', since: '2025-01-01' },
      { text: 'Tranh chấp ranh giới', since: '1999-06-01' },
    ];
    await refusedOn(create({ blocked: true, obstacles }), 'properties.obstacles.1.since');
  });

  test('an obstacle edited onto a date before 2000 is refused as well', async () => {
    const created = await create({ blocked: true, obstacles: [{ text: 'Chưa di dời mồ mả' }] });
    expect(created.status).toBe(201);
    const answer = call(app, 'PATCH', `/api/projects/${created.body.id}`, {
      version: 1,
      properties: { obstacles: [{ text: 'Chưa di dời mồ mả', since: '1900-01-01' }] },
    });
    await refusedOn(answer, 'properties.obstacles.0.since');
  });
});

describe('violation step dates', () => {
  test('a remedy deadline past 2100: 422 on remedy_deadline', async () => {
    const { id } = await report(app);
    const step = (body: Record<string, unknown>) =>
      call(app, 'POST', `/api/violations/${id}/steps`, body);
    expect((await step({ to: 'verified' })).status).toBe(200);
    expect((await step({ to: 'recorded', record_number: '12/BB' })).status).toBe(200);
    const decided = { to: 'decided', decision_number: '34/QĐ-XPHC' };
    await refusedOn(step({ ...decided, remedy_deadline: '2101-01-01' }), 'remedy_deadline');
    // A deadline is in the future by nature: a sane one is taken.
    const taken = await step({ ...decided, remedy_deadline: '2026-06-30' });
    expect(taken.status).toBe(200);
  });
});
