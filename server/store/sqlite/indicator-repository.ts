/** Entered indicator values in SQLite: one row per rule set, standard and scope, and versions. */
import type { Synchronous } from './synchronous.ts';
import { indicatorKey, type IndicatorValue } from '../../domain/criteria/indicator.ts';
import type { AuditContext, IndicatorRepository, VersionEntry } from '../store.ts';
import type { Db } from './database.ts';
import { recordHistory } from './record-versions.ts';
import { VersionWriter } from './versions.ts';

interface Row {
  rule_set: string;
  code: string;
  scope: string;
  value: string;
  source: IndicatorValue['source'];
  note: string;
  entered_by: string | null;
  entered_at: string;
  version: number;
}

function fromRow(r: Row): IndicatorValue {
  return { ...r, value: JSON.parse(r.value) } as IndicatorValue;
}

export class SqliteIndicatorRepository implements Synchronous<IndicatorRepository> {
  readonly #db: Db;
  readonly #sql;
  readonly #versions: VersionWriter;

  constructor(db: Db) {
    this.#db = db;
    this.#sql = {
      get: db.prepare<[string, string, string], Row>(
        'SELECT * FROM criteria_indicators WHERE rule_set = ? AND code = ? AND scope = ?',
      ),
      list: db.prepare<[string, string], Row>(
        'SELECT * FROM criteria_indicators WHERE rule_set = ? AND scope = ? ORDER BY code',
      ),
      insert: db.prepare(`INSERT INTO criteria_indicators
        (rule_set, code, scope, value, source, note, entered_by, entered_at, version)
        VALUES (@rule_set, @code, @scope, @value, @source, @note, @entered_by, @entered_at, @version)
        ON CONFLICT DO NOTHING`),
      update: db.prepare(`UPDATE criteria_indicators SET value = @value, source = @source,
        note = @note, entered_by = @entered_by, entered_at = @entered_at, version = @version
        WHERE rule_set = @rule_set AND code = @code AND scope = @scope AND version = @expected`),
      // Each value's last version before the instant; its key says which rule set and scope.
      asOf: db.prepare<[string, string], { after: string | null }>(
        `SELECT w.after FROM (
           SELECT max(seq) AS seq FROM versions
           WHERE layer = 'indicators' AND record_id LIKE ? ESCAPE '\\' AND at < ?
           GROUP BY record_id) l
         CROSS JOIN versions w ON w.seq = l.seq
         ORDER BY w.record_id`,
      ),
    };
    this.#versions = new VersionWriter(db);
  }

  get(ruleSet: string, code: string, scope: string): IndicatorValue | undefined {
    const row = this.#sql.get.get(ruleSet, code, scope);
    return row ? fromRow(row) : undefined;
  }

  list(ruleSet: string, scope: string): IndicatorValue[] {
    return this.#sql.list.all(ruleSet, scope).map(fromRow);
  }

  listAsOf(ruleSet: string, scope: string, instant: string): IndicatorValue[] {
    return this.#sql.asOf
      .all(`${escapeLike(ruleSet)}/%`, instant)
      .flatMap((r) => (r.after ? [JSON.parse(r.after) as IndicatorValue] : []))
      .filter((v) => v.rule_set === ruleSet && v.scope === scope)
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  put(value: IndicatorValue, expectedVersion: number | null, audit: AuditContext): boolean {
    return this.#db
      .transaction(() => {
        const before = this.get(value.rule_set, value.code, value.scope) ?? null;
        const columns = { ...value, value: JSON.stringify(value.value) };
        const result =
          expectedVersion === null
            ? this.#sql.insert.run(columns)
            : this.#sql.update.run({ ...columns, expected: expectedVersion });
        if (result.changes === 0) return false;
        const key = indicatorKey(value.rule_set, value.code, value.scope);
        const action = before ? 'update' : 'create';
        this.#versions.write('indicators', key, value.version, action, audit, before, value);
        return true;
      })
      .immediate();
  }

  history(ruleSet: string, code: string, scope: string): VersionEntry<IndicatorValue>[] {
    return recordHistory(this.#db, 'indicators', indicatorKey(ruleSet, code, scope));
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
