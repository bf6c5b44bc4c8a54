/** The export formats: how each is named, typed and written, from one ExportSource. */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { sha256File } from '../backup/checksums.ts';
import { utf8Chunks } from './chunks.ts';
import { csvText } from './csv.ts';
import { geojsonText } from './geojson.ts';
import { geopackageChunks, writeGeoPackage } from './geopackage.ts';
import { kmlText } from './kml.ts';
import type { ExportSource } from './source.ts';

export const EXPORT_FORMATS = {
  geojson: { contentType: 'application/geo+json; charset=utf-8' },
  csv: { contentType: 'text/csv; charset=utf-8' },
  kml: { contentType: 'application/vnd.google-earth.kml+xml; charset=utf-8' },
  gpkg: { contentType: 'application/geopackage+sqlite3' },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;
export const FORMAT_NAMES = Object.keys(EXPORT_FORMATS) as ExportFormat[];

export function isExportFormat(value: string): value is ExportFormat {
  return Object.hasOwn(EXPORT_FORMATS, value);
}

/** The file's bytes as a stream; a GeoPackage passes through a temporary file in `tempDir`. */
export function exportChunks(
  source: ExportSource,
  format: ExportFormat,
  tempDir: string,
): AsyncIterable<Uint8Array> {
  switch (format) {
    case 'geojson':
      return utf8Chunks(geojsonText(source));
    case 'csv':
      return utf8Chunks(csvText(source));
    case 'kml':
      return utf8Chunks(kmlText(source));
    case 'gpkg':
      return geopackageChunks(source, tempDir);
  }
}

/** Writes the file at `path` and answers its SHA-256, computed on the way. */
export async function writeExportFile(
  source: ExportSource,
  format: ExportFormat,
  path: string,
): Promise<string> {
  const hash = createHash('sha256');
  if (format === 'gpkg') {
    await writeGeoPackage(path, source);
    return sha256File(path);
  }
  const file = await open(path, 'wx');
  // One write in flight while the next chunk is made: the disk and the export's work overlap.
  let writing: Promise<unknown> = Promise.resolve();
  try {
    for await (const chunk of exportChunks(source, format, '')) {
      hash.update(chunk);
      await writing;
      writing = file.write(chunk);
    }
    await writing;
    await file.sync();
  } finally {
    await writing.catch(() => {});
    await file.close();
  }
  return hash.digest('hex');
}
