/**
 * npm run users -- <command>: accounts from the server's shell, for the first admin or a lost
 * password. Works while the server runs (SQLite in WAL mode lets both write in turn).
 *
 *   add <username> --role <role> [--role <role>…] [--name "Họ và tên"]
 *   reset-password <username>
 *   disable <username> | enable <username>
 *   list
 *
 * The password is asked twice on a terminal, or read from the first line of standard input
 * (`--password-stdin`) for scripts; it never goes on the command line, where `ps` would show it.
 */
import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../domain/access/permissions.ts';
import { passwordSchema, usernameSchema } from '../domain/access/user.ts';
import { DomainError } from '../domain/errors.ts';
import { readConfig } from '../config.ts';
import { dataPaths } from '../data-dir.ts';
import { systemClock } from '../domain/clock.ts';
import { PasswordChangeService } from '../services/password-changes.ts';
import { UserService } from '../services/users.ts';
import { openStore } from '../store/open-store.ts';

const USAGE = `Usage: npm run users -- <command>
  add <username> --role <${ROLES.join('|')}> [--role …] [--name "Họ và tên"] [--password-stdin]
  reset-password <username> [--password-stdin]
  disable <username>
  enable <username>
  list`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** Reads a line without echoing it on a terminal. */
function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) =>
    write.call(rl, s.startsWith(question) ? question : '');
  return new Promise((resolve) =>
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    }),
  );
}

async function readPassword(fromStdin: boolean): Promise<string> {
  let password: string;
  if (fromStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  } else {
    password = await ask('Mật khẩu / Password: ');
    if ((await ask('Nhập lại / Again: ')) !== password) fail('The two passwords differ.');
  }
  const checked = passwordSchema.safeParse(password);
  if (!checked.success) fail('The password must be 10 to 200 characters long.');
  return checked.data;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      role: { type: 'string', multiple: true },
      name: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, rawName] = positionals;
  if (values.help || !command) fail(USAGE);

  const config = readConfig();
  const paths = dataPaths(config.dataDir);
  mkdirSync(paths.root, { recursive: true });
  const { store } = await openStore(config.databaseUrl, paths);
  const users = new UserService({ store, clock: systemClock });
  const passwords = new PasswordChangeService({ store, clock: systemClock });
  // The audit log shows these changes as made from the server's shell, and by which system user.
  const reason = `npm run users (${userInfo().username})`;
  const find = async (name: string | undefined) => {
    const user = name ? await store.users.byUsername(name) : undefined;
    return user ?? fail(`No user "${name ?? ''}". See: npm run users -- list`);
  };

  try {
    switch (command) {
      case 'list':
        for (const u of await users.list()) {
          const state = u.disabled_at ? ' (disabled)' : '';
          console.log(`${u.username}\t${u.roles.join(',')}\t${u.display_name}${state}`);
        }
        break;
      case 'add': {
        const username = usernameSchema.safeParse(rawName ?? '');
        if (!username.success) fail(`A username is 2–50 of a-z, 0-9, ".", "_", "-".\n${USAGE}`);
        const roles = (values.role ?? []) as Role[];
        const unknown = roles.filter((r) => !ROLES.includes(r));
        if (!roles.length || unknown.length)
          fail(`Give one or more --role of: ${ROLES.join(', ')}`);
        const password = await readPassword(values['password-stdin'] === true);
        const user = await users.create(
          { username: username.data, display_name: values.name ?? username.data, roles, password },
          null,
          reason,
        );
        console.log(`Created ${user.username} (${user.roles.join(', ')}).`);
        break;
      }
      case 'reset-password': {
        const user = await find(rawName);
        const password = await readPassword(values['password-stdin'] === true);
        const fresh = (await store.users.get(user.id))!;
        await passwords.reset(fresh.id, password, null, reason);
        console.log(`New password set for ${user.username}; their sessions are ended.`);
        break;
      }
      case 'disable':
      case 'enable': {
        const user = await find(rawName);
        await users.update(user.id, { disabled: command === 'disable', reason }, null);
        console.log(`${user.username} is ${command}d.`);
        break;
      }
      default:
        fail(USAGE);
    }
  } catch (e) {
    if (e instanceof DomainError) fail(e.text.en);
    throw e;
  } finally {
    await store.close();
  }
}

await main();
