/**
 * Ward statistics: violations counted by ward × kind × status, now (a GROUP BY on the records) or
 * at the end of a past day (a GROUP BY on the version history), and clearance projects by ward. The
 * route and the monthly summary both call `byWard`; it checks the query but not who asks: callers
 * decide that.
 */
import { refuseFutureAsOf } from '../domain/as-of.ts';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { ViolationKind } from '../domain/violations/violation-kinds.ts';
import type { ViolationStatus } from '../domain/violations/violation-statuses.ts';
import { endOfLocalDay, formatDateVi, localDate } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import type { ClearanceProject } from '../domain/projects/project.ts';
import { toProjectFeature } from '../domain/projects/project-record.ts';
import {
  tallyProjects,
  type ProjectFacts,
  type ProjectStatistics,
} from '../domain/projects/project-statistics.ts';
import {
  tallyByWard,
  type ViolationStatistics,
  type WardInfo,
} from '../domain/violations/ward-statistics.ts';
import type { WardProps } from '../domain/wards.ts';
import type { ViolationFilter } from '../store/filter.ts';
import { matchesRecordFilter } from '../domain/engine/record-filter.ts';
import type { ProjectFilter } from '../domain/projects/project-filter.ts';
import { projectKind } from '../domain/projects/project-kind.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from '../domain/clock.ts';

export interface StatisticsQuery {
  /** The state at the end of this local day (YYYY-MM-DD); now when absent. */
  asOf?: string;
  kinds?: ViolationKind[];
  statuses?: ViolationStatus[];
  /** One 2025 ward ("2025-01843"): only its row. */
  ward?: string;
  /** Observed on or after / on or before these local days. */
  from?: string;
  to?: string;
  /** Words that must all appear in the record's text (diacritics ignored). */
  q?: string;
}

export interface StatisticsDeps {
  store: Store;
  /** The current (2025) units: every one gets a row, in this order. */
  wards: FeatureCollection<Polygon | MultiPolygon, WardProps>;
  clock: Clock;
}

/** The answer of GET /api/stats. */
export interface WardStatistics {
  /** The day asked for, or null for the records as they are now. */
  as_of: string | null;
  violations: ViolationStatistics;
  /** Every project of the wards asked for; the violation filters (kind, status, period) do not apply. */
  projects: ProjectStatistics;
}

function refused(field: string, vi: string, en: string): DomainError {
  return new DomainError('VALIDATION_FAILED', { vi, en }, { field });
}

/** What the project tally needs, judged on a day; archived projects are off the map. */
function* projectFacts(
  projects: Iterable<ClearanceProject>,
  filter: ProjectFilter,
  judgedOn: string,
): Generator<ProjectFacts> {
  for (const project of projects) {
    if (!matchesRecordFilter(projectKind, project, filter)) continue;
    const { ward_codes, stage, households, blocked } = project.properties;
    const overdue = toProjectFeature(project, judgedOn).properties.overdue;
    yield { ward_codes, stage, households, blocked, overdue };
  }
}

/** The records of a stream of states, read whole: projects are tens, not thousands. */
async function statesOf<T>(states: AsyncIterable<{ state: unknown }>): Promise<T[]> {
  const records: T[] = [];
  for await (const { state } of states) records.push(state as T);
  return records;
}

export class StatisticsService {
  readonly #wards: WardInfo[];

  constructor(private readonly deps: StatisticsDeps) {
    this.#wards = deps.wards.features.map((f) => ({
      code: String(f.id),
      name: f.properties.name,
      short_name: f.properties.short_name,
      population: typeof f.properties.population === 'number' ? f.properties.population : null,
    }));
  }

  /** The units every answer lists, in order. */
  get wards(): readonly WardInfo[] {
    return this.#wards;
  }

  /**
   * Counts by ward. Archived records are left out, as they are off the map. Overdue is judged at
   * the end of `asOf`, or today (office time) for the current counts.
   */
  async byWard(query: StatisticsQuery): Promise<WardStatistics> {
    const today = localDate(this.deps.clock.now());
    this.#check(query, today);
    const wards = query.ward ? this.#wards.filter((w) => w.code === query.ward) : this.#wards;
    const filter: ViolationFilter = {
      kinds: query.kinds,
      statuses: query.statuses,
      ward: query.ward,
      from: query.from,
      to: query.to,
      q: query.q,
      limit: 0,
      offset: 0,
    };
    const judgedOn = query.asOf ?? today;
    const groups = query.asOf
      ? // Every record with a version before the day's end, in its last state then.
        await this.deps.store.violations.countGroupsAsOf(endOfLocalDay(query.asOf), filter)
      : await this.deps.store.violations.countGroups(filter);
    return {
      as_of: query.asOf ?? null,
      violations: tallyByWard(groups, wards, judgedOn),
      projects: await this.#projects(query, wards, judgedOn),
    };
  }

  /** Projects are few (tens, not thousands): they are read whole, now or from the history. */
  async #projects(
    query: StatisticsQuery,
    wards: readonly WardInfo[],
    judgedOn: string,
  ): Promise<ProjectStatistics> {
    const filter: ProjectFilter = { ward: query.ward, limit: Number.MAX_SAFE_INTEGER, offset: 0 };
    const { store } = this.deps;
    const projects = query.asOf
      ? await statesOf<ClearanceProject>(
          store.versions.statesChangedIn('projects', '', endOfLocalDay(query.asOf)),
        )
      : (await store.projects.list(filter)).items;
    return tallyProjects(
      projectFacts(projects, filter, judgedOn),
      wards.map((w) => w.code),
    );
  }

  #check(query: StatisticsQuery, today: string): void {
    refuseFutureAsOf(query.asOf, today);
    if (query.from && query.to && query.from > query.to) {
      throw refused(
        'from',
        `Khoảng thời gian ngược: từ ${formatDateVi(query.from)} đến ${formatDateVi(query.to)}.`,
        `The period is reversed: from ${query.from} to ${query.to}.`,
      );
    }
    if (query.ward && !this.#wards.some((w) => w.code === query.ward)) {
      throw refused(
        'ward',
        `Không có phường, xã ${query.ward} trong các đơn vị hiện hành: ${this.#codes()}.`,
        `There is no current ward ${query.ward}. Use one of: ${this.#codes()}.`,
      );
    }
  }

  #codes(): string {
    return this.#wards.map((w) => `${w.code} (${w.name})`).join(', ');
  }
}
