/**
 * The store a process opens: PostgreSQL when DATABASE_URL names one, else the SQLite file in
 * DATA_DIR. The server and every CLI open it here, so they always agree on where the records are.
 */
import type { DataPaths } from '../data-dir.ts';
import { createPostgresStore } from './postgres/postgres-store.ts';
import { createSqliteStore } from './sqlite/sqlite-store.ts';
import type { ReadBudgets } from './store-errors.ts';
import type { Store } from './store.ts';

export interface OpenedStore {
  store: Store;
  /** Where the records are, for logs and messages; a URL's password is never shown. */
  location: string;
  kind: 'sqlite' | 'postgres';
}

export async function openStore(
  databaseUrl: string | null,
  paths: DataPaths,
  options: { budgets?: ReadBudgets; readers?: number } = {},
): Promise<OpenedStore> {
  if (databaseUrl) {
    return {
      store: await createPostgresStore(databaseUrl, options),
      location: safeUrl(databaseUrl),
      kind: 'postgres',
    };
  }
  return {
    store: createSqliteStore(paths.database, options),
    location: paths.database,
    kind: 'sqlite',
  };
}

/** The URL without its password. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}
