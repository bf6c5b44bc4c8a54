/** The audit log: every change of every layer, newest first, with who made it by name. */
import { permissionsOf, type Principal } from '../domain/access/permissions.ts';
import { violationFor } from '../domain/access/visibility.ts';
import type { AuditQuery } from '../domain/audit-query.ts';
import { KIND_LAYERS, type KindLayer } from '../domain/engine/record-kind.ts';
import { redactState } from '../domain/record-kinds.ts';
import { endOfLocalDay } from '../domain/dates.ts';
import type { Violation } from '../domain/violations/violation.ts';
import type { AuditEntry, Page, Store } from '../store/store.ts';

/** Who a user id is, for the log and the history on a record's page. */
export interface UserName {
  username: string;
  display_name: string;
}

const isKindLayer = (layer: string): layer is KindLayer =>
  (KIND_LAYERS as readonly string[]).includes(layer);

function previousDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

export class AuditService {
  constructor(private readonly store: Store) {}

  async list(query: AuditQuery, actor: Principal | null): Promise<Page<AuditEntry>> {
    const page = await this.store.audit.list({
      layer: query.layer,
      recordId: query.record,
      user: query.user,
      action: query.action,
      since: query.from ? endOfLocalDay(previousDay(query.from)) : undefined,
      until: query.to ? endOfLocalDay(query.to) : undefined,
      limit: query.limit,
      offset: query.offset,
    });
    // The log shows a record's changes as the reader may see the record itself: no violator's
    // identity without the permission, no petitioner, no denouncer but to the one handling it.
    const permissions = permissionsOf(actor);
    const reader = { id: actor?.id ?? null, permissions };
    const view = (e: AuditEntry, v: unknown) => {
      if (!v) return v;
      if (e.layer === 'violations') return violationFor(v as Violation, permissions);
      return isKindLayer(e.layer) ? redactState(e.layer, v, reader) : v;
    };
    return {
      total: page.total,
      items: page.items.map((e) => ({ ...e, before: view(e, e.before), after: view(e, e.after) })),
    };
  }

  /** Every account by id: an office has tens of users, not thousands. */
  async everyone(): Promise<Record<string, UserName>> {
    const users = await this.store.users.list();
    return Object.fromEntries(
      users.map((u) => [u.id, { username: u.username, display_name: u.display_name }]),
    );
  }

  /** Names of the users these entries mention. */
  async names(ids: Iterable<string | null>): Promise<Record<string, UserName>> {
    const names: Record<string, UserName> = {};
    for (const id of new Set(ids)) {
      const user = id ? await this.store.users.get(id) : undefined;
      if (id && user) names[id] = { username: user.username, display_name: user.display_name };
    }
    return names;
  }
}
