/**
 * Whether an uploaded photo is the picture its first bytes claim: libvips (through sharp) reads
 * its header and decodes it whole. A magic number followed by HTML, a file cut off midway, or a
 * header claiming gigapixels with no picture behind it is refused before the file is kept. sharp
 * works on libuv's worker threads, so the event loop goes on serving while a photo decodes.
 */
import sharp from 'sharp';
import { DomainError } from '../domain/errors.ts';
import type { PhotoType } from '../domain/violations/photo.ts';

/**
 * The most pixels a photo may have: 50 MP. Phones take 12–50 MP and 45 MP cameras fit, and the
 * app sends 1600 px copies anyway. Decoding costs time and memory by the pixel, not by the byte,
 * and a 15 MB file can claim far more (a one-colour PNG packs billions of pixels, a JPEG header
 * any size at all), so a picture over this is refused from its header, before any decoding. A
 * 50 MP JPEG decodes in about 0.1 s on one core.
 */
export const MAX_PHOTO_PIXELS = 50_000_000;

/** The formats libvips reports, as the photo types the app keeps; anything else is refused. */
const TYPE_OF_FORMAT: Partial<Record<string, PhotoType>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/**
 * The decoded copy's longest side. Small, so JPEG and WebP decode at a fraction of their size
 * (shrink-on-load), yet every byte of the picture is still read: a truncated one still fails.
 */
const PROBE_SIDE = 64;

// Each upload is a new temporary file read once: libvips' cache would only keep its descriptor
// open (and a removed file's disk space taken) for nothing.
sharp.cache(false);

/** How a message names the photo: the picture itself or the phone's small copy of it. */
const NAMES: Record<string, { vi: string; en: string }> = {
  file: { vi: 'Ảnh', en: 'The photo' },
  thumbnail: { vi: 'Ảnh thu nhỏ', en: 'The thumbnail' },
};

function nameOf(field: string) {
  return NAMES[field] ?? { vi: `Tệp "${field}"`, en: `The file "${field}"` };
}

function unreadable(field: string): DomainError {
  const name = nameOf(field);
  return new DomainError(
    'UNSUPPORTED_MEDIA_TYPE',
    {
      vi: `${name.vi} ("${field}") không phải ảnh đọc được: chỉ phần đầu giống ảnh JPEG, PNG hay WebP. Gửi lại ảnh chụp từ máy ảnh hoặc điện thoại.`,
      en: `${name.en} ("${field}") is not a readable image: only its first bytes look like a JPEG, PNG or WebP. Send the picture as the camera or phone saved it.`,
    },
    { field },
  );
}

function tooManyPixels(field: string, width: number, height: number): DomainError {
  const name = nameOf(field);
  const mp = Math.round((width * height) / 1e5) / 10;
  const max = MAX_PHOTO_PIXELS / 1e6;
  return new DomainError(
    'VALIDATION_FAILED',
    {
      vi: `${name.vi} ("${field}") có ${width}×${height} điểm ảnh (${mp} MP), vượt quá ${max} MP. Thu nhỏ ảnh (ví dụ cạnh dài 4000 px) rồi gửi lại.`,
      en: `${name.en} ("${field}") is ${width}×${height} pixels (${mp} MP), over ${max} MP. Scale it down (say to 4000 px on the longest side) and send it again.`,
    },
    { field, width, height, max_pixels: MAX_PHOTO_PIXELS },
  );
}

function damaged(field: string): DomainError {
  const name = nameOf(field);
  return new DomainError(
    'VALIDATION_FAILED',
    {
      vi: `${name.vi} ("${field}") bị hỏng hoặc bị cắt cụt: không giải mã được hết. Gửi lại bản gốc của ảnh.`,
      en: `${name.en} ("${field}") is damaged or cut short: it does not decode in full. Send the original picture again.`,
    },
    { field },
  );
}

/**
 * Checks the file at `path`, whose first bytes said `type`: libvips must read it as that format,
 * within MAX_PHOTO_PIXELS, and decode all of it. Answers its size; throws a DomainError (415 for
 * what is not an image of that type, 422 for one too large or damaged) naming `field`.
 */
export async function checkImage(
  path: string,
  field: string,
  type: PhotoType,
): Promise<{ width: number; height: number }> {
  // The header only, with no pixel limit: a picture too large is told its size, not refused blind.
  const meta = await sharp(path, { limitInputPixels: false })
    .metadata()
    .catch(() => null);
  if (!meta || TYPE_OF_FORMAT[meta.format] !== type) throw unreadable(field);
  const { width, height } = meta;
  if (width * height > MAX_PHOTO_PIXELS) throw tooManyPixels(field, width, height);
  try {
    // 'warning' is sharp's own advice for untrusted input: any decoder warning (a cut-off scan, a
    // header with no picture data) refuses the file. The app's own photos are redrawn in the
    // browser's canvas before they are sent, so a real photo from it never trips one.
    await sharp(path, { failOn: 'warning', limitInputPixels: MAX_PHOTO_PIXELS })
      .resize(PROBE_SIDE, PROBE_SIDE, { fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer();
  } catch {
    throw damaged(field);
  }
  return { width, height };
}
