/**
 * The features of a GeoJSON FeatureCollection read from text chunks, one at a time, so a file of a
 * million features is never held whole: a small scanner finds each element of the top-level
 * `features` array (tracking strings and nesting) and hands its text to JSON.parse.
 */

/** One element of `features`: its position in the array, and its value or why it is not JSON. */
export type FeatureItem = { index: number; value: unknown } | { index: number; error: string };

/** The file is not a FeatureCollection at all: nothing after this point can be read. */
export class FeatureStreamError extends Error {
  override name = 'FeatureStreamError';
}

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** The longest top-level key or string value kept to recognise `type` and `features`. */
const MAX_KEY = 64;

export async function* featuresOf(chunks: AsyncIterable<string>): AsyncGenerator<FeatureItem> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  /** A string at depth 1 (a key or a value of the collection) being read, if short enough. */
  let topString: string | null = null;
  let lastTopString: string | null = null;
  /** The key whose value comes next at depth 1. */
  let key: string | null = null;
  let inFeatures = false;
  let sawFeatures = false;
  /** Text of the element being read, from earlier chunks; `start` is where it began in this one. */
  let carry = '';
  let start = -1;
  let index = 0;

  function* emit(text: string): Generator<FeatureItem> {
    const at = index++;
    try {
      yield { index: at, value: JSON.parse(text) };
    } catch (e) {
      yield { index: at, error: (e as Error).message };
    }
  }

  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (topString !== null) {
            lastTopString = topString;
            topString = null;
            if (key === 'type' && lastTopString !== 'FeatureCollection') {
              throw new FeatureStreamError(
                `The file's "type" is "${lastTopString}": expected a GeoJSON FeatureCollection.`,
              );
            }
          }
        } else if (topString !== null) {
          topString = topString.length < MAX_KEY ? topString + chunk[i] : null;
        }
        continue;
      }
      if (isSpace(c)) continue;
      // A scalar element of `features` (a number, null, true…) ends at the next separator.
      if (inFeatures && depth === 2 && start >= 0 && (c === COMMA || c === CLOSE_BRACKET)) {
        yield* emit(carry + chunk.slice(start, i));
        carry = '';
        start = -1;
      }
      if (c === QUOTE) {
        inString = true;
        if (depth === 1) topString = '';
        if (inFeatures && depth === 2 && start < 0) start = i;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (depth === 0 && c !== OPEN_BRACE) {
          throw new FeatureStreamError(
            'The file is not a JSON object: expected a FeatureCollection.',
          );
        }
        if (depth === 1 && c === OPEN_BRACKET && key === 'features') {
          inFeatures = true;
          sawFeatures = true;
        } else if (inFeatures && depth === 2 && start < 0) {
          start = i;
        }
        depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (inFeatures && depth === 2 && start >= 0) {
          yield* emit(carry + chunk.slice(start, i + 1));
          carry = '';
          start = -1;
        } else if (inFeatures && depth === 1) {
          inFeatures = false;
        }
      } else if (depth === 1 && c === COLON) {
        key = lastTopString;
      } else if (depth === 1 && c === COMMA) {
        key = null;
      } else if (inFeatures && depth === 2 && start < 0 && c !== COMMA) {
        start = i;
      } else if (depth === 0) {
        throw new FeatureStreamError(
          'The file is not a JSON object: expected a FeatureCollection.',
        );
      }
    }
    // An element still open goes on in the next chunk, from its first character.
    if (start >= 0) {
      carry += chunk.slice(start);
      start = 0;
    }
  }
  if (depth !== 0 || inString) {
    throw new FeatureStreamError('The file ends in the middle of the JSON: is it complete?');
  }
  if (!sawFeatures) {
    throw new FeatureStreamError('The file has no "features" array: expected a FeatureCollection.');
  }
}
