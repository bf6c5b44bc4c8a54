/**
 * Criteria use cases: the rule sets, indicator values (entered, or computed from the layers) and
 * the scorecard with the gaps of each standard, now or as of a past day.
 */
import { can, type Principal } from '../domain/access/permissions.ts';
import { computedIndicators } from '../domain/criteria/computed.ts';
import type {
  IndicatorInput,
  IndicatorValue,
  ResolvedIndicator,
} from '../domain/criteria/indicator.ts';
import { checkLevel } from '../domain/criteria/level-check.ts';
import type { GapSummary, ScorecardReport } from '../domain/criteria/report.ts';
import { findStandard, ruleSetOn, type RuleSet } from '../domain/criteria/rule-set.ts';
import { scoreClasses } from '../domain/criteria/scorecard.ts';
import { URBAN_SCOPE, wardsOfScope, type Scope } from '../domain/criteria/scope.ts';
import { endOfLocalDay, localDate } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import type { Locale, Localized } from '../domain/i18n.ts';
import { MAX_PAGE } from '../domain/violations/violation-query.ts';
import type { Ward, WardIndex } from '../domain/wards.ts';
import type { Store, VersionEntry } from '../store/store.ts';
import type { Clock } from '../domain/clock.ts';
import { checkScope, checkStandard, ruleSetOf } from './gap-checks.ts';

export interface CriteriaServiceDeps {
  store: Store;
  wards: WardIndex;
  clock: Clock;
  ruleSets: readonly RuleSet[];
}

const URBAN_NAME: Localized = {
  vi: 'Khu vực đô thị (phường Bắc Kạn, phường Đức Xuân)',
  en: 'Urban area (Bắc Kạn and Đức Xuân wards)',
};

const conflict = (current: number) =>
  new DomainError(
    'CONFLICT',
    {
      vi: 'Giá trị vừa được người khác thay đổi. Hãy tải lại rồi thử lại.',
      en: 'Someone else changed this value meanwhile. Reload it and try again.',
    },
    { current_version: current },
  );

/** An entered value as a reader sees it: the public does not see who entered it. */
function viewValue(v: IndicatorValue, actor: Principal | null): IndicatorValue {
  return can(actor, 'records:read') ? v : { ...v, entered_by: null };
}

export class CriteriaService {
  constructor(private readonly deps: CriteriaServiceDeps) {}

  ruleSets(): readonly RuleSet[] {
    return this.deps.ruleSets;
  }

