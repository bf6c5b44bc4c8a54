/**
 * What a gap's fields must name: a known rule set and standard, a known scope, an existing
 * project, a place inside the service area. The wards it lies in are derived here, never sent.
 */
import { booleanIntersects } from '@turf/turf';
import { checkLevel } from '../domain/criteria/level-check.ts';
import { findStandard, type RuleSet } from '../domain/criteria/rule-set.ts';
import { URBAN_SCOPE, wardsOfScope, type Scope } from '../domain/criteria/scope.ts';
import { DomainError } from '../domain/errors.ts';
import { checkGapGeometry, checkGapInsideArea } from '../domain/gaps/gap-geometry.ts';
import type { GapGeometry } from '../domain/gaps/gap.ts';
import type { WardIndex, WardRef } from '../domain/wards.ts';
import type { Store } from '../store/store.ts';

function invalid(field: string, vi: string, en: string, details: object = {}): DomainError {
  return new DomainError('VALIDATION_FAILED', { vi, en }, { field, ...details });
}

/** The rule set with this id; refused as invalid input in a body `field`, as not found in a path. */
export function ruleSetOf(ruleSets: readonly RuleSet[], id: string, field?: string): RuleSet {
  const found = ruleSets.find((r) => r.id === id);
  if (found) return found;
  const known = ruleSets.map((r) => r.id);
  const text = {
    vi: `Không có bộ tiêu chí "${id}". Các bộ hiện có: ${known.join(', ')}.`,
    en: `There is no rule set "${id}". Known rule sets: ${known.join(', ')}.`,
  };
  if (!field) throw new DomainError('NOT_FOUND', text, { rule_set: id, known });
  throw invalid(field, text.vi, text.en, { known });
}

/** Refuses a standard the rule set lacks: invalid input in a body `field`, not found in a path. */
export function checkStandard(ruleSet: RuleSet, code: string, field?: string): void {
  if (findStandard(ruleSet, code)) return;
  const known = ruleSet.standards.map((s) => s.code);
  const text = {
    vi: `Bộ tiêu chí ${ruleSet.id} không có tiêu chuẩn ${code}.`,
    en: `Rule set ${ruleSet.id} has no standard ${code}.`,
  };
  if (!field) throw new DomainError('NOT_FOUND', text, { code, known });
  throw invalid(field, text.vi, text.en, { known });
}

/** A gap's values are levels of its standard: numbers for a measured one, level ids for an ordinal one. */
export function checkGapValues(
  ruleSet: RuleSet,
  code: string,
  values: { current_value?: number | string | null; target_value?: number | string | null },
): void {
  const standard = findStandard(ruleSet, code);
  if (!standard) return;
  for (const key of ['current_value', 'target_value'] as const) {
    const value = values[key];
    if (value !== null && value !== undefined) {
      checkLevel(ruleSet, standard, value, `properties.${key}`);
    }
  }
}

/** Refuses a ward code that is not a unit of the 2025 layer. */
export function checkScope(wards: WardIndex, scope: Scope, field = 'scope'): void {
  if (scope === URBAN_SCOPE || wards.byCode(scope)) return;
  const known = [URBAN_SCOPE, ...wards.wards.features.map((f) => String(f.id))];
  throw invalid(
    field,
    `Phạm vi "${scope}" không có: dùng ${known.join(', ')}.`,
    `Unknown scope "${scope}": use ${known.join(', ')}.`,
    { known },
  );
}

/** A project a gap links to must exist: a gap that names nothing misleads the planner. */
export async function checkProject(store: Store, id: string | null | undefined): Promise<void> {
  if (!id || (await store.projects.get(id))) return;
  throw invalid('properties.project_id', `Không có dự án ${id}.`, `There is no project ${id}.`, {
    id,
  });
}

/** The checked geometry (or none) and the wards the gap lies in. */
export function placeGap(
  input: unknown,
  scope: Scope,
  deps: { wards: WardIndex; areaName: string },
): { geometry: GapGeometry | null; wards: WardRef[] } {
  if (input === null || input === undefined) {
    const wards = wardsOfScope(scope).flatMap((code) => {
      const ward = deps.wards.byCode(code);
      return ward ? [{ code, name: ward.properties.name }] : [];
    });
    return { geometry: null, wards };
  }
  const geometry = checkGapGeometry(input);
  checkGapInsideArea(geometry, deps.wards.serviceArea, deps.areaName);
  const wards =
    geometry.type === 'Point'
      ? [deps.wards.atPoint(geometry.coordinates)].filter((w): w is WardRef => w !== null)
      : deps.wards.wards.features
          .filter((f) => booleanIntersects(f, geometry))
          .map((f) => ({ code: String(f.id), name: f.properties.name }));
  // A gap of a ward lies in that ward; a gap of the urban area in one of its wards.
  const inScope = wardsOfScope(scope);
  if (!wards.some((w) => inScope.includes(w.code))) {
    throw invalid(
      'geometry',
      `Vị trí không thuộc phạm vi "${scope}" của tiêu chí. Sửa vị trí hoặc phạm vi.`,
      `The place is not in the gap's scope "${scope}". Correct the place or the scope.`,
      { scope, wards: wards.map((w) => w.code) },
    );
  }
  return { geometry, wards };
}
