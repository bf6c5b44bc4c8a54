/**
 * The store contract. Routes and services see only this, so a PostgreSQL/PostGIS store can serve
 * the same contract when one machine is outgrown.
 *
 * Every call answers a promise: a read that can grow with the data runs off the server's thread
 * (SQLite: a pool of read-only connections in worker threads; PostgreSQL: node-postgres' pool),
 * with a time budget, so one slow read never holds up the requests around it. A read past its
 * budget fails with `StoreBusyError` (store-errors.ts), which the API answers with 503.
 */
import type { ApiToken, User } from '../domain/access/user.ts';
import type { RecordLayer } from '../domain/engine/record-kind.ts';
import type { Complaint } from '../domain/complaints/complaint.ts';
import type { ComplaintFilter } from '../domain/complaints/complaint-filter.ts';
import type { ClearanceProject } from '../domain/projects/project.ts';
import type { IndicatorValue } from '../domain/criteria/indicator.ts';
import type { Gap } from '../domain/gaps/gap.ts';
import type { GapFilter } from '../domain/gaps/gap-filter.ts';
import type { Violation } from '../domain/violations/violation.ts';
import type { ViolationGroup } from '../domain/violations/ward-statistics.ts';
import type { FlowWindow, MonthFlows } from '../domain/violations/monthly-flows.ts';
import type { ViolationFilter } from './filter.ts';
import type { ProjectFilter } from '../domain/projects/project-filter.ts';

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

/**
 * Violations: what every kind's repository does (one, a page, the past, writes guarded by
 * version, history), and what a million of them on a map needs besides.
 */
export interface ViolationRepository extends RecordRepository<Violation, ViolationFilter> {
  /**
   * `list` with each record as its stored JSON texts, not parsed: an answer of thousands of
   * records puts them together as text. Optional: a store without it is read through `list`.
   */
  listJson?(filter: ViolationFilter): Promise<Page<ViolationJson>>;
  /**
   * A page as the API writes it for a reader who sees records whole, put together where the
   * records are read: each feature's JSON with `overdue` as of `today`. Optional, like
   * `listJson`; null when a record's stored text cannot be extended as it stands.
   */
  pageText?(filter: ViolationFilter, today: string): Promise<FeaturesText | null>;
  /** The records matching a filter, counted by ward, kind, status and deadline (statistics). */
  countGroups(filter: ViolationFilter): Promise<ViolationGroup[]>;
  /**
   * `countGroups` of the records as they stood at an instant: each record's last version before
   * it, filtered as `matchesFilter` filters (archived left out unless asked for). Counted where
   * the history is kept, so the answer is a few rows whatever the number of records.
   */
  countGroupsAsOf(instant: string, filter: ViolationFilter): Promise<ViolationGroup[]>;
  /**
   * What moved in a window, as `addFlows` folds it over every record (archived ones too) in its
   * last version before `window.until`: a month's opened, closed and archived cases.
   */
  flows(window: FlowWindow): Promise<MonthFlows>;
  /**
   * Inserts many new records, each with its first version, in one transaction (a bulk import).
   * Answers, for each, whether it was inserted: false when its id exists already.
   */
  insertMany(
    violations: readonly Violation[],
    action: string,
    audit: AuditContext,
  ): Promise<boolean[]>;
  /**
   * A token that changes whenever any violation changes, in this process or another: caches
   * built from the records compare it to know they are stale.
   */
  revision(): Promise<string>;
  /** Where each record matching the filter sits (bbox, limit and offset are ignored). */
  positions(filter: ViolationFilter): Promise<ViolationPosition[]>;
  /** What a map marker shows of these records, by their `key`s; unknown keys are left out. */
  markers(keys: readonly number[]): Promise<ViolationMarker[]>;
}

/** A page's features as JSON text, joined by commas, in UTF-8: what goes between `[` and `]`. */
export interface FeaturesText {
  text: Uint8Array;
  /** How many features the text holds. */
  returned: number;
  /** How many match the filter, before paging. */
  total: number;
}

/** A violation as stored: its geometry and properties as the JSON texts `JSON.stringify` made. */
export interface ViolationJson {
  id: string;
  geometry: string;
  properties: string;
  /** `properties.deadline`, for `overdue`, which is of the day it is read on. */
  deadline: string | null;
}

/** A record as a point on the map: its position (a polygon's centre) and the store's own key. */
export interface ViolationPosition {
  key: number;
  lon: number;
  lat: number;
}

/** The few fields a map marker needs, and nothing private. */
export interface ViolationMarker {
  key: number;
  id: string;
  kind: Violation['properties']['kind'];
  status: Violation['properties']['status'];
  deadline: string | null;
}

/**
 * The records of one kind kept by the record engine (domain/engine/record-kind.ts), listed in the
 * kind's order: its `order` instant, newest first, then the newest written first.
 */
export interface RecordRepository<R, F> {
  get(id: string): Promise<R | undefined>;
  list(filter: F): Promise<Page<R>>;
  /** The records as they stood at an instant, from the version history. */
  listAsOf(instant: string, filter: F): Promise<Page<R>>;
  /** Inserts a new record and its first version; false when the id exists already. */
  insert(record: R, action: string, audit: AuditContext): Promise<boolean>;
  /** Replaces a record if it is still at `expectedVersion`; false when someone changed it first. */
  update(record: R, expectedVersion: number, action: string, audit: AuditContext): Promise<boolean>;
  history(id: string): Promise<VersionEntry<R>[]>;
}

