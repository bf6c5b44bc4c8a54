/**
 * Photo evidence: POST /api/violations/{id}/photos (multipart, field `file`, optionally a
 * `thumbnail` and what the phone read from the original's EXIF), GET /api/photos/{sha256}.{ext}.
 */
import { Hono } from 'hono';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { DomainError } from '../domain/errors.ts';
import { PHOTO_TYPES } from '../domain/photo.ts';
import { requirePermission } from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { pathParams } from '../http/validate.ts';
import type { PhotoFiles } from '../services/photo-files.ts';
import type { PhotoService } from '../services/photos.ts';

const idParam = z.object({ id: z.string().max(100) });
const nameParam = z.object({ name: z.string().regex(/^[0-9a-f]{64}\.(jpg|png|webp)$/) });

/** A form field as a number; an empty field is not 0 (z.coerce alone would make it so). */
const formNumber = (min: number, max: number) =>
  z.string().trim().min(1).pipe(z.coerce.number<string>().min(min).max(max));

/** The form's text fields: what the phone read from the original photo's EXIF. */
const declaredSchema = z
  .strictObject({
    // An instant written like every other time the API answers, whatever zone the phone used.
    taken_at: z.iso
      .datetime({ offset: true })
      .transform((s) => new Date(s).toISOString())
      .optional(),
    lon: formNumber(-180, 180).optional(),
    lat: formNumber(-90, 90).optional(),
  })
  .refine((d) => (d.lon === undefined) === (d.lat === undefined), {
    message: 'lon and lat go together',
    path: ['lat'],
  });

const TYPE_OF_EXTENSION = Object.fromEntries(
  Object.entries(PHOTO_TYPES).map(([type, ext]) => [ext, type]),
) as Record<string, string>;

function missingFile(): DomainError {
  return new DomainError(
    'VALIDATION_FAILED',
    {
      vi: 'Thiếu ảnh: gửi multipart/form-data với trường "file".',
      en: 'No photo: send multipart/form-data with a "file" field.',
    },
    [{ path: 'file', message: 'required' }],
  );
}

async function bytesOf(value: unknown): Promise<Uint8Array | undefined> {
  return value instanceof Blob ? new Uint8Array(await value.arrayBuffer()) : undefined;
}

export function photoRoutes(photos: PhotoService, files: PhotoFiles) {
  return new Hono<AppEnv>()
    .post(
      '/violations/:id/photos',
      requirePermission('violations:photo'),
      pathParams(idParam),
      async (c) => {
        let form: Record<string, unknown>;
        try {
          form = await c.req.parseBody();
        } catch {
          throw missingFile();
        }
        const file = await bytesOf(form.file);
        if (!file) throw missingFile();
        const { file: _f, thumbnail: _t, ...fields } = form;
        const declared = declaredSchema.safeParse(fields);
        if (!declared.success) {
          throw new DomainError(
            'VALIDATION_FAILED',
            {
              vi: 'Trường kèm ảnh không hợp lệ: chỉ nhận taken_at (ISO), lon, lat.',
              en: 'Invalid fields with the photo: only taken_at (ISO), lon and lat are read.',
            },
            declared.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
          );
        }
        const { taken_at, lon, lat } = declared.data;
        const { feature, added } = await photos.add(
          c.req.valid('param').id,
          {
            file,
            thumbnail: await bytesOf(form.thumbnail),
            declared: {
              taken_at,
              position: lon !== undefined && lat !== undefined ? [lon, lat] : undefined,
            },
          },
          c.get('user'),
        );
        return c.json(feature, added ? 201 : 200, {
          'Content-Type': 'application/geo+json; charset=utf-8',
        });
      },
    )
    .get('/photos/:name', requirePermission('records:read'), pathParams(nameParam), (c) => {
      const { name } = c.req.valid('param');
      const [sha256, ext] = name.split('.') as [string, string];
      const path = files.path(sha256, ext);
      if (!existsSync(path)) {
        throw new DomainError(
          'NOT_FOUND',
          { vi: `Không có ảnh ${name}.`, en: `There is no photo ${name}.` },
          { name },
        );
      }
      const body = Readable.toWeb(createReadStream(path)) as ReadableStream;
      return c.body(body, 200, {
        'Content-Type': TYPE_OF_EXTENSION[ext]!,
        'Content-Length': String(statSync(path).size),
        // Named by its content: it never changes. Private: evidence is for staff only.
        'Cache-Control': 'private, max-age=31536000, immutable',
      });
    });
}
