/**
 * A GeoPackage as reviewable text, for its golden file: the header pragmas, the schema, and every
 * row of every table (geometry blobs in hex). Bytes alone would change with any SQLite upgrade;
 * the identical-bytes test checks those separately.
 */
import Database from 'better-sqlite3';

export function dumpGeoPackage(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const lines: string[] = [];
    for (const pragma of ['application_id', 'user_version', 'journal_mode']) {
      lines.push(`${pragma} = ${db.pragma(pragma, { simple: true })}`);
    }
    const tables = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY rowid")
      .all() as { name: string; sql: string }[];
    for (const { name, sql } of tables) {
      lines.push('', sql.replace(/\s+/g, ' '));
      const rows = db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all() as Record<
        string,
        unknown
      >[];
      for (const row of rows) {
        const shown = Object.fromEntries(
          Object.entries(row).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('hex') : v]),
        );
        lines.push(JSON.stringify(shown));
      }
    }
    return `${lines.join('\n')}\n`;
  } finally {
    db.close();
  }
}
