/** Entered indicator values in PostgreSQL: one row per rule set, standard and scope, and versions. */
import { indicatorKey, type IndicatorValue } from '../../domain/criteria/indicator.ts';
import type { AuditContext, IndicatorRepository, VersionEntry } from '../store.ts';
import type { Pg } from './pg-client.ts';
import { recordHistory, writeVersion } from './versions.ts';

const COLUMNS = 'rule_set, code, scope, value, source, note, entered_by, entered_at, version';

/** $1 … $9 of the insert and the update, in COLUMNS order; the value goes as JSON text. */
function columns(v: IndicatorValue): unknown[] {
  return [
    v.rule_set,
    v.code,
    v.scope,
    JSON.stringify(v.value),
    v.source,
    v.note,
    v.entered_by,
    v.entered_at,
    v.version,
  ];
}

const INSERT = `INSERT INTO criteria_indicators (${COLUMNS})
  VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9)
  ON CONFLICT DO NOTHING`;

// Joined to itself, the row answers the value it replaced in the same statement.
const UPDATE = `UPDATE criteria_indicators i SET value = $4::jsonb, source = $5, note = $6,
    entered_by = $7, entered_at = $8, version = $9
  FROM criteria_indicators old
  WHERE i.rule_set = $1 AND i.code = $2 AND i.scope = $3 AND i.version = $10
    AND (old.rule_set, old.code, old.scope) = (i.rule_set, i.code, i.scope)
  RETURNING ${COLUMNS.replace(/\w+/g, 'old.$&')}`;

export class PgIndicatorRepository implements IndicatorRepository {
  readonly #pg: Pg;

  constructor(pg: Pg) {
    this.#pg = pg;
  }

  get(ruleSet: string, code: string, scope: string): Promise<IndicatorValue | undefined> {
    return this.#pg.read.one<IndicatorValue>(
      `SELECT ${COLUMNS} FROM criteria_indicators
       WHERE rule_set = $1 AND code = $2 AND scope = $3`,
      [ruleSet, code, scope],
    );
  }

  list(ruleSet: string, scope: string): Promise<IndicatorValue[]> {
    return this.#pg.read.query<IndicatorValue>(
      `SELECT ${COLUMNS} FROM criteria_indicators
       WHERE rule_set = $1 AND scope = $2 ORDER BY code`,
      [ruleSet, scope],
    );
  }

  async listAsOf(ruleSet: string, scope: string, instant: string): Promise<IndicatorValue[]> {
    // Each value's last version before the instant; its key says which rule set and scope.
    const rows = await this.#pg.read.query<{ after: IndicatorValue | null }>(
      `SELECT DISTINCT ON (record_id) after FROM versions
       WHERE layer = 'indicators' AND starts_with(record_id, $1) AND at < $2
       ORDER BY record_id, seq DESC`,
      [`${ruleSet}/`, instant],
    );
    return rows
      .flatMap((r) => (r.after ? [r.after] : []))
      .filter((v) => v.rule_set === ruleSet && v.scope === scope)
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  put(
    value: IndicatorValue,
    expectedVersion: number | null,
    audit: AuditContext,
  ): Promise<boolean> {
    return this.#pg.transaction(async (tx) => {
      let before: IndicatorValue | null = null;
      if (expectedVersion === null) {
        // A first value: refused when one exists, so there is nothing before it.
        if ((await tx.run(INSERT, columns(value))).rowCount === 0) return false;
      } else {
        before =
          (await tx.one<IndicatorValue>(UPDATE, [...columns(value), expectedVersion])) ?? null;
        if (!before) return false;
      }
      const key = indicatorKey(value.rule_set, value.code, value.scope);
      const action = before ? 'update' : 'create';
      await writeVersion(tx, 'indicators', key, value.version, action, audit, before, value);
      return true;
    });
  }

  history(ruleSet: string, code: string, scope: string): Promise<VersionEntry<IndicatorValue>[]> {
    return recordHistory(this.#pg.read, 'indicators', indicatorKey(ruleSet, code, scope));
  }
}
