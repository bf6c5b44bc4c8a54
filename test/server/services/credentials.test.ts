/** The rule a password change, a reset and a disabling share: the user's credentials all end. */
import { expect, test } from 'vitest';
import { endCredentials } from '../../../server/services/credentials.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { makeSession, makeToken, makeUser } from '../store/contract-accounts.ts';

const AT = '2026-03-11T03:00:00.000Z';

test('ends every session and revokes every token of the user, and no one else’s', async () => {
  const store = createSqliteStore(':memory:');
  try {
    const anh = makeUser({ username: 'anh' });
    const binh = makeUser({ username: 'binh' });
    for (const u of [anh, binh]) await store.users.insert(u, { user: null, at: AT });
    const sessions = [makeSession(anh.id), makeSession(anh.id), makeSession(binh.id)];
    for (const s of sessions) await store.sessions.insert(s);
    const tokens = [makeToken(anh.id), makeToken(anh.id), makeToken(binh.id)];
    for (const [i, t] of tokens.entries()) {
      await store.tokens.insert(t, String(i).repeat(64), { user: t.user_id, at: AT });
    }

    await endCredentials(store, anh.id, 'revoke:disable', {
      user: binh.id,
      at: AT,
      reason: 'left',
    });

    expect(await store.sessions.get(sessions[0]!.token_hash)).toBeUndefined();
    expect(await store.sessions.get(sessions[1]!.token_hash)).toBeUndefined();
    expect(await store.sessions.get(sessions[2]!.token_hash)).toEqual(sessions[2]);
    const revoked = (await store.tokens.listForUser(anh.id)).map((t) => t.revoked_at);
    expect(revoked).toEqual([AT, AT]);
    expect((await store.tokens.listForUser(binh.id))[0]!.revoked_at).toBeNull();
    // The audit log says why, and who: each revocation under the cause given.
    const log = await store.audit.list({ layer: 'tokens', action: 'revoke', limit: 10, offset: 0 });
    expect(log.items.map((e) => [e.record_id, e.action, e.user, e.reason]).sort()).toEqual(
      [tokens[0]!, tokens[1]!].map((t) => [t.id, 'revoke:disable', binh.id, 'left']).sort(),
    );
  } finally {
    await store.close();
  }
});
