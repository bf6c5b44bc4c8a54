/** Password hashing with scrypt: the stored format, checking, Unicode forms, damaged hashes. */
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { hashPassword, verifyPassword } from '../../../server/services/passwords.ts';

// Each password hashed or checked is a quarter second of scrypt, longer on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const PASSWORD = 'Mật khẩu: Bắc Kạn 2026';
let stored: string;
beforeAll(async () => {
  stored = await hashPassword(PASSWORD);
});

describe('hashPassword', () => {
  test('writes scrypt$N$r$p$salt$hash with a 16-byte salt and a 32-byte key', () => {
    const parts = stored.split('$');
    expect(parts).toHaveLength(6);
    const [scheme, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
    expect(scheme).toBe('scrypt');
    const N = Number(n);
    // OWASP's floor for scrypt: N = 2^15 with r = 8 (32 MiB of memory per derivation).
    expect(Number.isInteger(Math.log2(N))).toBe(true);
    expect(N).toBeGreaterThanOrEqual(2 ** 15);
    expect(Number(r)).toBeGreaterThanOrEqual(8);
    expect(Number(p)).toBeGreaterThanOrEqual(1);
    expect(salt).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(key).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(salt, 'base64url')).toHaveLength(16);
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
  });

  test('never contains the password', () => {
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toContain(Buffer.from(PASSWORD).toString('base64url'));
  });

  test('two hashes of one password differ (a new salt each time), and both check', async () => {
    const again = await hashPassword(PASSWORD);
    expect(again).not.toBe(stored);
    expect(again.split('$')[4]).not.toBe(stored.split('$')[4]);
    expect(await verifyPassword(PASSWORD, again)).toBe(true);
  });
});

describe('verifyPassword', () => {
  test('accepts the right password', async () => {
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
  });

  test.each([
    ['a different one', 'mật khẩu khác hẳn'],
    ['another case', PASSWORD.toUpperCase()],
    ['a trailing space', `${PASSWORD} `],
    ['one letter short', PASSWORD.slice(0, -1)],
    ['the same letters without diacritics', 'Mat khau: Bac Kan 2026'],
    ['an empty one', ''],
  ])('refuses %s', async (_, attempt) => {
    expect(await verifyPassword(attempt, stored)).toBe(false);
  });

  test('a password typed in decomposed Unicode (NFD) matches one set in NFC, and back', async () => {
    const nfc = 'Đường Trường Chinh số 5'.normalize('NFC');
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    expect(await verifyPassword(nfc, await hashPassword(nfd))).toBe(true);
    expect(PASSWORD.normalize('NFD')).not.toBe(PASSWORD);
    expect(await verifyPassword(PASSWORD.normalize('NFD'), stored)).toBe(true);
  });

  test('against no hash (an unknown user) it answers false', async () => {
    expect(await verifyPassword(PASSWORD, null)).toBe(false);
    expect(await verifyPassword('', null)).toBe(false);
    // The dummy it derives against must not match a password of only 'A's either.
    expect(await verifyPassword('A'.repeat(43), null)).toBe(false);
  });

  test.each([
    ['an empty string', ''],
    ['a bcrypt hash', '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW'],
    ['another scheme with scrypt’s shape', 'argon2$32768$8$3$AAAAAAAAAAAAAAAAAAAAAA$AAAA'],
    ['a plain text password', PASSWORD],
    ['no salt', 'scrypt$32768$8$3$$AAAA'],
    ['no key', 'scrypt$32768$8$3$AAAAAAAAAAAAAAAAAAAAAA$'],
    ['N not a number', 'scrypt$abc$8$3$AAAAAAAAAAAAAAAAAAAAAA$AAAA'],
    ['N not a power of two', 'scrypt$3000$8$3$AAAAAAAAAAAAAAAAAAAAAA$AAAA'],
    ['N asking for gigabytes', 'scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA'],
    ['r of zero', 'scrypt$32768$0$3$AAAAAAAAAAAAAAAAAAAAAA$AAAA'],
    ['a negative p', 'scrypt$32768$8$-1$AAAAAAAAAAAAAAAAAAAAAA$AAAA'],
  ])('a damaged stored hash (%s) answers false and does not throw', async (_, bad) => {
    await expect(verifyPassword(PASSWORD, bad)).resolves.toBe(false);
  });

  test('a key of the wrong length answers false', async () => {
    const [head, key] = [stored.slice(0, stored.lastIndexOf('$')), stored.split('$')[5]!];
    const shorter = `${head}$${Buffer.from(key, 'base64url').subarray(0, 16).toString('base64url')}`;
    expect(await verifyPassword(PASSWORD, shorter)).toBe(false);
  });

  test('reads its parameters from the stored string, so older settings still check', async () => {
    // A hash written with lighter settings than today's: what a raise must not break.
    const { scrypt } = await import('node:crypto');
    const salt = Buffer.alloc(16, 7);
    const key = await new Promise<Buffer>((resolve, reject) =>
      scrypt(PASSWORD, salt, 32, { N: 2 ** 14, r: 8, p: 1 }, (e, k) =>
        e ? reject(e) : resolve(k),
      ),
    );
    const old = ['scrypt', 2 ** 14, 8, 1, salt.toString('base64url'), key.toString('base64url')];
    expect(await verifyPassword(PASSWORD, old.join('$'))).toBe(true);
    expect(await verifyPassword(`${PASSWORD}!`, old.join('$'))).toBe(false);
  });
});
