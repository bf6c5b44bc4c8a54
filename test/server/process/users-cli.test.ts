/** `npm run users`: accounts from the server's shell, checked by signing in with them. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SessionService } from '../../../server/services/sessions.ts';
import { UserService } from '../../../server/services/users.ts';
import { systemClock } from '../../../server/domain/clock.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { runScript } from './server-process.ts';

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'uim-users-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Opens the DATA_DIR's store for one check, as the server would. */
type Accounts = { users: UserService; sessions: SessionService };

async function withAccounts<T>(run: (a: Accounts) => Promise<T> | T): Promise<T> {
  const store = createSqliteStore(join(dataDir, 'urban-issue-map.sqlite'));
  try {
    const deps = { store, clock: systemClock };
    return await run({ users: new UserService(deps), sessions: new SessionService(deps) });
  } finally {
    await store.close();
  }
}

describe('npm run users', () => {
  test('add creates a user who can sign in with the password given on stdin', async () => {
    const add = await runScript(
      'users',
      [
        'add',
        'Mai.Tran',
        '--role',
        'planner',
        '--role',
        'lead',
        '--name',
        'Trần Thị Mai',
        '--password-stdin',
      ],
      dataDir,
      'mat-khau-moi-123\n',
    );
    expect(add.output).toContain('Created mai.tran (planner, lead).');
    expect(add.status).toBe(0);
    const session = await withAccounts((a) => a.sessions.login('mai.tran', 'mat-khau-moi-123'));
    expect(session.user).toMatchObject({
      display_name: 'Trần Thị Mai',
      roles: ['planner', 'lead'],
    });

    const list = await runScript('users', ['list'], dataDir);
    expect(list.output).toContain('mai.tran\tplanner,lead\tTrần Thị Mai');
  }, 60_000);

  test('refuses an unknown role, a short password and a taken name, creating nothing', async () => {
    const role = await runScript('users', ['add', 'hung', '--role', 'boss'], dataDir, 'x\n');
    expect(role.status).toBe(1);
    expect(role.output).toContain(
      'Give one or more --role of: viewer, inspector, planner, complaints_officer, lead, admin',
    );
    const short = await runScript('users', ['add', 'hung', '--role', 'viewer'], dataDir, 'short\n');
    expect(short.status).toBe(1);
    expect(short.output).toContain('10 to 200 characters');
    const taken = await runScript(
      'users',
      ['add', 'MAI.TRAN', '--role', 'viewer'],
      dataDir,
      'mat-khau-moi-456\n',
    );
    expect(taken.status).toBe(1);
    expect(taken.output).toContain('is taken');
    const names = await withAccounts(async (a) => (await a.users.list()).map((u) => u.username));
    expect(names).toEqual(['mai.tran']);
  }, 60_000);

  test('reset-password replaces the password and ends sessions; the audit says it came from the shell', async () => {
    const old = await withAccounts((a) => a.sessions.login('mai.tran', 'mat-khau-moi-123'));
    const reset = await runScript(
      'users',
      ['reset-password', 'mai.tran'],
      dataDir,
      'mat-khau-thu-hai\n',
    );
    expect(reset.status).toBe(0);
    await withAccounts(async (a) => {
      expect(await a.sessions.fromSecret(old.secret)).toBeNull();
      await expect(a.sessions.login('mai.tran', 'mat-khau-moi-123')).rejects.toThrow(
        /Wrong username/,
      );
      await expect(a.sessions.login('mai.tran', 'mat-khau-thu-hai')).resolves.toBeTruthy();
    });
    const store = createSqliteStore(join(dataDir, 'urban-issue-map.sqlite'));
    try {
      const [last] = (await store.audit.list({ layer: 'users', limit: 1, offset: 0 })).items;
      expect(last).toMatchObject({ action: 'password:reset', user: null });
      expect(last!.reason).toMatch(/^npm run users \(.+\)$/);
      expect(JSON.stringify(last)).not.toContain('scrypt');
    } finally {
      await store.close();
    }
  }, 60_000);

  test('disable stops sign-in; enable restores it', async () => {
    expect((await runScript('users', ['disable', 'mai.tran'], dataDir)).status).toBe(0);
    await withAccounts((a) =>
      expect(a.sessions.login('mai.tran', 'mat-khau-thu-hai')).rejects.toThrow(/Wrong username/),
    );
    expect((await runScript('users', ['enable', 'mai.tran'], dataDir)).status).toBe(0);
    await withAccounts((a) =>
      expect(a.sessions.login('mai.tran', 'mat-khau-thu-hai')).resolves.toBeTruthy(),
    );
    const unknown = await runScript('users', ['disable', 'nobody'], dataDir);
    expect(unknown.status).toBe(1);
    expect(unknown.output).toContain('No user "nobody"');
  }, 60_000);
});
