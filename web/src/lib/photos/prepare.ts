/**
 * A photo made ready to queue and send: its EXIF time and place read from the original, then a
 * JPEG of at most 1600 px on the longest side and a 320 px thumbnail, drawn upright. Loaded only
 * when a photo is taken, with exifr, so the first page load stays small.
 */
import { newId } from '../ids.ts';
import type { QueuedPhoto } from '../offline/outbox-item.ts';
import { readPhotoMetadata } from './exif.ts';

/** Longest side of the photo sent (px): enough to read a house number, small on a weak network. */
export const PHOTO_MAX_SIDE = 1600;
/** Longest side of the thumbnail (px), for lists and the map. */
export const THUMBNAIL_MAX_SIDE = 320;

/** Width and height scaled down (never up) so the longest side is at most `max`. */
export function fitWithin(width: number, height: number, max: number): [number, number] {
  const scale = Math.min(1, max / Math.max(width, height));
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
}

async function jpeg(image: ImageBitmap, max: number, quality: number): Promise<Blob> {
  const [w, h] = fitWithin(image.width, image.height, max);
  const canvas =
    typeof OffscreenCanvas === 'function'
      ? new OffscreenCanvas(w, h)
      : Object.assign(document.createElement('canvas'), { width: w, height: h });
  const ctx = canvas.getContext('2d') as
    OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
  if (!ctx) throw new Error('no 2D canvas');
  // JPEG has no transparency: a transparent PNG goes on white, not black.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, w, h);
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(image, 0, 0, w, h);
  if (canvas instanceof HTMLCanvasElement) {
    return new Promise((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob'))), 'image/jpeg', quality),
    );
  }
  return canvas.convertToBlob({ type: 'image/jpeg', quality });
}

/** Reads, downscales and thumbnails one picked photo; throws when the browser cannot decode it. */
export async function preparePhoto(original: Blob): Promise<QueuedPhoto> {
  // EXIF first: the downscaled copy has none.
  const meta = await readPhotoMetadata(original);
  const image = await createImageBitmap(original, { imageOrientation: 'from-image' });
  try {
    const [file, thumbnail] = [
      await jpeg(image, PHOTO_MAX_SIDE, 0.85),
      await jpeg(image, THUMBNAIL_MAX_SIDE, 0.75),
    ];
    return { id: newId(), file, thumbnail, ...meta, sent: false };
  } finally {
    image.close();
  }
}
