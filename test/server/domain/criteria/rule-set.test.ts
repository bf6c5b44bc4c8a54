import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { CRITERIA_DIR, loadRuleSets, parseRuleSet } from '../../../../server/criteria-data.ts';
import { ruleSetOn } from '../../../../server/domain/criteria/rule-set.ts';

const FILE = 'nq111-2025-table2a.json';
const shipped = () => JSON.parse(readFileSync(join(CRITERIA_DIR, FILE), 'utf8'));
const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;

describe('the shipped NQ 111/2025 Table 2A', () => {
  const [ruleSet] = loadRuleSets();

  test('validates, and has the 23 standards whose points sum to 75 at the minimum and 100 at most', () => {
    expect(ruleSet!.id).toBe('nq111-2025-table2a');
    expect(ruleSet!.standards).toHaveLength(23);
    expect(sum(ruleSet!.standards.map((s) => s.points_max))).toBe(100);
    expect(sum(ruleSet!.standards.map((s) => s.points_min))).toBe(75);
    expect(ruleSet!.recognition.total_points_at_least).toBe(75);
  });

  test('names every standard in Vietnamese with diacritics and says the names are a working translation', () => {
    for (const s of ruleSet!.standards) expect(s.name.vi).toMatch(/[àáảãạăâđêôơư]/i);
    expect(ruleSet!.names_note).toMatch(/not the official wording/);
    expect(ruleSet!.source).toMatch(/confirm against the official appendix/);
  });

  test('keeps the levels and points of the transcription, standard by standard', () => {
    const source = JSON.parse(readFileSync(join(CRITERIA_DIR, FILE), 'utf8')) as typeof ruleSet &
      object;
    const byCode = Object.fromEntries(source.standards.map((s) => [s.code, s]));
    expect(byCode['II.04']).toMatchObject({
      class_III: { min: 500, max: 1000 },
      class_II: { min: 1000, max: 1500 },
      points_min: 4.5,
      points_max: 6,
    });
    expect(byCode['III.13']).toMatchObject({
      scale: 'funeral_homes',
      class_III: { min: 'project', max: 'one' },
      class_II: { min: 'one', max: 'two' },
    });
  });

  test('is the rule set in force from 1 January 2026, and none is before it', () => {
    expect(ruleSetOn(loadRuleSets(), '2026-01-01')?.id).toBe('nq111-2025-table2a');
    expect(ruleSetOn(loadRuleSets(), '2025-12-31')).toBeUndefined();
  });
});

describe('a broken rule set file stops the loader with its name and what is wrong', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  const write = (name: string, content: unknown) => {
    dir ??= mkdtempSync(join(tmpdir(), 'uim-criteria-'));
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
    return dir;
  };

  test('not JSON', () => {
    expect(() => loadRuleSets(write('broken.json', '{ "id": '))).toThrow(
      /broken\.json is not valid JSON/,
    );
  });

  test('a minimum above its maximum', () => {
    const data = shipped();
    data.standards[2].class_III = { min: 300000, max: 200000 };
    expect(() => parseRuleSet(JSON.stringify(data), 'x.json')).toThrow(
      /x\.json is invalid: standards\.2\.class_III: min must be below max/,
    );
  });

  test('an ordinal level the scale does not have', () => {
    const data = shipped();
    data.standards[0].class_II.max = 'nation';
    expect(() => parseRuleSet(JSON.stringify(data), 'x.json')).toThrow(
      /not a level of centre_level/,
    );
  });

  test('two standards with one code, and a missing field', () => {
    const data = shipped();
    data.standards[1].code = 'I.01';
    expect(() => parseRuleSet(JSON.stringify(data), 'x.json')).toThrow(/duplicate I\.01/);
    const missing = shipped();
    delete missing.standards[5].points_max;
    expect(() => parseRuleSet(JSON.stringify(missing), 'x.json')).toThrow(
      /standards\.5\.points_max/,
    );
  });

  test('two files with one id', () => {
    write('a.json', shipped());
    expect(() => loadRuleSets(write('b.json', shipped()))).toThrow(/used by two files/);
  });

  test('takes any number of rule sets, each by its own id', () => {
    write('a.json', shipped());
    const older = {
      ...shipped(),
      id: 'older-rules',
      valid_from: '2023-01-01',
      valid_to: '2025-12-31',
    };
    const sets = loadRuleSets(write('b.json', older));
    expect(sets.map((r) => r.id)).toEqual(['nq111-2025-table2a', 'older-rules']);
    expect(ruleSetOn(sets, '2024-06-30')?.id).toBe('older-rules');
  });
});
