/** Every repository of the SQLite store over one connection, answering at once. */
import { complaintKind } from '../../domain/complaints/complaint-kind.ts';
import { gapKind } from '../../domain/gaps/gap-kind.ts';
import { projectKind } from '../../domain/projects/project-kind.ts';
import type { Store } from '../store.ts';
import type { Db } from './database.ts';
import { SqliteIndicatorRepository } from './indicator-repository.ts';
import { SqliteRecordRepository } from './record-repository.ts';
import { SqliteSessionRepository } from './session-repository.ts';
import type { Synchronous } from './synchronous.ts';
import { SqliteTokenRepository } from './token-repository.ts';
import { SqliteUserRepository } from './user-repository.ts';
import { SqliteVersionHistory, type HistoryPages } from './version-history.ts';
import { SqliteAuditLog } from './versions.ts';
import { SqliteViolationRepository } from './violation-repository.ts';

export type RepositoryName = Exclude<keyof Store, 'close'>;

/** Each repository as the contract has it, answered at once; the history read in pages. */
export type SyncRepositories = {
  [K in Exclude<RepositoryName, 'versions'>]: Synchronous<Store[K]>;
} & { versions: HistoryPages };

export function openRepositories(db: Db): SyncRepositories {
  return {
    violations: new SqliteViolationRepository(db),
    projects: new SqliteRecordRepository(db, projectKind),
    gaps: new SqliteRecordRepository(db, gapKind),
    complaints: new SqliteRecordRepository(db, complaintKind),
    indicators: new SqliteIndicatorRepository(db),
    users: new SqliteUserRepository(db),
    sessions: new SqliteSessionRepository(db),
    tokens: new SqliteTokenRepository(db),
    audit: new SqliteAuditLog(db),
    versions: new SqliteVersionHistory(db),
  };
}
