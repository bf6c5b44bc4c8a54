/**
 * /api/exports: the monthly export in every format, streamed as it is made, and the archive of
 * ended months with their SHA-256 sums. The lead's (`exports:read`).
 */
import { createReadStream } from 'node:fs';
import { Hono } from 'hono';
import { z } from 'zod';
import { archivedFile, listArchive } from '../exports/archive.ts';
import { readableStream } from '../exports/chunks.ts';
import { parseExportName, type Exporter } from '../exports/exporter.ts';
import { EXPORT_FORMATS } from '../exports/formats.ts';
import { EXPORT_LAYER_NAMES } from '../exports/source.ts';
import { requirePermission } from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { pathParams, queryParams } from '../http/validate.ts';

const fileParam = z.object({ file: z.string().max(100) });
const exportQuery = z.object({
  /** The public view: no violators, notes or staff names; what may be published. */
  public: z.enum(['true', 'false']).optional(),
  /** One layer or several, comma-separated; every layer by default. */
  layer: z.string().max(200).optional(),
});

const attachment = (name: string) => `attachment; filename="${name}"`;

export function exportRoutes(exporter: Exporter, archiveDir: string) {
  return new Hono<AppEnv>()
    .use(requirePermission('exports:read'))
    .get('/', async (c) => {
      const files = (await listArchive(archiveDir)).map((f) => ({
        ...f,
        url: `/api/exports/archive/${f.name}`,
      }));
      // The layers a month's export may be limited to (`?layer=`), for the export page's links.
      return c.json({ files, layers: EXPORT_LAYER_NAMES });
    })
    .get('/archive/:file', pathParams(fileParam), async (c) => {
      const file = await archivedFile(archiveDir, c.req.valid('param').file);
      return c.body(readableStream(createReadStream(file.path)), 200, {
        'Content-Type': EXPORT_FORMATS[file.format].contentType,
        'Content-Length': String(file.bytes),
        'Content-Disposition': attachment(file.name),
        ETag: `"${file.sha256}"`,
      });
    })
    .get('/:file', pathParams(fileParam), queryParams(exportQuery), async (c) => {
      const { month, format } = parseExportName(c.req.valid('param').file);
      const query = c.req.valid('query');
      // Checked before the first byte: once streaming has begun, no error can be sent.
      const file = await exporter.open(
        {
          month,
          format,
          layers: query.layer?.split(',').map((l) => l.trim()),
          public: query.public === 'true',
        },
        c.get('permissions'),
      );
      return c.body(readableStream(exporter.chunks(file)), 200, {
        'Content-Type': file.contentType,
        'Content-Disposition': attachment(file.name),
        // The current month changes still: never kept; an ended month never changes.
        'Cache-Control': file.month.final ? 'private, max-age=3600' : 'private, no-store',
        'X-Export-Final': String(file.month.final),
      });
    });
}
