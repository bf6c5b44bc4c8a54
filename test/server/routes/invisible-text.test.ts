/** Texts made only of invisible characters are refused at the API, with the field named. */
import { beforeEach, expect, test } from 'vitest';
import { call, report, reportBody, testApp, type TestApp } from '../helpers.ts';
import { projectBody } from '../project-fixtures.ts';
import { gapBody } from '../gap-fixtures.ts';

let app: TestApp;
beforeEach(async () => {
  app = (await testApp()).app;
});

async function refused(path: string, body: unknown, field: string) {
  for (const lang of ['vi', 'en']) {
    const answer = await call(app, 'POST', path, body, { 'accept-language': lang });
    expect(answer.status, JSON.stringify(answer.body)).toBe(422);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect(answer.body.error.details[0].path).toBe(field);
    expect(answer.body.error.message).toContain(field);
    expect(answer.body.error.message).toMatch(lang === 'vi' ? /không nhìn thấy/ : /invisible/);
  }
}

test('a report whose description is zero-width spaces and a Hangul filler: 422', async () => {
  const body = reportBody(undefined, { description: '\u200b\u200b\u3164 \u2800' });
  await refused('/api/violations', body, 'properties.description');
  expect((await call(app, 'GET', '/api/violations')).body.numberMatched).toBe(0);
});

test('a note of soft hyphens and a BOM: 422', async () => {
  const { id } = await report(app);
  await refused(`/api/violations/${id}/notes`, { text: '\u00ad\ufeff\u00ad' }, 'text');
});

test('a project named with an ideographic space and a word joiner: 422', async () => {
  await refused('/api/projects', projectBody({ name: '\u3000\u2060' }), 'properties.name');
});

test('a gap titled with combining marks alone: 422', async () => {
  await refused('/api/gaps', gapBody({ title: '\u0301\u0323' }), 'properties.title');
});
