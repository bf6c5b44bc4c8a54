/**
 * Text formats as streams of UTF-8 chunks. A format is an async generator of text pieces (its rows
 * come from the store's async iterator); here the pieces are gathered into chunks of about 256 KB
 * (a few milliseconds of work each), and between chunks the event loop takes its turn, so a large
 * export never holds up other requests for more than a chunk's work.
 */
import { nextTurn } from '../event-loop.ts';

const CHUNK_BYTES = 256 * 1024;
/** Room for a chunk and one more piece of a few kilobytes: a larger piece gets a chunk alone. */
const CAPACITY = 2 * CHUNK_BYTES;

/**
 * Each piece is encoded straight into the chunk's buffer: joining the pieces into one string
 * first and encoding that costs twice as much for text that is not ASCII.
 */
export async function* utf8Chunks(
  pieces: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<Uint8Array> {
  let buffer = Buffer.allocUnsafe(CAPACITY);
  let size = 0;
  for await (const piece of pieces) {
    // A UTF-16 unit takes at most 3 bytes in UTF-8.
    if (piece.length * 3 > CAPACITY - size) {
      if (size > 0) {
        yield buffer.subarray(0, size);
        buffer = Buffer.allocUnsafe(CAPACITY);
        size = 0;
        await nextTurn();
      }
      if (piece.length * 3 > CAPACITY) {
        yield Buffer.from(piece, 'utf8');
        await nextTurn();
        continue;
      }
    }
    size += buffer.write(piece, size, 'utf8');
    if (size >= CHUNK_BYTES) {
      yield buffer.subarray(0, size);
      buffer = Buffer.allocUnsafe(CAPACITY);
      size = 0;
      await nextTurn();
    }
  }
  if (size > 0) yield buffer.subarray(0, size);
}

/**
 * A response body that pulls one chunk at a time, as the client takes them (no buffering ahead);
 * a client that goes away cancels the stream, which closes the source and its database reader.
 */
export function readableStream(chunks: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
