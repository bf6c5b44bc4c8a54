/**
 * A KML viewer shows a record's description as the text it is, never as HTML. Google Earth and
 * most viewers take the text of <description> as HTML; GDAL's KML driver (expat) reads that text
 * as an XML parser gives it to a viewer, and the LIBKML driver reads the typed field beside it,
 * which must stay the plain text for GIS use.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gdalTool, runTool } from '../gdal.ts';
import { call, report, testApp } from '../helpers.ts';
import { projectBody } from '../project-fixtures.ts';

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<b>bold</b> & "quoted" \'single\'',
  '&lt;b&gt;already escaped&lt;/b&gt; &amp;amp;',
  ']]> <![CDATA[<script>alert(2)</script>]]>',
];

/** The text an HTML renderer shows for `html` when it holds no tag: character references decoded. */
function shownAsHtml(html: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  return html.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#x') || ref.startsWith('#X')) {
      return String.fromCodePoint(parseInt(ref.slice(2), 16));
    }
    if (ref.startsWith('#')) return String.fromCodePoint(Number(ref.slice(1)));
    return named[ref.toLowerCase()] ?? whole;
  });
}

/** Each feature's `field` as ogrinfo prints it (one line each: the test texts have no newline). */
async function fieldValues(path: string, field: string, env: Record<string, string> = {}) {
  const run = await runTool(gdalTool('ogrinfo'), ['-ro', '-al', path], { env });
  expect(run.status, run.stderr).toBe(0);
  const prefix = `  ${field} (String) = `;
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length));
}

let dir: string;
let file: string;
beforeAll(async () => {
  const ctx = await testApp();
  for (const description of HOSTILE) await report(ctx.app, undefined, { description });
  const project = await call(
    ctx.app,
    'POST',
    '/api/projects',
    projectBody({ description: HOSTILE[0] }),
  );
  expect(project.status).toBe(201);
  const res = await ctx.as('lead').request('/api/exports/2026-03.kml');
  expect(res.status).toBe(200);
  dir = mkdtempSync(join(tmpdir(), 'uim-kml-'));
  file = join(dir, 'export.kml');
  writeFileSync(file, await res.text());
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('KML <description>', () => {
  test('read by an XML parser, it holds no markup: an HTML viewer shows the literal text', async () => {
    // GDAL_SKIP=LIBKML: the plain KML driver, which gives <description> as parsed XML text.
    const descriptions = await fieldValues(file, 'Description', { GDAL_SKIP: 'LIBKML' });
    expect(descriptions).toHaveLength(HOSTILE.length + 1);
    for (const html of descriptions) expect(html).not.toMatch(/[<>]/);
    expect(descriptions.map(shownAsHtml).sort()).toEqual([...HOSTILE, HOSTILE[0]].sort());
  });

  test('the description field GIS tools read (ExtendedData) is the plain text', async () => {
    const values = await fieldValues(file, 'description');
    expect(values.sort()).toEqual([...HOSTILE, HOSTILE[0]].sort());
  });
});
