/** Random secrets (session cookies, API tokens) and the hashes the store keeps of them. */
import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits: a fast hash is enough, no one can guess such a secret to test it offline. */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
