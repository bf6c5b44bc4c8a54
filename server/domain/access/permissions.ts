/**
 * Roles as bundles of permission verbs. The server asks `can(user, verb)` on every route and the
 * web app asks the same function which actions to offer, so the two never disagree.
 */
import type { Localized } from '../i18n.ts';

export const PERMISSIONS = [
  /** What anyone may read: the reference layers and the public view of records. */
  'public:read',
  /** Every record with its staff detail: notes, steps' details, who changed what. */
  'records:read',
  /** Violators' names and identity numbers. */
  'violators:read',
  'violations:create',
  /** Edit a report one created while it is still waiting to be verified. */
  'violations:edit-own',
  /** Correct any report (position, kind, text, violator). */
  'violations:edit',
  'violations:note',
  /** Attach photo evidence to a case. */
  'violations:photo',
  /** Move a case along the enforcement steps, verification included. */
  'violations:advance',
  /** Take a record off the map and put it back; nothing is ever deleted. */
  'records:archive',
  'projects:write',
  'gaps:write',
  /** Receive complaints, denunciations and petitions (đơn thư) and move them along their steps. */
  'complaints:write',
  /**
   * Who sent a petition: name, address, phone. A denouncer's identity stays with the one person
   * handling it even then (Luật Tố cáo 2018, Điều 47).
   */
  'complaints:private',
  'exports:read',
  'stats:read',
  'audit:read',
  'users:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  'viewer',
  'inspector',
  'planner',
  'complaints_officer',
  'lead',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Every signed-in user reads everything but violators' identities. */
const SIGNED_IN: Permission[] = ['public:read', 'records:read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  viewer: SIGNED_IN,
  inspector: [
    ...SIGNED_IN,
    'violators:read',
    'violations:create',
    'violations:edit-own',
    'violations:note',
    'violations:photo',
  ],
  // Notes are the field's word (an inspector back on site); a planner corrects the record itself.
  planner: [
    ...SIGNED_IN,
    'violators:read',
    'violations:edit',
    'violations:advance',
    'projects:write',
    'gaps:write',
  ],
  // Tiếp công dân, xử lý đơn thư: the officer who receives petitions and follows them through.
  complaints_officer: [...SIGNED_IN, 'complaints:write', 'complaints:private'],
  // The lead answers for the office: archiving a case hides it, so only the lead may.
  lead: [
    ...SIGNED_IN,
    'violators:read',
    'complaints:private',
    'records:archive',
    'exports:read',
    'stats:read',
    'audit:read',
  ],
  admin: [...SIGNED_IN, 'users:manage', 'audit:read'],
};

/** Anonymous visitors: the public map only. */
const ANONYMOUS: readonly Permission[] = ['public:read'];

export const ROLE_LABELS: Record<Role, Localized> = {
  viewer: { vi: 'Người xem', en: 'Viewer' },
  inspector: { vi: 'Cán bộ kiểm tra', en: 'Inspector' },
  planner: { vi: 'Cán bộ quy hoạch', en: 'Planner' },
  complaints_officer: { vi: 'Cán bộ xử lý đơn thư', en: 'Complaints officer' },
  lead: { vi: 'Lãnh đạo phòng', en: 'Office lead' },
  admin: { vi: 'Quản trị', en: 'Administrator' },
};

/** Who is asking: enough to decide, nothing secret. */
export interface Principal {
  id: string;
  roles: readonly Role[];
}

/** The union of a user's roles' verbs; anonymous visitors get the public ones. */
export function permissionsOf(user: Principal | null): Set<Permission> {
  if (!user) return new Set(ANONYMOUS);
  return new Set(user.roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? []));
}

/** The one question every route asks. */
export function can(user: Principal | null, permission: Permission): boolean {
  return permissionsOf(user).has(permission);
}

/** What `violations:edit-own` needs of the record: one's own report, not yet verified. */
export interface OwnedRecord {
  created_by: string | null;
  status: string;
  archived_at: string | null;
}

/** Whether a user may edit this report now. */
export function mayEditViolation(user: Principal | null, record: OwnedRecord): boolean {
  if (record.archived_at) return false;
  if (can(user, 'violations:edit')) return true;
  return (
    can(user, 'violations:edit-own') &&
    user !== null &&
    record.created_by === user.id &&
    record.status === 'reported'
  );
}
