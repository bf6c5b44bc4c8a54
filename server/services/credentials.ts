/**
 * The one rule that ties sessions and tokens to the account: a password change, an admin's reset
 * and a disabling end every session of the user and revoke every token.
 */
import type { AuditContext, Store } from '../store/store.ts';

/** Why a user's credentials end all at once: the tokens' action in the audit log. */
export type CredentialsEnd = 'revoke:password-change' | 'revoke:password-reset' | 'revoke:disable';

/**
 * Signs the user out everywhere and revokes their tokens. Revoked, not only refused while it
 * lasts: a password changed because it leaked must take what was got with it along, and enabling
 * an account again must not bring back tokens that may be why it was disabled.
 */
export async function endCredentials(
  store: Pick<Store, 'sessions' | 'tokens'>,
  userId: string,
  why: CredentialsEnd,
  audit: AuditContext,
): Promise<void> {
  await store.sessions.deleteForUser(userId);
  await store.tokens.revokeForUser(userId, why, audit);
}
