/**
 * Where queued captures live until the server has them: IndexedDB in the browser (photos kept as
 * Blobs), an in-memory map in tests. Two methods' worth of interface, so tests swap it.
 */
import { openDB, type DBSchema } from 'idb';
import type { OutboxItem } from './outbox-item.ts';

export interface OutboxStore {
  /** Every item, oldest first. */
  all(): Promise<OutboxItem[]>;
  get(id: string): Promise<OutboxItem | undefined>;
  put(item: OutboxItem): Promise<void>;
  delete(id: string): Promise<void>;
}

interface OutboxSchema extends DBSchema {
  items: { key: string; value: OutboxItem };
}

const byTime = (a: OutboxItem, b: OutboxItem) => a.queuedAt.localeCompare(b.queuedAt);

/** The device's queue, in the IndexedDB database `uim-outbox`. */
export function idbOutbox(name = 'uim-outbox'): OutboxStore {
  const db = openDB<OutboxSchema>(name, 1, {
    upgrade(database) {
      database.createObjectStore('items', { keyPath: 'id' });
    },
  });
  return {
    all: async () => (await (await db).getAll('items')).sort(byTime),
    get: async (id) => (await db).get('items', id),
    put: async (item) => void (await (await db).put('items', item)),
    delete: async (id) => (await db).delete('items', id),
  };
}

/** A queue that lives only in memory, for tests. */
export function memoryOutbox(): OutboxStore {
  const items = new Map<string, OutboxItem>();
  return {
    all: async () => [...items.values()].sort(byTime),
    get: async (id) => items.get(id),
    put: async (item) => void items.set(item.id, { ...item }),
    delete: async (id) => void items.delete(id),
  };
}
