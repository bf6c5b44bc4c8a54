/**
 * A multipart/form-data body read as a stream: each expected file part goes straight to a
 * temporary file while it is hashed (SHA-256) and counted, text fields are kept (small), anything
 * else is read and dropped. Memory does not grow with the size of a file or the number of uploads
 * at once: the request is read no faster than the disk takes it.
 *
 * A part over its limit is not refused on the spot: the rest of it is read and dropped, so the
 * client gets an answer (413) instead of a broken connection, and the caller decides which
 * refusal comes first. Every temporary file is removed when receiving fails; on success the caller
 * keeps what it wants (a rename) and calls `cleanup()` for the rest.
 */
import busboy from 'busboy';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { OWNER_FILE } from '../owner-only.ts';

export interface MultipartLimits {
  /** The file parts to keep, by field name, with the most bytes each may hold. */
  files: Record<string, number>;
  /** The most bytes of one text field; a longer one is cut there and reported. */
  fieldBytes: number;
  /** The most parts (files and text fields together); the rest are read and dropped. */
  parts: number;
  /** The most bytes of the whole body; past it receiving stops at once. */
  totalBytes: number;
}

/** A file part as received: on disk at `path`, unless it was over its limit. */
export interface ReceivedFile {
  path: string;
  /** How many bytes were sent: over the limit, the file on disk holds only the first ones. */
  bytes: number;
  /** SHA-256 of the bytes, in hex; meaningless when `bytes` is over the limit. */
  sha256: string;
}

export type Part =
  | { kind: 'file'; file: ReceivedFile }
  /** A file part under a name that is not expected: read and dropped. */
  | { kind: 'ignored-file' }
  | { kind: 'field'; value: string; truncated: boolean };

export interface MultipartUpload {
  /** Each part by its name; a name sent twice keeps the last, as FormData.get does. */
  parts: Map<string, Part>;
  /** More parts were sent than `limits.parts`; those past it were dropped. */
  tooManyParts: boolean;
  /** Removes every temporary file still there (kept ones were renamed away). */
  cleanup(): Promise<void>;
}

export type MultipartFailure = 'malformed' | 'cut-off' | 'too-large';

/** Why a body could not be received; no temporary file is left behind. */
export class MultipartError extends Error {
  constructor(
    readonly reason: MultipartFailure,
    options?: { cause?: unknown },
  ) {
    super(`multipart body ${reason}`, options);
    this.name = 'MultipartError';
  }
}

const MULTIPART = /^multipart\/form-data\s*;/i;

/**
 * Reads `body` (a web stream: what a Node request and `app.request()` both give) into temporary
 * files under `directory`, which must exist and be on the same filesystem as where files are kept.
 */
export async function receiveMultipart(
  body: ReadableStream<Uint8Array> | null,
  contentType: string | undefined,
  directory: string,
  limits: MultipartLimits,
): Promise<MultipartUpload> {
  if (!body || !contentType || !MULTIPART.test(contentType)) throw new MultipartError('malformed');
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      limits: {
        parts: limits.parts,
        fieldSize: limits.fieldBytes,
        fieldNameSize: 100,
        fileSize: Math.max(0, ...Object.values(limits.files)) + 1,
        headerPairs: 20,
      },
    });
  } catch (e) {
    // Not multipart after all, or no boundary. The body is left unread: the server drains it.
    throw new MultipartError('malformed', { cause: e });
  }

  const temporary: string[] = [];
  const cleanup = async () => {
    await Promise.all(temporary.map((path) => rm(path, { force: true })));
  };
  const parts = new Map<string, Part>();
  /** Each file write, settled with its error or null; a failed write stops the parser. */
  const writes: Promise<unknown>[] = [];
  let tooManyParts = false;

  parser.on('field', (name, value, info) => {
    parts.set(name, { kind: 'field', value, truncated: info.valueTruncated || info.nameTruncated });
  });
  parser.on('partsLimit', () => (tooManyParts = true));
  parser.on('file', (name, stream) => {
    const max = Object.hasOwn(limits.files, name) ? limits.files[name]! : undefined;
    if (max === undefined) {
      parts.set(name, { kind: 'ignored-file' });
      stream.resume();
      return;
    }
    const path = join(directory, `${process.pid}.${randomUUID()}.part`);
    temporary.push(path);
    const hash = createHash('sha256');
    const file: ReceivedFile = { path, bytes: 0, sha256: '' };
    parts.set(name, { kind: 'file', file });
    // Counts every byte; past the limit nothing more is hashed or written, only counted.
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        file.bytes += chunk.byteLength;
        if (file.bytes > max) return done();
        hash.update(chunk);
        done(null, chunk);
      },
      flush(done) {
        file.sha256 = hash.digest('hex');
        done();
      },
    });
    writes.push(
      pipeline(stream, meter, createWriteStream(path, { flags: 'wx', mode: OWNER_FILE })).then(
        () => null,
        (e: unknown) => {
          // The parser would otherwise wait for a file stream that will never end.
          parser.destroy(e instanceof Error ? e : new Error(String(e)));
          return e;
        },
      ),
    );
  });

  let source: Readable;
  try {
    source = Readable.fromWeb(body as WebReadableStream<Uint8Array>);
  } catch (e) {
    throw new MultipartError('malformed', { cause: e });
  }
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.byteLength;
      if (received > limits.totalBytes) return done(new MultipartError('too-large'));
      done(null, chunk);
    },
  });
  // Which stream failed first: the others fail after it, with its error.
  let firstFailed: 'source' | 'parser' | undefined;
  source.once('error', () => (firstFailed ??= 'source'));
  parser.once('error', () => (firstFailed ??= 'parser'));

  // Every file write settles (each ends or fails with the parser) before anything is decided.
  const parsed = await pipeline(source, counter, parser).then(
    () => null,
    (e: unknown) => e,
  );
  const written = await Promise.all(writes);
  const failed = written.find((e) => e !== null) ?? parsed;
  if (failed !== null && failed !== undefined) {
    await cleanup();
    if (failed instanceof MultipartError) throw failed;
    // The request's own stream broke: the client went away, or its body cannot be read.
    if (firstFailed === 'source') throw new MultipartError('cut-off', { cause: failed });
    if (isWriteError(failed)) throw failed;
    throw new MultipartError('malformed', { cause: failed });
  }
  return { parts, tooManyParts, cleanup };
}

/** A failure of the disk, not of the body: an error to report as one, not a bad request. */
function isWriteError(e: unknown): boolean {
  return (
    e instanceof Error &&
    'syscall' in e &&
    ['open', 'write', 'close'].includes(String((e as NodeJS.ErrnoException).syscall))
  );
}
