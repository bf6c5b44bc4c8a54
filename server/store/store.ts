/**
 * The store contract. Routes and services see only this, so a PostgreSQL/PostGIS store can serve
 * the same contract when one machine is outgrown.
 */
import type { ApiToken, User } from '../domain/access/user.ts';
import type { Violation } from '../domain/violation.ts';
import type { ViolationFilter } from './filter.ts';

/** Who makes a change and when; written with every version row. */
export interface AuditContext {
  /** The signed-in user's id; null for a change no person made (a migration, a seed). */
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

/** The layers whose changes the version table keeps. */
export type AuditLayer = 'violations' | 'projects' | 'gaps' | 'users' | 'tokens';

/** The layers of map records (exports, OGC API); accounts are versioned too but are not records. */
export type RecordLayer = 'violations' | 'projects' | 'gaps';

/** A record as it stood at an instant, from its last version before it. */
export interface RecordState {
  id: string;
  /** The record's JSON as that version stored it (a Violation for the violations layer). */
  state: unknown;
}

/** Reads of the version table across records: what monthly exports are made of. */
export interface VersionHistory {
  /**
   * Every record of the layer with a version in [since, until), in its last state before `until`,
   * ordered by record id. Streamed: for a database file it reads on a connection of its own (one
   * consistent snapshot), so the store answers other calls while a long export is consumed. Call
   * `return()` on the iterator when stopping early, to release that connection.
   */
  statesChangedIn(layer: RecordLayer, since: string, until: string): IterableIterator<RecordState>;
  /** The instant of the first version of any of these layers, or null when none has one. */
  firstChange(layers: readonly RecordLayer[]): string | null;
}

export interface UserRepository {
  count(): number;
  get(id: string): User | undefined;
  /** Usernames compare without case. */
  byUsername(username: string): User | undefined;
  list(): User[];
  /** False when the id or the username exists already. */
  insert(user: User, audit: AuditContext): boolean;
  /** False when someone changed the user first. The audit copy never holds the password hash. */
  update(user: User, expectedVersion: number, action: string, audit: AuditContext): boolean;
}

export interface Session {
  /** SHA-256 of the cookie's value; the value itself is never stored. */
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface SessionRepository {
  insert(session: Session): void;
  get(tokenHash: string): Session | undefined;
  /** Slides an active session's expiry forward. */
  touch(tokenHash: string, lastSeenAt: string, expiresAt: string): void;
  delete(tokenHash: string): void;
  /** Signs a user out everywhere: after a password change, a reset or disabling. */
  deleteForUser(userId: string): void;
  deleteExpired(now: string): number;
}

export interface TokenRepository {
  insert(token: ApiToken, tokenHash: string, audit: AuditContext): void;
  get(id: string): ApiToken | undefined;
  /** A live (not revoked) token by the hash of its secret. */
  byHash(tokenHash: string): ApiToken | undefined;
  listForUser(userId: string): ApiToken[];
  /** False when the token is unknown or revoked already. */
  revoke(id: string, audit: AuditContext): boolean;
  touch(id: string, at: string): void;
}

export interface AuditFilter {
  layer?: AuditLayer;
  recordId?: string;
  /** The user who made the change. */
  user?: string;
  /** An action, or its prefix before ':' (`step` matches `step:verified`). */
  action?: string;
  /** Instants: since (inclusive) and until (exclusive). */
  since?: string;
  until?: string;
  limit: number;
  offset: number;
}

export interface AuditEntry extends VersionEntry<unknown> {
  seq: number;
  layer: AuditLayer;
  record_id: string;
}

export interface AuditLog {
  /** The newest changes first. */
  list(filter: AuditFilter): Page<AuditEntry>;
}

export interface Store {
  readonly violations: ViolationRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly tokens: TokenRepository;
  readonly audit: AuditLog;
  readonly versions: VersionHistory;
  close(): void;
}
