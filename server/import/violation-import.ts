/**
 * A bulk import of violations: each feature is checked exactly as `POST /api/violations` checks
 * it, and the good ones are written in large transactions, each record with its version row. A
 * refused feature is reported by its index in the file and the others go in.
 */
import type { Principal } from '../domain/access/permissions.ts';
import { DomainError } from '../domain/errors.ts';
import {
  violationCreateSchema,
  type Violation,
  type ViolationCreate,
} from '../domain/violations/violation.ts';
import type { Clock } from '../domain/clock.ts';
import type { ViolationService } from '../services/violations.ts';
import type { Store } from '../store/store.ts';
import type { FeatureItem } from './feature-stream.ts';

export interface ImportOptions {
  /** Records per transaction: large enough that commits cost little, small enough to stay lean. */
  batchSize?: number;
  /** Who the records are reported by (null: no person, as for a migration). */
  actor?: Principal | null;
  /** Told of each refused feature as it is met. */
  onRefused?: (refusal: ImportRefusal) => void;
  /** Told after each transaction, with the totals so far. */
  onProgress?: (report: ImportReport) => void;
}

export interface ImportRefusal {
  /** The feature's position in the file's `features` array, from 0. */
  index: number;
  message: string;
}

export interface ImportReport {
  /** Features read from the file. */
  read: number;
  /** New records written. */
  imported: number;
  /** Features whose id is a record already (an import run again): left as they are. */
  existing: number;
  refused: number;
}

export const DEFAULT_BATCH_SIZE = 10_000;

/** The feature as a create's input, or why it is refused, as a person fixing the file needs it. */
function parseFeature(index: number, value: unknown): ViolationCreate | ImportRefusal {
  const parsed = violationCreateSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.join('.');
  return { index, message: path ? `${path}: ${issue.message}` : issue.message };
}

/**
 * One element of the file checked as `POST /api/violations` checks a new report: the record to
 * write, or why it is refused. `now` is the record's creation time.
 */
export function checkFeature(
  item: FeatureItem,
  service: ViolationService,
  actor: Principal | null,
  now: string,
): Violation | ImportRefusal {
  if ('error' in item) return { index: item.index, message: `not valid JSON: ${item.error}` };
  const input = parseFeature(item.index, item.value);
  if ('message' in input) return input;
  try {
    return service.draft(input, actor, now);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return { index: item.index, message: e.text.en };
  }
}

export async function importViolations(
  items: AsyncIterable<FeatureItem>,
  deps: { service: ViolationService; store: Store; clock: Clock },
  options: ImportOptions = {},
): Promise<ImportReport> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const actor = options.actor ?? null;
  const report: ImportReport = { read: 0, imported: 0, existing: 0, refused: 0 };
  const refuse = (r: ImportRefusal) => {
    report.refused++;
    options.onRefused?.(r);
  };
  let batch: Violation[] = [];
  let now = deps.clock.now().toISOString();

  const flush = async () => {
    if (batch.length === 0) return;
    const inserted = await deps.store.violations.insertMany(batch, 'import', {
      user: actor?.id ?? null,
      at: now,
    });
    for (const ok of inserted) {
      if (ok) report.imported++;
      else report.existing++;
    }
    batch = [];
    now = deps.clock.now().toISOString();
    options.onProgress?.({ ...report });
  };

  for await (const item of items) {
    report.read++;
    const checked = checkFeature(item, deps.service, actor, now);
    if ('message' in checked) {
      refuse(checked);
      continue;
    }
    batch.push(checked);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return report;
}
