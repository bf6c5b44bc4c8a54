/**
 * A server as the real one behaves, for the queue's tests: a create with a known id answers the
 * record it has, a note or a photo already attached (same note id, same bytes) is not attached
 * again. `failNext` makes the next call of a kind fail, optionally after the server did the work
 * (the answer lost on the way back); `holdNext` holds the next call of a kind without an answer,
 * as a weak link does, until it is released or its signal aborts it (as fetch would).
 */
import type {
  ViolationCreate,
  ViolationFeature,
} from '../../../server/domain/violations/violation.ts';
import type { QueuedPhoto } from '../../../web/src/lib/offline/outbox-item.ts';
import type { Transport } from '../../../web/src/lib/offline/sync.ts';

export const BY = { id: 'user-1', name: 'Nông Văn Tú' };
export const NOW = '2026-03-10T02:00:00.000Z';

export class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function photo(id: string, bytes = id): QueuedPhoto {
  return {
    id,
    file: new Blob([bytes]),
    thumbnail: new Blob([`${id}-thumb`]),
    taken_at: null,
    position: null,
    sent: false,
  };
}

type Kind = 'create' | 'note' | 'photo';

interface Hold {
  /** The server does the work at once and only the answer is held (it arrives late or never). */
  after: boolean;
  /** Whether the call ends when its signal aborts (fetch does); false: a transport that hangs. */
  heed: boolean;
  release: () => void;
  released: Promise<void>;
}

export function fakeServer() {
  const records = new Map<string, ViolationFeature>();
  /** Every call, as "create <id>", "note <case id>", "photo <photo id>", "get <id>". */
  const calls: string[] = [];
  /** The calls whose signal aborted them. */
  const aborted: string[] = [];
  const failNext: Partial<Record<Kind, { status: number; after: boolean }>> = {};
  const holds: Partial<Record<Kind, Hold>> = {};

  const maybeFail = (kind: Kind, when: 'before' | 'after') => {
    const f = failNext[kind];
    if (f && f.after === (when === 'after')) {
      delete failNext[kind];
      throw new Refusal(f.status, `${kind} refused (${f.status})`);
    }
  };
  const record = (id: string) => {
    const r = records.get(id);
    if (!r) throw new Refusal(404, 'not found');
    return r;
  };

  /** Runs `work` (the server's side of a call) as the next hold of `kind` allows. */
  async function answer<T>(
    kind: Kind,
    call: string,
    signal: AbortSignal | undefined,
    work: () => T,
  ): Promise<T> {
    calls.push(call);
    const hold = holds[kind];
    if (!hold) return work();
    delete holds[kind];
    const result = hold.after ? work() : undefined;
    await new Promise<void>((resolve, reject) => {
      void hold.released.then(resolve);
      if (hold.heed) {
        signal?.addEventListener('abort', () => {
          aborted.push(call);
          reject(new DOMException('The operation was aborted.', 'AbortError'));
        });
      } else {
        signal?.addEventListener('abort', () => aborted.push(call));
      }
    });
    return hold.after ? (result as T) : work();
  }

  const transport: Transport = {
    create(input: ViolationCreate, signal) {
      return answer('create', `create ${input.id}`, signal, () => {
        maybeFail('create', 'before');
        if (!records.has(input.id!)) {
          records.set(input.id!, {
            type: 'Feature',
            id: input.id!,
            geometry: input.geometry as unknown as ViolationFeature['geometry'],
            properties: { notes: [], photos: [] } as unknown as ViolationFeature['properties'],
          });
        }
        maybeFail('create', 'after');
        return record(input.id!);
      });
    },
    note(id, text, noteId, signal) {
      return answer('note', `note ${id}`, signal, () => {
        maybeFail('note', 'before');
        const r = record(id);
        if (!r.properties.notes.some((n) => n.id === noteId)) {
          r.properties.notes.push({ id: noteId, text, at: NOW, by: BY.id });
        }
        maybeFail('note', 'after');
        return r;
      });
    },
    photo(id, p, signal) {
      return answer('photo', `photo ${p.id}`, signal, () => {
        maybeFail('photo', 'before');
        const r = record(id);
        if (!r.properties.photos.some((x) => x.sha256 === p.id)) {
          r.properties.photos.push({ sha256: p.id } as ViolationFeature['properties']['photos'][0]);
        }
        maybeFail('photo', 'after');
        return r;
      });
    },
    async get(id) {
      calls.push(`get ${id}`);
      return record(id);
    },
  };

  /** Holds the next call of `kind` unanswered; answers the function that lets it go. */
  function holdNext(kind: Kind, options: { after?: boolean; heed?: boolean } = {}) {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    holds[kind] = { after: options.after ?? false, heed: options.heed ?? true, release, released };
    return release;
  }

  return { records, calls, aborted, failNext, holdNext, transport };
}
