/**
 * The export archive in DATA_DIR/exports: once a month has ended, its files are written there once
 * (every format, the full and the public view) and their SHA-256 sums added to SHA256SUMS, which
 * `sha256sum -c SHA256SUMS` checks. A month counts as archived only once its sums are written, so
 * a pass cut short writes the month again (the same bytes) next time.
 */
import { readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../domain/errors.ts';
import type { Clock } from '../domain/clock.ts';
import type { Store } from '../store/store.ts';
import { ALL_PERMISSIONS, type Exporter } from './exporter.ts';
import { FORMAT_NAMES, type ExportFormat } from './formats.ts';
import { FIRST_YEAR, monthOf, monthsBetween, previousMonth } from '../domain/month.ts';
import { EXPORT_LAYER_NAMES } from './source.ts';

export const SUMS_FILE = 'SHA256SUMS';
const FIRST_MONTH = `${FIRST_YEAR}-01`;
/** What the archive holds: nothing else is ever served from the folder. */
const ARCHIVE_NAME = /^(\d{4}-\d{2})(-public)?\.(geojson|csv|kml|gpkg)$/;

export interface ArchivedFile {
  name: string;
  month: string;
  format: ExportFormat;
  public: boolean;
  bytes: number;
  sha256: string;
}

async function readSums(dir: string): Promise<Map<string, string>> {
  const text = await readFile(join(dir, SUMS_FILE), 'utf8').catch(() => '');
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line);
    if (match && ARCHIVE_NAME.test(match[2]!)) sums.set(match[2]!, match[1]!);
  }
  return sums;
}

async function writeSums(dir: string, sums: Map<string, string>): Promise<void> {
  const lines = [...sums].sort(([a], [b]) => a.localeCompare(b)).map(([n, h]) => `${h}  ${n}\n`);
  const temp = join(dir, `.${SUMS_FILE}.tmp`);
  await writeFile(temp, lines.join(''));
  await rename(temp, join(dir, SUMS_FILE));
}

/** The archived files, newest month first, with their size and sum. */
export async function listArchive(dir: string): Promise<ArchivedFile[]> {
  const files: ArchivedFile[] = [];
  for (const [name, sha256] of await readSums(dir)) {
    const size = await stat(join(dir, name)).then(
      (s) => s.size,
      () => null,
    );
    const [, month, isPublic, format] = ARCHIVE_NAME.exec(name)!;
    if (size !== null) {
      files.push({
        name,
        month: month!,
        format: format as ExportFormat,
        public: !!isPublic,
        bytes: size,
        sha256,
      });
    }
  }
  return files.sort((a, b) => b.month.localeCompare(a.month) || a.name.localeCompare(b.name));
}

/** One archived file by name; anything not in SHA256SUMS is not found (no path ever reaches the disk). */
export async function archivedFile(
  dir: string,
  name: string,
): Promise<ArchivedFile & { path: string }> {
  const file = ARCHIVE_NAME.test(name)
    ? (await listArchive(dir)).find((f) => f.name === name)
    : undefined;
  if (!file) {
    throw new DomainError(
      'NOT_FOUND',
      {
        vi: `Không có tệp lưu trữ "${name}". Xem danh sách tại /api/exports.`,
        en: `There is no archived file "${name}". See the list at /api/exports.`,
      },
      { name },
    );
  }
  return { ...file, path: join(dir, name) };
}

export class ExportArchive {
  #running: Promise<string[]> | null = null;

  constructor(
    private readonly deps: { exporter: Exporter; store: Store; clock: Clock; dir: string },
  ) {}

  /** Archives every ended month not archived yet; answers the files written. One pass at a time. */
  run(): Promise<string[]> {
    this.#running ??= this.#pass().finally(() => (this.#running = null));
    return this.#running;
  }

  async #pass(): Promise<string[]> {
    const { store, clock, dir } = this.deps;
    const first = await store.versions.firstChange(EXPORT_LAYER_NAMES);
    if (!first) return [];
    mkdirSync(dir, { recursive: true });
    await this.#removeLeftovers();
    const sums = await readSums(dir);
    const written: string[] = [];
    const last = previousMonth(monthOf(clock.now()));
    // A record dated before 2000 is a clock gone wrong, not a month to export.
    const from = monthOf(new Date(first)) < FIRST_MONTH ? FIRST_MONTH : monthOf(new Date(first));
    for (const month of monthsBetween(from, last)) {
      const files = [];
      for (const isPublic of [false, true]) {
        for (const format of FORMAT_NAMES) {
          files.push(
            await this.deps.exporter.open({ month, format, public: isPublic }, ALL_PERMISSIONS),
          );
        }
      }
      if (files.every((f) => sums.has(f.name))) continue;
      for (const file of files) {
        const temp = join(dir, `.${file.name}.tmp`);
        sums.set(file.name, await this.deps.exporter.write(file, temp));
        await rename(temp, join(dir, file.name));
        written.push(file.name);
      }
      // Month by month: a pass cut short keeps every month it finished.
      await writeSums(dir, sums);
    }
    return written;
  }

  /** Half-written files of a pass that was cut short (a kill, a power cut). */
  async #removeLeftovers(): Promise<void> {
    for (const name of await readdir(this.deps.dir)) {
      if (/^\..+\.tmp(-journal)?$/.test(name)) await rm(join(this.deps.dir, name), { force: true });
    }
  }
}
