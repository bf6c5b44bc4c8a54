/**
 * Sections of the monthly summary that come from other services or kinds: the criteria scorecard,
 * the petitions.
 */
import { ruleSetOn } from '../domain/criteria/rule-set.ts';
import { URBAN_SCOPE } from '../domain/criteria/scope.ts';
import { scorecardSection } from '../domain/monthly-sections.ts';
import { complaintSection } from '../domain/complaints/complaint-summary.ts';
import { endOfLocalDay } from '../domain/dates.ts';
import type { Store } from '../store/store.ts';
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

/** Every petition as it stood at the end of a day: a few hundred a year, read whole. */
async function complaintsOn(store: Store, day: string) {
  const all = { limit: Number.MAX_SAFE_INTEGER, offset: 0 };
  return { day, complaints: (await store.complaints.listAsOf(endOfLocalDay(day), all)).items };
}

/** Petitions by type and status, overdue and received, at the month's end and the one before. */
export function complaintSource(store: Store): ReportSectionSource {
  return {
    async section(today, previousDay) {
      return complaintSection(
        await complaintsOn(store, today),
        await complaintsOn(store, previousDay),
      );
    },
  };
}
