/**
 * Loads the shipped rule sets (data/criteria/*.json) once at start. Each file is checked against
 * the rule-set schema; a broken one stops the server with its name and what is wrong, because
 * scoring with a wrong table would mislead every report made with it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './config.ts';
import { ruleSetFileSchema, type RuleSet } from './domain/criteria/rule-set.ts';

export const CRITERIA_DIR = join(ROOT, 'data', 'criteria');

/** Parses one rule-set file's text; throws an Error naming the file and the first problems. */
export function parseRuleSet(text: string, file: string): RuleSet {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`criteria rule set ${file} is not valid JSON: ${(e as Error).message}`);
  }
  const result = ruleSetFileSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`)
      .join('; ');
    throw new Error(`criteria rule set ${file} is invalid: ${problems}`);
  }
  return result.data;
}

/** Every rule set in the folder, in file-name order; two files may not share an id. */
export function loadRuleSets(dir = CRITERIA_DIR): RuleSet[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const ruleSets = files.map((f) => parseRuleSet(readFileSync(join(dir, f), 'utf8'), f));
  const ids = ruleSets.map((r) => r.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new Error(`criteria rule set id ${twice} is used by two files in ${dir}`);
  if (ruleSets.length === 0) throw new Error(`no criteria rule set (*.json) in ${dir}`);
  return ruleSets;
}
