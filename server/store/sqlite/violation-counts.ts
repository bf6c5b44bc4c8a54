/**
 * Violations counted as they stood at an instant, in SQL over the version table: the statistics
 * as of a past day and a month's flows. Each record's state is its last version before the
 * instant: the record's own row when it has not changed since, else that version's JSON, read
 * with json_extract. No record crosses into JavaScript, except that the text and bbox filters
 * (which SQL cannot judge on a past state) call back into `matchesFilter` for the records left.
 * The SQL mirrors `matchesFilter` and `addFlows`; test/server/store/counts-as-of.test.ts pins
 * them to the same answers.
 */
import {
  CLOSING_STATUSES,
  type FlowWindow,
  type MonthFlows,
} from '../../domain/violations/monthly-flows.ts';
import type { ViolationGroup } from '../../domain/violations/ward-statistics.ts';
import { matchesFilter, periodBounds, type ViolationFilter } from '../filter.ts';
import type { Db } from './database.ts';
import { andWhere } from '../sql-where.ts';
import { statesAt, type Source } from './violation-states.ts';

/** The SQL function that applies the filters SQL cannot (text, bbox) to one state's JSON. */
const MATCHES = 'violation_state_matches';

/** Registers MATCHES on the connection (once per repository; registering again replaces it). */
export function registerCountFunctions(db: Db): void {
  db.function(MATCHES, { deterministic: true }, (state: unknown, filter: unknown) =>
    matchesFilter(JSON.parse(String(state)), JSON.parse(String(filter))) ? 1 : 0,
  );
}

/** `matchesFilter` as a WHERE over a state: the same tests, in the same order. */
export function stateWhere(
  src: Source,
  filter: ViolationFilter,
): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    clauses.push(sql);
    params.push(...values);
  };
  const list = (values: readonly unknown[]) => values.map(() => '?').join(',');
  const prop = src.prop;
  if (src.only) clauses.push(src.only);
  // != null in JavaScript: a missing property counts as not archived, as a JSON null does.
  if (filter.archived === undefined) add(`${prop('archived_at')} IS NULL`);
  if (filter.archived === 'only') add(`${prop('archived_at')} IS NOT NULL`);
  if (filter.kinds?.length) add(`${prop('kind')} IN (${list(filter.kinds)})`, ...filter.kinds);
  if (filter.statuses?.length) {
    add(`${prop('status')} IN (${list(filter.statuses)})`, ...filter.statuses);
  }
  if (filter.ward) add(`${prop('ward.code')} = ?`, filter.ward);
  const { since, until } = periodBounds(filter);
  if (since) add(`${prop('observed_at')} >= ?`, since);
  if (until) add(`${prop('observed_at')} < ?`, until);
  if (filter.observedFrom) add(`${prop('observed_at')} >= ?`, filter.observedFrom);
  if (filter.observedTo) add(`${prop('observed_at')} <= ?`, filter.observedTo);
  if (filter.overdueOn) add(`${prop('deadline')} < ?`, filter.overdueOn);
  if (filter.onTimeOn) {
    add(`(${prop('deadline')} IS NULL OR ${prop('deadline')} >= ?)`, filter.onTimeOn);
  }
  if (filter.bbox || filter.q || filter.shape) {
    // Only what is left to test: archived records passed the clause above already.
    const rest: ViolationFilter = {
      bbox: filter.bbox,
      q: filter.q,
      shape: filter.shape,
      archived: 'include',
      limit: 0,
      offset: 0,
    };
    add(`${MATCHES}(${src.record}, ?)`, JSON.stringify(rest));
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** The records as they stood at `instant`, counted by ward, kind, status and deadline. */
export function countGroupsAsOf(
  db: Db,
  instant: string,
  filter: ViolationFilter,
): ViolationGroup[] {
  const part = (src: Source) => {
    const { where, params } = stateWhere(src, filter);
    const p = src.prop;
    const sql = `SELECT ${p('ward.code')} AS ward, ${p('kind')} AS kind, ${p('status')} AS status,
        ${p('deadline')} AS deadline, count(*) AS count
      FROM ${src.from} ${where} GROUP BY 1, 2, 3, 4`;
    return { sql, params };
  };
  const states = statesAt(db, instant);
  const [a, b] = [part(states.unchanged), part(states.changed)];
  return db
    .prepare<unknown[], ViolationGroup>(
      `WITH ${states.with}
       SELECT ward, kind, status, deadline, sum(count) AS count
       FROM (${a.sql} UNION ALL ${b.sql}) GROUP BY 1, 2, 3, 4`,
    )
    .all(...states.params, ...a.params, ...b.params);
}

/**
 * `addFlows` over every record (archived too) in its last state before the window's end: opened
 * = created in the window; closed = in a closing status entered by its last step in the window;
 * archived = off the map (a non-empty archived_at, as JavaScript's truth test has it).
 */
export function flows(db: Db, window: FlowWindow): MonthFlows {
  const closing = CLOSING_STATUSES.map((s) => `'${s}'`).join(', ');
  const inWindow = (sql: string) => `(${sql} >= @since AND ${sql} < @until)`;
  const part = (src: Source) => {
    const p = src.prop;
    // The last step is read only for a case in a closing status: few, and JSON is the cost.
    return `SELECT
        coalesce(sum(CASE WHEN ${inWindow(p('created_at'))} THEN 1 ELSE 0 END), 0) AS opened,
        coalesce(sum(CASE WHEN ${p('status')} IN (${closing})
          AND ${p('steps[#-1].status')} = ${p('status')}
          AND ${inWindow(p('steps[#-1].entered_at'))} THEN 1 ELSE 0 END), 0) AS closed,
        coalesce(sum(CASE WHEN ${p('archived_at')} <> '' THEN 1 ELSE 0 END), 0) AS archived
      FROM ${src.from} ${andWhere('', src.only)}`;
  };
  const states = statesAt(db, window.until, '@until');
  const row = db
    .prepare<{ since: string; until: string }, MonthFlows>(
      `WITH ${states.with}
       SELECT sum(opened) AS opened, sum(closed) AS closed, sum(archived) AS archived
       FROM (${part(states.unchanged)} UNION ALL ${part(states.changed)})`,
    )
    .get({ since: window.since, until: window.until })!;
  return { opened: row.opened, closed: row.closed, archived: row.archived };
}
