/**
 * Text formats as streams of UTF-8 chunks. A format is a plain generator of text pieces; here the
 * pieces are gathered into chunks of about 64 KB, and between chunks the event loop takes its
 * turn, so a large export never holds up other requests for more than a chunk's work.
 */
const CHUNK_CHARS = 64 * 1024;
const utf8 = new TextEncoder();

/** Lets the event loop run pending I/O (other requests) before the work goes on. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function* utf8Chunks(pieces: Iterable<string>): AsyncGenerator<Uint8Array> {
  let buffer: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    buffer.push(piece);
    size += piece.length;
    if (size >= CHUNK_CHARS) {
      yield utf8.encode(buffer.join(''));
      buffer = [];
      size = 0;
      await nextTurn();
    }
  }
  if (buffer.length) yield utf8.encode(buffer.join(''));
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
