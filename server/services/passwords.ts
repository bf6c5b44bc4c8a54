/**
 * Password hashing with scrypt from node:crypto: memory-hard, no native add-on to build. The
 * parameters travel in the stored string, so they can be raised later without breaking old hashes.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** OWASP's scrypt setting of equal strength to N=2^17, p=1 at a quarter of the memory (32 MiB). */
const PARAMS = { N: 2 ** 15, r: 8, p: 3 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  const maxmem = 256 * options.N! * options.r! + 1024 * 1024;
  return new Promise((resolve, reject) =>
    // The async form runs in libuv's pool: a login never blocks other requests.
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...options, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  const { N, r, p } = PARAMS;
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * A hash checked against nothing still costs a full derivation: no timing tells a name exists. It
 * is built from PARAMS, so raising them raises its cost with them.
 */
const DUMMY = ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, 'A'.repeat(22), 'A'.repeat(43)].join('$');

/** Parameters read back from a stored hash, or null when they are not ones scrypt can run. */
function storedParams(...values: (string | undefined)[]): ScryptOptions | null {
  const [N, r, p] = values.map((v) => (v && /^[1-9]\d{0,9}$/.test(v) ? Number(v) : 0));
  // N a power of two; a damaged row must not make a sign-in ask for more than 256 MiB.
  if (!N || !r || !p || (N & (N - 1)) !== 0 || N < 2 || 128 * N * r > 2 ** 28 || p > 16) {
    return null;
  }
  return { N, r, p };
}

/** False for a wrong password, and for a stored hash that is damaged or of another scheme. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = (stored ?? DUMMY).split('$');
  const options = storedParams(n, r, p);
  if (scheme !== 'scrypt' || !options || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), options);
  return stored !== null && actual.length === expected.length && timingSafeEqual(actual, expected);
}
