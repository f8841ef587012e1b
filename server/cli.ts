/**
 * `fieldline-server` (npm run -s server -- …): run the sync server and manage its users.
 *   serve       [--db FILE | --pg URL] [--host 127.0.0.1] [--port 8787]
 *   user add    [--db FILE | --pg URL] --name N --branch B [--branch B2 …] --role agent|manager
 *   user list   [--db FILE | --pg URL]
 *   user revoke [--db FILE | --pg URL] ID
 */
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../shared/protocol';
import { openStore, type ServerStore, type StoreLocation } from './db/open-store';
import { buildApp } from './http/app';
import { addUser, listUsers, revokeUser } from './users';

const USAGE = `usage: server serve [--db FILE | --pg URL] [--host 127.0.0.1] [--port 8787]
       server user add [--db FILE | --pg URL] --name N --branch B [--branch B2 …] --role agent|manager
       server user list [--db FILE | --pg URL]
       server user revoke [--db FILE | --pg URL] ID`;

/** A mistake in how the command was typed: one line on stderr, exit 2. */
class UsageError extends Error {}

const OPTIONS = {
  db: { type: 'string' },
  pg: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  name: { type: 'string' },
  branch: { type: 'string', multiple: true },
  role: { type: 'string' },
  // For test harnesses: when the parent's pipe closes (it died), stop too.
  'exit-on-stdin-close': { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

export async function main(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    if (values.help) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    const [command, sub, ...rest] = positionals;
    if (command === 'serve') {
      if (sub !== undefined) throw new UsageError(`serve takes no argument "${sub}"`);
      return await serve(location(values), values.host ?? '127.0.0.1', port(values.port), values['exit-on-stdin-close'] ?? false);
    }
    if (command === 'user') {
      const store = await openStore(location(values));
      try {
        return await userCommand(store, sub, rest, values);
      } finally {
        await store.close();
      }
    }
    throw new UsageError(command ? `unknown command "${command}"` : 'missing command (serve or user)');
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`server: ${(error as Error).message.split('\n')[0]} (run with --help for usage)\n`);
      return 2;
    }
    process.stderr.write(`server: ${(error as Error).message.split('\n')[0]}\n`);
    return 1;
  }
}

function location(values: { db?: string; pg?: string }): StoreLocation {
  if (values.db && values.pg) throw new UsageError('use either --db FILE or --pg URL, not both');
  if (values.pg) return { postgresUrl: values.pg };
  if (values.db) return { sqliteFile: values.db };
  throw new UsageError('say where the data lives: --db FILE (SQLite) or --pg URL (PostgreSQL)');
}

function port(text: string | undefined): number {
  if (text === undefined) return 8787;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${text}"`);
  return value;
}

async function serve(where: StoreLocation, host: string, listenPort: number, exitOnStdinClose: boolean): Promise<number> {
  const store = await openStore(where);
  const app = await buildApp({ store });
  let address: string;
  try {
    address = await app.listen({ host, port: listenPort });
  } catch (error) {
    await store.close();
    throw error;
  }
  process.stdout.write(JSON.stringify({ listening: address }) + '\n');
  // SIGTERM: stop accepting, let in-flight requests finish, close the store, exit 0.
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    if (exitOnStdinClose) process.stdin.on('end', stop).on('close', stop).resume();
  });
  // A still-open stdin would keep the process alive after shutdown.
  if (exitOnStdinClose) process.stdin.destroy();
  // Sockets of requests that finish during shutdown turn idle after close() looked at
  // them: sweep idle ones until all are gone; a client that never finishes its request
  // must not keep the server up forever.
  const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
  const deadline = setTimeout(() => app.server.closeAllConnections(), 15_000);
  await app.close();
  clearInterval(sweep);
  clearTimeout(deadline);
  await store.close();
  return 0;
}

async function userCommand(
  store: ServerStore,
  sub: string | undefined,
  rest: string[],
  values: { name?: string; branch?: string[]; role?: string },
): Promise<number> {
  if (sub === 'add') {
    if (rest.length) throw new UsageError(`user add takes no argument "${rest[0]}"`);
    const name = values.name?.trim();
    if (!name) throw new UsageError('user add needs --name N');
    if (!values.role || !(ROLES as readonly string[]).includes(values.role)) throw new UsageError('user add needs --role agent or --role manager');
    const branches = [...new Set((values.branch ?? []).map((b) => b.trim()).filter(Boolean))];
    if (branches.length === 0) throw new UsageError('user add needs at least one --branch B');
    if (values.role === 'agent' && branches.length !== 1) throw new UsageError('an agent works in exactly one branch: give one --branch');
    const created = await addUser(store, { name, role: values.role as Role, branches }, () => new Date());
    process.stdout.write(JSON.stringify(created) + '\n');
    return 0;
  }
  if (sub === 'list') {
    if (rest.length) throw new UsageError(`user list takes no argument "${rest[0]}"`);
    for (const user of await listUsers(store)) process.stdout.write(JSON.stringify(user) + '\n');
    return 0;
  }
  if (sub === 'revoke') {
    if (rest.length !== 1) throw new UsageError('user revoke needs exactly one user ID');
    if (!(await revokeUser(store, rest[0]!))) {
      process.stderr.write(`server: no user with id ${rest[0]}\n`);
      return 1;
    }
    process.stdout.write(JSON.stringify({ revoked: rest[0] }) + '\n');
    return 0;
  }
  throw new UsageError(sub ? `unknown user command "${sub}" (add, list or revoke)` : 'user needs a command: add, list or revoke');
}
