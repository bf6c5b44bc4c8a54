/**
 * What a personal API token may do: a token lives in files and QGIS projects that outlast the
 * moment it was made, so it carries only the part of its owner's permissions it was made for.
 */
import type { Localized } from '../i18n.ts';
import type { Permission } from './permissions.ts';

export const TOKEN_SCOPES = ['read', 'read-write', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** What a token gets when its maker does not choose: the least, enough for QGIS and GDAL. */
export const DEFAULT_TOKEN_SCOPE: TokenScope = 'read';

/** Verbs a token holds only with the `admin` scope, whatever its owner's roles. */
export const ADMIN_PERMISSIONS: readonly Permission[] = ['users:manage'];

/** Methods a `read` token may send: the ones that change nothing. */
const READ_METHODS = new Set(['GET', 'HEAD']);

export const TOKEN_SCOPE_LABELS: Record<TokenScope, Localized> = {
  read: { vi: 'Chỉ đọc', en: 'Read only' },
  'read-write': { vi: 'Đọc và ghi', en: 'Read and write' },
  admin: { vi: 'Quản trị', en: 'Administration' },
};

/** The owner's permissions cut down to what the token's scope allows. */
export function scopedPermissions(
  owner: ReadonlySet<Permission>,
  scope: TokenScope,
): Set<Permission> {
  if (scope === 'admin') return new Set(owner);
  return new Set([...owner].filter((p) => !ADMIN_PERMISSIONS.includes(p)));
}

/** Whether a token of this scope may send a request with this method at all. */
export function scopeAllowsMethod(scope: TokenScope, method: string): boolean {
  return scope !== 'read' || READ_METHODS.has(method.toUpperCase());
}