export type ProjectRepository = RecordRepository<ClearanceProject, ProjectFilter>;
export type GapRepository = RecordRepository<Gap, GapFilter>;
export type ComplaintRepository = RecordRepository<Complaint, ComplaintFilter>;

/** Entered indicator values, one per rule set, standard and scope, versioned like records. */
export interface IndicatorRepository {
  get(ruleSet: string, code: string, scope: string): Promise<IndicatorValue | undefined>;
  /** Every value of a rule set for a scope, by code. */
  list(ruleSet: string, scope: string): Promise<IndicatorValue[]>;
  /** The values as they stood at an instant, from the version history. */
  listAsOf(ruleSet: string, scope: string, instant: string): Promise<IndicatorValue[]>;
  /**
   * Writes a value: a first one when `expectedVersion` is null, else a replacement of that
   * version. False when a value exists already or someone changed it first.
   */
  put(value: IndicatorValue, expectedVersion: number | null, audit: AuditContext): Promise<boolean>;
  history(ruleSet: string, code: string, scope: string): Promise<VersionEntry<IndicatorValue>[]>;
}

/** The layers whose changes the version table keeps. */
export type AuditLayer = RecordLayer | 'users' | 'tokens' | 'indicators';

/** The layers of map records (exports, OGC API); accounts are versioned too but are not records. */
export type { RecordLayer };

/** A record as it stood at an instant, from its last version before it. */
export interface RecordState {
  id: string;
  /** The record's JSON as that version stored it (a Violation for the violations layer). */
  state: unknown;
}

/** A record's state as the JSON text its version holds, not parsed. */
export interface RecordStateJson {
  id: string;
  /** The text the store wrote (`JSON.stringify` of the record, in the SQLite store). */
  json: string;
}

/** Reads of the version table across records: what monthly exports are made of. */
export interface VersionHistory {
  /**
   * Every record of the layer with a version in [since, until), in its last state before `until`,
   * ordered by record id. Streamed, off the server's thread: the store answers other calls while a
   * long export is consumed. A window that has ended reads the same whatever is written meanwhile
   * (every later version is after it). Call `return()` on the iterator when stopping early.
   */
  statesChangedIn(
    layer: RecordLayer,
    since: string,
    until: string,
  ): AsyncIterableIterator<RecordState>;
  /**
   * `statesChangedIn` with each state as its stored JSON text: an export copies the parts it
   * writes unchanged (a geometry) instead of parsing and serialising them again. Optional: a
   * store without it is read through `statesChangedIn`.
   */
  stateJsonChangedIn?(
    layer: RecordLayer,
    since: string,
    until: string,
  ): AsyncIterableIterator<RecordStateJson>;
  /** The instant of the first version of any of these layers, or null when none has one. */
  firstChange(layers: readonly RecordLayer[]): Promise<string | null>;
}

export interface UserRepository {
  count(): Promise<number>;
  get(id: string): Promise<User | undefined>;
  /** Usernames compare without case. */
  byUsername(username: string): Promise<User | undefined>;
  list(): Promise<User[]>;
  /** False when the id or the username exists already. */
  insert(user: User, audit: AuditContext): Promise<boolean>;
  /** False when someone changed the user first. The audit copy never holds the password hash. */
  update(
    user: User,
    expectedVersion: number,
    action: string,
    audit: AuditContext,
  ): Promise<boolean>;
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
  insert(session: Session): Promise<void>;
  get(tokenHash: string): Promise<Session | undefined>;
  /** Slides an active session's expiry forward. */
  touch(tokenHash: string, lastSeenAt: string, expiresAt: string): Promise<void>;
  delete(tokenHash: string): Promise<void>;
  /** Signs a user out everywhere: after a password change, a reset or disabling. */
  deleteForUser(userId: string): Promise<void>;
  deleteExpired(now: string): Promise<number>;
}

export interface TokenRepository {
  insert(token: ApiToken, tokenHash: string, audit: AuditContext): Promise<void>;
  get(id: string): Promise<ApiToken | undefined>;
  /** A live (not revoked) token by the hash of its secret; expiry is the caller's to judge. */
  byHash(tokenHash: string): Promise<ApiToken | undefined>;
  listForUser(userId: string): Promise<ApiToken[]>;
  /** False when the token is unknown or revoked already. */
  revoke(id: string, audit: AuditContext): Promise<boolean>;
  /**
   * Revokes every live token of a user at once (a password change, a reset, disabling), each
   * with a version under `action` saying why; answers how many. Revoked stays revoked.
   */
  revokeForUser(userId: string, action: string, audit: AuditContext): Promise<number>;
  touch(id: string, at: string): Promise<void>;
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
  list(filter: AuditFilter): Promise<Page<AuditEntry>>;
}

export interface Store {
  readonly violations: ViolationRepository;
  readonly projects: ProjectRepository;
  readonly gaps: GapRepository;
  readonly complaints: ComplaintRepository;
  readonly indicators: IndicatorRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly tokens: TokenRepository;
  readonly audit: AuditLog;
  readonly versions: VersionHistory;
  close(): Promise<void>;
}