  #scope(ruleSetId: string, scope: Scope): RuleSet {
    const ruleSet = ruleSetOf(this.deps.ruleSets, ruleSetId);
    checkScope(this.deps.wards, scope);
    return ruleSet;
  }

  #wards(scope: Scope): Ward[] {
    return wardsOfScope(scope).flatMap((code) => this.deps.wards.byCode(code) ?? []);
  }

  /** Entered values win over computed ones: a yearbook figure is better than our estimate. */
  async resolved(
    ruleSet: RuleSet,
    scope: Scope,
    asOf: string | undefined,
    locale: Locale,
  ): Promise<Record<string, ResolvedIndicator & { entered: IndicatorValue | null }>> {
    const values: Record<string, ResolvedIndicator & { entered: IndicatorValue | null }> = {};
    for (const [code, c] of Object.entries(computedIndicators(this.#wards(scope)))) {
      if (findStandard(ruleSet, code)) {
        values[code] = {
          value: c.value,
          source: 'computed',
          note: c.note[locale],
          version: null,
          entered: null,
        };
      }
    }
    const entered = asOf
      ? await this.deps.store.indicators.listAsOf(ruleSet.id, scope, endOfLocalDay(asOf))
      : await this.deps.store.indicators.list(ruleSet.id, scope);
    for (const v of entered) {
      values[v.code] = {
        value: v.value,
        source: v.source,
        note: v.note,
        version: v.version,
        entered: v,
      };
    }
    return values;
  }

  /** Every standard's value for a scope, with where it came from. */
  async indicators(
    ruleSetId: string,
    scope: Scope,
    asOf: string | undefined,
    locale: Locale,
    actor: Principal | null,
  ) {
    const ruleSet = this.#scope(ruleSetId, scope);
    const values = await this.resolved(ruleSet, scope, asOf, locale);
    return {
      rule_set: ruleSet.id,
      scope,
      as_of: asOf ?? localDate(this.deps.clock.now()),
      indicators: ruleSet.standards.map((s) => {
        const v = values[s.code];
        const entered = v?.entered ? viewValue(v.entered, actor) : null;
        return {
          code: s.code,
          value: v?.value ?? null,
          source: v?.source ?? null,
          note: v?.note ?? null,
          version: v?.version ?? null,
          entered_by: entered?.entered_by ?? null,
          entered_at: entered?.entered_at ?? null,
        };
      }),
    };
  }

  async scorecard(
    ruleSetId: string,
    scope: Scope,
    asOf: string | undefined,
    locale: Locale,
  ): Promise<ScorecardReport> {
    const ruleSet = this.#scope(ruleSetId, scope);
    const values = await this.resolved(ruleSet, scope, asOf, locale);
    const filter = {
      ruleSet: ruleSet.id,
      ward: scope === URBAN_SCOPE ? undefined : scope,
      limit: MAX_PAGE,
      offset: 0,
    };
    const gaps = asOf
      ? await this.deps.store.gaps.listAsOf(endOfLocalDay(asOf), filter)
      : await this.deps.store.gaps.list(filter);
    const byStandard = new Map<string, GapSummary[]>();
    for (const g of gaps.items) {
      const p = g.properties;
      const list = byStandard.get(p.standard) ?? [];
      list.push({ id: g.id, title: p.title, status: p.status, scope: p.scope });
      byStandard.set(p.standard, list);
    }
    const ward = scope === URBAN_SCOPE ? undefined : this.deps.wards.byCode(scope);
    const asOfDay = asOf ?? localDate(this.deps.clock.now());
    return {
      rule_set: {
        id: ruleSet.id,
        title: ruleSet.title,
        legal_basis: ruleSet.legal_basis,
        source: ruleSet.source,
        in_force: ruleSetOn([ruleSet], asOfDay) !== undefined,
      },
      scope,
      scope_name: ward ? { vi: ward.properties.name, en: ward.properties.name } : URBAN_NAME,
      as_of: asOfDay,
      classes: scoreClasses(ruleSet, values).map((c) => ({
        ...c,
        standards: c.standards.map((s) => ({ ...s, gaps: byStandard.get(s.code) ?? [] })),
      })),
    };
  }

  /** Enters a value; the same value again writes nothing. */
  async put(
    ruleSetId: string,
    code: string,
    scope: Scope,
    input: IndicatorInput,
    actor: Principal | null,
  ): Promise<{ value: IndicatorValue; created: boolean }> {
    const ruleSet = this.#scope(ruleSetId, scope);
    checkStandard(ruleSet, code);
    checkLevel(ruleSet, findStandard(ruleSet, code)!, input.value);
    const store = this.deps.store.indicators;
    const current = await store.get(ruleSet.id, code, scope);
    if (input.version !== undefined && input.version !== (current?.version ?? 0)) {
      throw conflict(current?.version ?? 0);
    }
    if (
      current &&
      JSON.stringify(current.value) === JSON.stringify(input.value) &&
      current.source === input.source &&
      current.note === input.note
    ) {
      return { value: viewValue(current, actor), created: false };
    }
    const now = this.deps.clock.now().toISOString();
    const value: IndicatorValue = {
      rule_set: ruleSet.id,
      code,
      scope,
      value: input.value,
      source: input.source,
      note: input.note,
      entered_by: actor?.id ?? null,
      entered_at: now,
      version: (current?.version ?? 0) + 1,
    };
    const audit = { user: actor?.id ?? null, at: now, reason: input.reason };
    if (!(await store.put(value, current ? current.version : null, audit))) {
      throw conflict((await store.get(ruleSet.id, code, scope))?.version ?? 0);
    }
    return { value: viewValue(value, actor), created: !current };
  }

  async history(
    ruleSetId: string,
    code: string,
    scope: Scope,
  ): Promise<VersionEntry<IndicatorValue>[]> {
    const ruleSet = this.#scope(ruleSetId, scope);
    checkStandard(ruleSet, code);
    return await this.deps.store.indicators.history(ruleSet.id, code, scope);
  }
}
