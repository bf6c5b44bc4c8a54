/**
 * Violations counted as they stood at an instant, in SQL over the version table: the statistics
 * as of a past day and a month's flows. Each record's state is its last version before the
 * instant: the record's own row when it has not changed since, else that version's jsonb. The
 * SQL mirrors `matchesFilter` and `addFlows`; test/server/store/counts-as-of.ts pins them to the
 * same answers.
 */
import {
  CLOSING_STATUSES,
  type FlowWindow,
  type MonthFlows,
} from '../../domain/violations/monthly-flows.ts';
import type { Violation } from '../../domain/violations/violation.ts';
import type { ViolationGroup } from '../../domain/violations/ward-statistics.ts';
import { matchesFilter, type ViolationFilter } from '../filter.ts';
import { andWhere } from '../sql-where.ts';
import type { Queryable } from './pg-client.ts';
import { searchTsQuery } from './search.ts';
import { statesAt } from './violation-states.ts';
import { ROW_COLUMNS, whereClause, type ViolationColumns } from './violation-where.ts';

/** A JSON path under a jsonb value as text: `text("p", "steps.-1.status")`. */
function text(base: string, path: string): string {
  const keys = path.split('.').map((k) => (/^-?\d+$/.test(k) ? k : `'${k}'`));
  const last = keys.pop()!;
  return `(${[base, ...keys].join('->')}->>${last})`;
}

/** How a state is read: the columns the filter reads, and any property of it as text. */
export interface Source {
  columns: ViolationColumns;
  created_at: string;
  /** A property of the state (a path under `properties`) as text. */
  prop(path: string): string;
}

/** A record unchanged since the instant is its own row, kept from the same object as the JSON. */
export const UNCHANGED: Source = {
  columns: ROW_COLUMNS,
  created_at: 'v.created_at',
  prop: (path) => text('v.properties', path),
};

const P = `w.after->'properties'`;
/** Instants read from JSON compare byte by byte, as the row's COLLATE "C" columns do. */
const instant = (path: string) => `${text(P, path)} COLLATE "C"`;

/** A changed record is its version's JSON; its text is judged in JavaScript (see below). */
export const CHANGED: Source = {
  columns: {
    archived_at: text(P, 'archived_at'),
    kind: text(P, 'kind'),
    status: text(P, 'status'),
    ward_code: text(P, 'ward.code'),
    observed_at: instant('observed_at'),
    deadline: instant('deadline'),
    geom: `ST_SetSRID(ST_GeomFromGeoJSON(w.after->'geometry'), 4326)`,
    search: null,
  },
  created_at: instant('created_at'),
  prop: (path) => text(P, path),
};

interface GroupRow extends ViolationGroup {
  /** A changed record's state still to be judged on its text; null for a counted group. */
  state: Violation | null;
}

/**
 * The records as they stood at `instant`, counted by ward, kind, status and deadline. A text
 * filter on a past state needs the folding of domain/text.ts, which SQL has not: those states
 * (the changed records that pass every other clause) come back whole and are judged by
 * `matchesFilter`, as the SQLite store judges them in a function of its own.
 */
export async function countGroupsAsOf(
  pg: Queryable,
  instant: string,
  filter: ViolationFilter,
): Promise<ViolationGroup[]> {
  const params: unknown[] = [instant];
  const group = (src: Source) => {
    const c = src.columns;
    return `${c.ward_code} AS ward, ${c.kind} AS kind, ${c.status} AS status,
      ${c.deadline} AS deadline`;
  };
  const states = await statesAt(pg, instant);
  const unchanged = `SELECT ${group(UNCHANGED)}, count(*) AS count, NULL::jsonb AS state
    FROM ${states.unchanged.from}
    ${andWhere(whereClause(filter, params), states.unchanged.only)} GROUP BY 1, 2, 3, 4`;
  const where = andWhere(whereClause(filter, params, CHANGED.columns), states.changed.only);
  // A query with no word filters nothing, in SQL (whereClause) as here.
  const judged = filter.q && searchTsQuery(filter.q) ? searchOnly(filter.q) : null;
  const changed = judged
    ? `SELECT ${group(CHANGED)}, 1 AS count, w.after AS state FROM ${states.changed.from} ${where}`
    : `SELECT ${group(CHANGED)}, count(*) AS count, NULL::jsonb AS state
       FROM ${states.changed.from} ${where} GROUP BY 1, 2, 3, 4`;
  const rows = await pg.query<GroupRow>(
    `WITH ${states.with} ${unchanged} UNION ALL ${changed}`,
    params,
  );
  const groups = new Map<string, ViolationGroup>();
  for (const { state, ...g } of rows) {
    if (state && judged && !matchesFilter(state, judged)) continue;
    const key = JSON.stringify([g.ward, g.kind, g.status, g.deadline]);
    const seen = groups.get(key);
    if (seen) seen.count += g.count;
    else groups.set(key, g);
  }
  return [...groups.values()];
}

/** The filter that judges only the text (the rest was judged in SQL). */
export function searchOnly(q: string): ViolationFilter {
  return { q, archived: 'include', limit: 0, offset: 0 };
}

/**
 * `addFlows` over every record (archived too) in its last state before the window's end: opened
 * = created in the window; closed = in a closing status entered by its last step in the window;
 * archived = off the map (a non-empty archived_at, as JavaScript's truth test has it).
 */
export async function flows(pg: Queryable, window: FlowWindow): Promise<MonthFlows> {
  // $1 is the window's end (the states are read before it), $2 its start.
  const inWindow = (sql: string) => `(${sql} >= $2 AND ${sql} < $1)`;
  const states = await statesAt(pg, window.until);
  const part = (src: Source, from: { from: string; only: string }) => {
    const { status, archived_at } = src.columns;
    const step = (key: string) => `${src.prop(`steps.-1.${key}`)} COLLATE "C"`;
    return `SELECT
        count(*) FILTER (WHERE ${inWindow(src.created_at)}) AS opened,
        count(*) FILTER (WHERE ${status} = ANY($3::text[]) AND ${step('status')} = ${status}
          AND ${inWindow(step('entered_at'))}) AS closed,
        count(*) FILTER (WHERE ${archived_at} <> '') AS archived
      FROM ${from.from} ${andWhere('', from.only)}`;
  };
  const row = (await pg.one<MonthFlows>(
    `WITH ${states.with}
     SELECT sum(opened) AS opened, sum(closed) AS closed, sum(archived) AS archived
     FROM (${part(UNCHANGED, states.unchanged)} UNION ALL ${part(CHANGED, states.changed)}) parts`,
    [window.until, window.since, CLOSING_STATUSES],
  ))!;
  return { opened: row.opened, closed: row.closed, archived: row.archived };
}
