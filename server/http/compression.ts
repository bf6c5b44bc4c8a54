/**
 * Compressed answers for a phone on a weak link: every compressible answer (JSON, GeoJSON, CSV,
 * HTML, scripts) of at least a kilobyte goes out with brotli or gzip, whichever the client
 * prefers (brotli when both are equal). A page of 500 of the benchmark's violations, 367 KB of
 * GeoJSON, is 33 KB in brotli: at 1.6 Mbps, more than a second and a half saved on every pan.
 *
 * The web app's own files are compressed once, at build time (scripts/precompress.ts) and served
 * as they are by serveStatic; this compresses what is written per request. The work runs in
 * Node's zlib threads, off the thread that answers every other request. A client that asks for
 * no encoding (curl without --compressed, the load test) gets the answer untouched, at no cost.
 */
import { Duplex } from 'node:stream';
import { constants, createBrotliCompress, createGzip, type BrotliOptions } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/compress';
import { parseAccept } from 'hono/utils/accept';
import { setResponseHeader } from './response-header.ts';

/** Below this, the bytes saved do not pay for the encoding's headers and work. */
export const COMPRESS_MIN_BYTES = 1024;

export type Encoding = 'br' | 'gzip';

/**
 * The encoding the client prefers of those this server writes, by its q-values; none when it
 * asks for neither (or refuses both).
 */
export function chooseEncoding(accept: string | undefined): Encoding | null {
  if (!accept) return null;
  const accepts = parseAccept(accept);
  const q = (name: string) =>
    accepts.find((a) => a.type.toLowerCase() === name)?.q ??
    accepts.find((a) => a.type === '*')?.q ??
    0;
  const [br, gzip] = [q('br'), q('gzip')];
  if (br > 0 && br >= gzip) return 'br';
  return gzip > 0 ? 'gzip' : null;
}

/**
 * Brotli at quality 4: about as fast as gzip's default, and a little smaller (a page of 500
 * records: 33 KB against 35 KB). The build's quality 11 is far too slow to spend on every answer.
 */
function encoder(encoding: Encoding, size: number | null): Duplex {
  if (encoding === 'gzip') return createGzip();
  const params: BrotliOptions['params'] = {
    [constants.BROTLI_PARAM_QUALITY]: 4,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
  };
  if (size !== null) params[constants.BROTLI_PARAM_SIZE_HINT] = size;
  return createBrotliCompress({ params });
}

/**
 * Reads a body until `min` bytes have come: the whole body when it ended before, else a stream
 * of the same bytes, those read first included.
 */
async function readAtLeast(
  body: ReadableStream<Uint8Array>,
  min: number,
): Promise<
  { whole: Buffer<ArrayBuffer>; rest?: never } | { whole?: never; rest: ReadableStream<Uint8Array> }
> {
  const reader = body.getReader();
  const first: Uint8Array[] = [];
  let read = 0;
  while (read < min) {
    const { done, value } = await reader.read();
    if (done) return { whole: Buffer.concat(first) };
    first.push(value);
    read += value.byteLength;
  }
  const rest = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of first) controller.enqueue(chunk);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { rest };
}

/** Node's zlib stream as a web transform (Node's web-stream types and the DOM's differ in name only). */
function webPair(stream: Duplex): ReadableWritablePair<Uint8Array, Uint8Array> {
  return Duplex.toWeb(stream) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
}

const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;

export function compression(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    const type = res.headers.get('Content-Type');
    if (!type || !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type)) return;
    // A shared cache must keep the encodings apart, whether or not this answer was encoded.
    const vary = res.headers.get('Vary');
    if (!vary) setResponseHeader(c, 'Vary', 'Accept-Encoding');
    else if (vary !== '*' && !/accept-encoding/i.test(vary)) {
      setResponseHeader(c, 'Vary', `${vary}, Accept-Encoding`);
    }
    if (
      c.req.method === 'HEAD' ||
      res.status === 206 ||
      res.status === 204 ||
      res.status === 304 ||
      res.headers.has('Content-Encoding') ||
      NO_TRANSFORM.test(res.headers.get('Cache-Control') ?? '')
    ) {
      return;
    }
    const length = res.headers.get('Content-Length');
    const size = length === null ? null : Number(length);
    if (size !== null && size < COMPRESS_MIN_BYTES) return;
    const encoding = chooseEncoding(c.req.header('Accept-Encoding'));
    if (!encoding || !res.body) return;
    // An answer of unknown length (most JSON) is read up to the threshold first: a small one
    // goes out as it is.
    const start = size === null ? await readAtLeast(res.body, COMPRESS_MIN_BYTES) : null;
    if (start?.whole) {
      c.res = new Response(start.whole, res);
      return;
    }
    const body = start ? start.rest : res.body;
    // Hono carries the old answer's headers over to the new one: they are changed after.
    c.res = new Response(body.pipeThrough(webPair(encoder(encoding, size))), res);
    const headers = c.res.headers;
    headers.delete('Content-Length');
    headers.set('Content-Encoding', encoding);
    // The same entity, encoded: a strong validator would claim the bytes are the same.
    const etag = headers.get('ETag');
    if (etag && !etag.startsWith('W/')) headers.set('ETag', `W/${etag}`);
  };
}
