/**
 * The urban-classification criteria: the rule sets as shipped, the scorecard of a scope, and the
 * entry of an indicator value. One place that talks to /api/criteria.
 */
import type { IndicatorInput } from '../../../../server/domain/criteria/indicator.ts';
import type { ScorecardReport } from '../../../../server/domain/criteria/report.ts';
import type { RuleSet } from '../../../../server/domain/criteria/rule-set.ts';
import { client, unwrap } from '../api.ts';

export class CriteriaState {
  #ruleSets = $state.raw<RuleSet[]>([]);
  #scorecard = $state.raw<ScorecardReport | null>(null);
  #error = $state<string | null>(null);

  get ruleSets(): RuleSet[] {
    return this.#ruleSets;
  }
  get scorecard(): ScorecardReport | null {
    return this.#scorecard;
  }
  get error(): string | null {
    return this.#error;
  }

  /** The rule set with this id, once the catalog has come. */
  ruleSet = (id: string): RuleSet | undefined => this.#ruleSets.find((r) => r.id === id);

  async loadRuleSets(): Promise<void> {
    try {
      const answer = await unwrap(client.api.criteria.$get());
      this.#ruleSets = answer.rule_sets as RuleSet[];
    } catch (e) {
      this.#error = (e as Error).message;
    }
  }

  /** The scorecard of a rule set for the urban area or a ward, now or as of a day. */
  async loadScorecard(ruleSet: string, scope: string, asOf: string | null): Promise<void> {
    try {
      const query = { scope, ...(asOf && { asOf }) };
      this.#scorecard = (await unwrap(
        client.api.criteria[':ruleSet'].scorecard.$get({ param: { ruleSet }, query }),
      )) as ScorecardReport;
      this.#error = null;
    } catch (e) {
      this.#error = (e as Error).message;
    }
  }

  /** Enters a standard's value, then scores again. */
  async enter(ruleSet: string, code: string, scope: string, input: IndicatorInput): Promise<void> {
    await unwrap(
      client.api.criteria[':ruleSet'].indicators[':code'].$put({
        param: { ruleSet, code },
        query: { scope },
        json: input,
      }),
    );
    await this.loadScorecard(ruleSet, scope, null);
  }
}
