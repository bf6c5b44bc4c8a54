/**
 * Photo evidence: POST /api/violations/{id}/photos (multipart, field `file`, optionally a
 * `thumbnail` and what the phone read from the original's EXIF), GET /api/photos/{sha256}.{ext}.
 * An upload streams to a temporary file while it is hashed and counted: a 15 MB photo is never
 * held in memory, however many arrive at once.
 */
import { Hono } from 'hono';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { DomainError } from '../domain/errors.ts';
import { MAX_PHOTO_BYTES, PHOTO_TYPES } from '../domain/violations/photo.ts';
import { requirePermission } from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { payloadTooLarge } from '../http/errors.ts';
import {
  MultipartError,
  receiveMultipart,
  type MultipartLimits,
  type MultipartUpload,
  type ReceivedFile,
} from '../http/multipart-upload.ts';
import { pathParams } from '../http/validate.ts';
import type { PhotoFiles } from '../services/photo-files.ts';
import { MAX_THUMBNAIL_BYTES, type PhotoService, type PhotoUpload } from '../services/photos.ts';

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

/** The text fields a phone sends are a few dozen bytes; the form has a handful of parts. */
const MAX_FIELD_BYTES = 1024;
const MAX_PARTS = 16;

/**
 * What is read of an upload. A file one byte over its limit is enough to refuse it; the photo's
 * and the thumbnail's limits are checked (413) after the fields (422), as they always were.
 */
const UPLOAD_LIMITS: MultipartLimits = {
  files: { file: MAX_PHOTO_BYTES, thumbnail: MAX_THUMBNAIL_BYTES },
  fieldBytes: MAX_FIELD_BYTES,
  parts: MAX_PARTS,
  // A photo, its thumbnail and the form around them: what the app's body limit lets through.
  totalBytes: MAX_PHOTO_BYTES + MAX_THUMBNAIL_BYTES + 64 * 1024,
};

function invalidFields(issues: { path: string; message: string }[]): DomainError {
  return new DomainError(
    'VALIDATION_FAILED',
    {
      vi: 'Trường kèm ảnh không hợp lệ: chỉ nhận taken_at (ISO), lon, lat.',
      en: 'Invalid fields with the photo: only taken_at (ISO), lon and lat are read.',
    },
    issues,
  );
}

function tooManyParts(): DomainError {
  return new DomainError(
    'PAYLOAD_TOO_LARGE',
    {
      vi: `Biểu mẫu có quá nhiều phần: tối đa ${MAX_PARTS} (ảnh, ảnh thu nhỏ, taken_at, lon, lat).`,
      en: `The form has too many parts: at most ${MAX_PARTS} (file, thumbnail, taken_at, lon, lat).`,
    },
    { max_parts: MAX_PARTS },
  );
}

function cutOff(): DomainError {
  return new DomainError('BAD_REQUEST', {
    vi: 'Ảnh gửi lên bị ngắt giữa chừng. Hãy gửi lại.',
    en: 'The upload was cut off before it ended. Send it again.',
  });
}

/**
 * Receives the body into temporary files. A body that is not multipart, or not well-formed, is
 * answered like a form without a photo.
 */
async function receive(
  body: ReadableStream<Uint8Array> | null,
  type: string | undefined,
  files: PhotoFiles,
) {
  try {
    return await receiveMultipart(body, type, await files.temporaryDir(), UPLOAD_LIMITS);
  } catch (e) {
    if (!(e instanceof MultipartError)) throw e;
    if (e.reason === 'too-large') throw payloadTooLarge('15 MB');
    if (e.reason === 'cut-off') throw cutOff();
    throw missingFile();
  }
}

/** The photo, its thumbnail and the declared time and place, in the order they are refused. */
function readForm(upload: MultipartUpload): PhotoUpload {
  if (upload.tooManyParts) throw tooManyParts();
  const fields: Record<string, unknown> = {};
  const issues: { path: string; message: string }[] = [];
  let file: ReceivedFile | undefined;
  let thumbnail: ReceivedFile | undefined;
  for (const [name, part] of upload.parts) {
    if (name === 'file') {
      if (part.kind === 'file') file = part.file;
    } else if (name === 'thumbnail') {
      // A thumbnail that is text, not a file, is no thumbnail.
      if (part.kind === 'file') thumbnail = part.file;
    } else if (part.kind === 'field') {
      if (part.truncated) issues.push({ path: name, message: `over ${MAX_FIELD_BYTES} bytes` });
      fields[name] = part.value;
    } else {
      // A file under a name that is not read: the schema refuses it like any unknown field.
      fields[name] = null;
    }
  }
  if (!file) throw missingFile();
  if (issues.length > 0) throw invalidFields(issues);
  const declared = declaredSchema.safeParse(fields);
  if (!declared.success) {
    throw invalidFields(
      declared.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  const { taken_at, lon, lat } = declared.data;
  return {
    file,
    thumbnail,
    declared: {
      taken_at,
      position: lon !== undefined && lat !== undefined ? [lon, lat] : undefined,
    },
  };
}

export function photoRoutes(photos: PhotoService, files: PhotoFiles) {
  return new Hono<AppEnv>()
    .post(
      '/violations/:id/photos',
      requirePermission('violations:photo'),
      pathParams(idParam),
      async (c) => {
        const upload = await receive(c.req.raw.body, c.req.header('content-type'), files);
        try {
          const { feature, added } = await photos.add(
            c.req.valid('param').id,
            readForm(upload),
            c.get('user'),
          );
          return c.json(feature, added ? 201 : 200, {
            'Content-Type': 'application/geo+json; charset=utf-8',
          });
        } finally {
          // Whatever was not kept (a refusal, a photo stored already) goes now.
          await upload.cleanup();
        }
      },
    )
    .get('/photos/:name', requirePermission('records:read'), pathParams(nameParam), async (c) => {
      const { name } = c.req.valid('param');
      const [sha256, ext] = name.split('.') as [string, string];
      const stored = await files.open(sha256, ext);
      if (!stored) {
        throw new DomainError(
          'NOT_FOUND',
          { vi: `Không có ảnh ${name}.`, en: `There is no photo ${name}.` },
          { name },
        );
      }
      // Read through the handle that was checked: the name is not looked up a second time.
      const body = Readable.toWeb(stored.file.createReadStream()) as ReadableStream;
      return c.body(body, 200, {
        'Content-Type': TYPE_OF_EXTENSION[ext]!,
        'Content-Length': String(stored.stats.size),
        // Named by its content: it never changes. Private: evidence is for staff only.
        'Cache-Control': 'private, max-age=31536000, immutable',
      });
    });
}
