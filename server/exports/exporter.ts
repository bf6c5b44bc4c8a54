/**
 * Monthly exports as a use case: checks what is asked (month, layers, format), picks the view,
 * and answers the file's name, type and bytes. The API, `npm run export` and the archive all come
 * through here, so they make the same files.
 */
import { join } from 'node:path';
import { PERMISSIONS, permissionsOf, type Permission } from '../domain/access/permissions.ts';
import { DomainError } from '../domain/errors.ts';
import type { Clock } from '../domain/clock.ts';
import type { RecordLayer, Store } from '../store/store.ts';
import {
  EXPORT_FORMATS,
  exportChunks,
  FORMAT_NAMES,
  isExportFormat,
  writeExportFile,
  type ExportFormat,
} from './formats.ts';
import { exportMonth, type ExportMonth } from '../domain/month.ts';
import { EXPORT_LAYER_NAMES, exportSource, type ExportSource } from './source.ts';

/** Where files being sent are written first: inside DATA_DIR, whose disk holds the archive. */
export function exportTempDir(exportsDir: string): string {
  return join(exportsDir, '.tmp');
}

export interface ExportRequest {
  /** YYYY-MM */
  month: string;
  format: ExportFormat;
  /** Every layer when absent. */
  layers?: readonly string[];
  /** The public view (no people, no internal notes): what may be published. */
  public: boolean;
}

export interface ExportFile {
  /** e.g. 2026-02.geojson, 2026-02-public.csv, 2026-11-provisional.kml */
  name: string;
  contentType: string;
  month: ExportMonth;
  source: ExportSource;
  format: ExportFormat;
}

/** Everything: the server's shell and the archive answer for the office as a whole. */
export const ALL_PERMISSIONS: ReadonlySet<Permission> = new Set(PERMISSIONS);

function invalid(vi: string, en: string, details?: unknown): DomainError {
  return new DomainError('VALIDATION_FAILED', { vi, en }, details);
}

function checkedMonth(id: string, now: Date): ExportMonth {
  const checked = exportMonth(id, now);
  if (checked.ok) return checked.month;
  switch (checked.reason) {
    case 'format':
      throw invalid(
        `Tháng "${id}" không hợp lệ: viết YYYY-MM, ví dụ 2026-02.`,
        `"${id}" is not a month: write YYYY-MM, e.g. 2026-02.`,
        { month: id },
      );
    case 'too_early':
      throw invalid(
        `Không có dữ liệu trước năm 2000 (tháng ${id}).`,
        `There is no data before 2000 (month ${id}).`,
        { month: id },
      );
    case 'future':
      throw invalid(
        `Tháng ${id} chưa bắt đầu: chưa có gì để xuất.`,
        `The month ${id} has not begun: there is nothing to export yet.`,
        { month: id },
      );
  }
}

function checkedLayers(layers: readonly string[] | undefined): RecordLayer[] {
  if (!layers?.length) return [...EXPORT_LAYER_NAMES];
  const unknown = layers.filter((l) => !EXPORT_LAYER_NAMES.includes(l as RecordLayer));
  if (unknown.length) {
    throw invalid(
      `Không có lớp dữ liệu "${unknown[0]}" để xuất. Chọn: ${EXPORT_LAYER_NAMES.join(', ')}.`,
      `There is no layer "${unknown[0]}" to export. Use: ${EXPORT_LAYER_NAMES.join(', ')}.`,
      { layers: EXPORT_LAYER_NAMES },
    );
  }
  return EXPORT_LAYER_NAMES.filter((l) => layers.includes(l));
}

/** The file's name: it says the month, the layer when not all, the view and whether it is final. */
export function exportFileName(
  month: ExportMonth,
  layers: readonly RecordLayer[],
  isPublic: boolean,
  format: ExportFormat,
): string {
  const parts = [month.id];
  if (layers.length < EXPORT_LAYER_NAMES.length) parts.push(...layers);
  if (isPublic) parts.push('public');
  if (!month.final) parts.push('provisional');
  return `${parts.join('-')}.${format}`;
}

/** "2026-02.geojson" → its month and format; a name that is neither is not found. */
export function parseExportName(name: string): { month: string; format: ExportFormat } {
  const match = /^(.{1,20})\.([a-z0-9]{1,10})$/i.exec(name);
  if (!match || !isExportFormat(match[2]!)) {
    throw new DomainError(
      'NOT_FOUND',
      {
        vi: `Không có tệp xuất "${name}". Dạng: YYYY-MM.${FORMAT_NAMES.join('|')}, ví dụ 2026-02.geojson.`,
        en: `There is no export "${name}". Ask for YYYY-MM.${FORMAT_NAMES.join('|')}, e.g. 2026-02.geojson.`,
      },
      { formats: FORMAT_NAMES },
    );
  }
  return { month: match[1]!, format: match[2] as ExportFormat };
}

export class Exporter {
  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      /** Where a GeoPackage is written before it is sent (DATA_DIR, not a tmpfs in memory). */
      tempDir: string;
    },
  ) {}

  /** Checks the request; the file is made only as its bytes are read. */
  async open(request: ExportRequest, permissions: ReadonlySet<Permission>): Promise<ExportFile> {
    const month = checkedMonth(request.month, this.deps.clock.now());
    const layers = checkedLayers(request.layers);
    const source = await exportSource(this.deps.store, {
      month,
      layers,
      view: request.public ? 'public' : 'full',
      permissions: request.public ? permissionsOf(null) : permissions,
    });
    return {
      name: exportFileName(month, layers, request.public, request.format),
      contentType: EXPORT_FORMATS[request.format].contentType,
      month,
      source,
      format: request.format,
    };
  }

  chunks(file: ExportFile): AsyncIterable<Uint8Array> {
    return exportChunks(file.source, file.format, this.deps.tempDir);
  }

  /** Writes the file at `path` (which must not exist); answers its SHA-256. */
  write(file: ExportFile, path: string): Promise<string> {
    return writeExportFile(file.source, file.format, path);
  }
}
