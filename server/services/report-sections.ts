/** Sections of the monthly summary that come from other services: the criteria scorecard. */
import { ruleSetOn } from '../domain/criteria/rule-set.ts';
import { URBAN_SCOPE } from '../domain/criteria/scope.ts';
import { scorecardSection } from '../domain/monthly-sections.ts';
import type { CriteriaService } from './criteria.ts';
import type { ReportSectionSource } from './monthly-report.ts';

/**
 * The urban area's scorecard on the month's last day beside the month before's, both under the
 * rule set in force at the month's end (so the two are scored alike); none before any rule set.
 */
export function scorecardSource(criteria: CriteriaService): ReportSectionSource {
  return {
    async section(today, previousDay) {
      const ruleSet = ruleSetOn(criteria.ruleSets(), today);
      if (!ruleSet) return null;
      return scorecardSection(
        await criteria.scorecard(ruleSet.id, URBAN_SCOPE, today, 'vi'),
        await criteria.scorecard(ruleSet.id, URBAN_SCOPE, previousDay, 'vi'),
      );
    },
  };
}
