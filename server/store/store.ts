/**
 * The store contract. Routes and services see only this, so a PostgreSQL/PostGIS store can serve
 * the same contract when one machine is outgrown.
 */
import type { Violation } from '../domain/violation.ts';
import type { ViolationFilter } from './filter.ts';

/** Who makes a change and when; written with every version row. */
export interface AuditContext {
  /** The signed-in user, or null while the API is open (before accounts exist). */
  user: string | null;
  /** ISO instant of the change. */
  at: string;
  reason?: string;
}

export interface Page<T> {
  items: T[];
  /** How many match the filter, before paging. */
  total: number;
}

/** One row of a record's history: the audit trail and the source for "the map as of a date". */
export interface VersionEntry<T> {
  version: number;
  action: string;
  at: string;
  user: string | null;
  reason: string | null;
  before: T | null;
  after: T | null;
}

export interface ViolationRepository {
  get(id: string): Violation | undefined;
  list(filter: ViolationFilter): Page<Violation>;
  /** The records as they stood at an instant, from the version history. */
  listAsOf(instant: string, filter: ViolationFilter): Page<Violation>;
  /** Inserts a new record and its first version; false when the id exists already. */
  insert(violation: Violation, action: string, audit: AuditContext): boolean;
  /** Replaces a record if it is still at `expectedVersion`; false when someone changed it first. */
  update(
    violation: Violation,
    expectedVersion: number,
    action: string,
    audit: AuditContext,
  ): boolean;
  history(id: string): VersionEntry<Violation>[];
}

export interface Store {
  readonly violations: ViolationRepository;
  close(): void;
}
