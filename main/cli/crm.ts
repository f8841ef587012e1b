/**
 * `crm`: the admin and test CLI over the same core, handlers and validators the app uses.
 *   npm run -s crm -- --data DIR [--json] <command> …
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError } from '../../shared/result';
import { SyncBusyError, SyncEngine } from '../sync/sync-engine';
import { httpTransport, TransportError } from '../sync/transport';
import type { ChannelName, RequestOf, ResponseOf } from '../../shared/contract';
import type { Lead, LeadNote } from '../../shared/model';
import type { OutboxOp } from '../../shared/outbox';
import { openCore, type Core } from '../core';
import { TOKEN_FILE } from '../workspace/secret-store';
import { dispatch } from '../dispatch';
import { parseMapOption, type ColumnMapping } from '../import/columns';
import { CSV_ENCODINGS, type CsvEncoding } from '../import/encoding';
import { exportCsv } from '../import/export-csv';
import { DUPLICATE_POLICIES, importCsv, type DuplicatePolicy } from '../import/import-csv';
import { undoImport } from '../import/undo-import';
import { STAGES, type Stage } from '../../shared/pipeline';

const USAGE = `usage: crm --data DIR [--json] <command>

commands:
  lead add --name N --phone P [--phone P2] [--email E] [--stage S] [--notes T] [--source S]
  lead get ID
  lead update ID [--name N] [--phone P …] [--email E] [--notes T] [--source S]
  lead move ID STAGE [--outcome won|lost --reason R]
  lead delete ID
  lead restore ID
  lead list [--stage S] [--search Q] [--limit N]
  call log LEAD_ID --outcome O --duration SECONDS [--note T]
  note add LEAD_ID --body T
  lead assign ID --owner USER_ID [--branch B]
  queue              pending outbox ops, oldest first
  status             counts of leads and pending ops, and sync health
  sync [--server URL] [--token T]   one full sync (remembered after the first)
  conflicts [--all] | conflicts restore ID
  parked | parked retry OP_ID | parked discard OP_ID
  import FILE.csv [--map JSON] [--encoding utf8|utf16le|windows-1256] [--on-duplicate skip|update|create] [--report FILE]
  import undo IMPORT_ID
  export FILE.csv [--stage S] [--search Q]`;

/** A mistake in how the command was typed (exit 2), as opposed to a refused request (exit 1). */
class UsageError extends Error {}

/** A request the core refused; its message is already user-facing. */
class RefusedError extends Error {}

interface Output {
  json: boolean;
  /** Queues one line (or, with --json, one piece of a JSON document). */
  write(text: string): void;
  /** Hands what is queued to stdout, waiting while the reader catches up. */
  flush(): Promise<void>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

function parse(args: string[], options: Options, positionals: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's parser explains over several lines; the first says what is wrong.
    throw new UsageError((error as Error).message.split('\n')[0]!.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
  if (parsed.positionals.length !== positionals.length) {
    const expected = positionals.length ? positionals.join(' ') : 'no arguments';
    throw new UsageError(`expected ${expected}, got ${parsed.positionals.length ? parsed.positionals.join(' ') : 'none'}`);
  }
  return { values: parsed.values as Record<string, string | string[] | undefined>, positionals: parsed.positionals };
}

function wholeNumber(flag: string, text: string | undefined, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) > max) throw new UsageError(`${flag} must be a whole number from 0 to ${max}`);
  return Number(text);
}

async function call<C extends ChannelName>(core: Core, channel: C, request: RequestOf<C>) {
  const result = await dispatch(core.handlers, channel, request, (message, error) => {
    // The user gets the one-line message; the stack only on request.
    if (process.env.FIELDLINE_DEBUG) process.stderr.write(`crm: ${message}: ${error instanceof Error ? error.stack : String(error)}\n`);
  });
  if (!result.ok) throw new RefusedError(result.error.message);
  return result.value as ResponseOf<C>;
}

function describeLead(lead: Lead): string {
  const phones = lead.phones.map((p) => p.e164 ?? p.raw).join(', ');
  const stage = lead.stage === 'closed' ? `closed (${lead.outcome})` : lead.stage;
  return [lead.id, lead.name, stage, phones, lead.email ?? '', lead.deleted ? '[deleted]' : ''].filter(Boolean).join('  ');
}

function printLead(out: Output, lead: Lead): void {
  out.write(out.json ? JSON.stringify(lead) : describeLead(lead));
}

const leadFields: Options = {
  name: { type: 'string' },
  phone: { type: 'string', multiple: true },
  email: { type: 'string' },
  notes: { type: 'string' },
  source: { type: 'string' },
};

type Command = (core: Core, args: string[], out: Output) => Promise<void>;

const COMMANDS: Record<string, Command> = {
  'lead add': async (core, args, out) => {
    const { values } = parse(args, { ...leadFields, stage: { type: 'string' } }, []);
    if (values.name === undefined) throw new UsageError('lead add needs --name');
    const lead = await call(core, 'leads.create', {
      name: values.name as string,
      phones: (values.phone as string[] | undefined) ?? [],
      email: values.email as string | undefined,
      notes: values.notes as string | undefined,
      source: values.source as string | undefined,
      stage: values.stage as RequestOf<'leads.create'>['stage'],
    });
    printLead(out, lead);
  },
  'lead get': async (core, args, out) => {
    const { positionals } = parse(args, {}, ['ID']);
    printLead(out, await call(core, 'leads.get', { id: positionals[0]! }));
  },
  'lead update': async (core, args, out) => {
    const { values, positionals } = parse(args, leadFields, ['ID']);
    const changes: Record<string, unknown> = {};
    for (const key of ['name', 'email', 'notes', 'source'] as const) if (values[key] !== undefined) changes[key] = values[key];
    if (values.phone !== undefined) changes.phones = values.phone;
    printLead(out, await call(core, 'leads.update', { id: positionals[0]!, changes }));
  },
  'lead move': async (core, args, out) => {
    const { values, positionals } = parse(args, { outcome: { type: 'string' }, reason: { type: 'string' } }, ['ID', 'STAGE']);
    const lead = await call(core, 'leads.moveToStage', {
      id: positionals[0]!,
      stage: positionals[1] as RequestOf<'leads.moveToStage'>['stage'],
      outcome: values.outcome as RequestOf<'leads.moveToStage'>['outcome'],
      lostReason: values.reason as string | undefined,
    });
    printLead(out, lead);
  },
  'lead delete': async (core, args, out) => {
    const { positionals } = parse(args, {}, ['ID']);
    printLead(out, await call(core, 'leads.delete', { id: positionals[0]! }));
  },
  'lead restore': async (core, args, out) => {
    const { positionals } = parse(args, {}, ['ID']);
    printLead(out, await call(core, 'leads.restore', { id: positionals[0]! }));
  },
  'lead list': async (core, args, out) => {
    const { values } = parse(args, { stage: { type: 'string' }, search: { type: 'string' }, limit: { type: 'string' } }, []);
    const limit = wholeNumber('--limit', values.limit as string | undefined, 1_000_000) ?? 50;
    // Pages of up to 1,000 walk the keyset index; output streams so a million rows never sit in memory.
    let cursor: string | undefined;
    let printed = 0;
    if (out.json) out.write('[');
    while (printed < limit) {
      const page = await call(core, 'leads.list', {
        stage: values.stage as RequestOf<'leads.list'>['stage'],
        search: values.search as string | undefined,
        limit: Math.max(1, Math.min(1000, limit - printed)),
        cursor,
      });
      for (const lead of page.items) {
        out.write(out.json ? (printed ? ',' : '') + JSON.stringify(lead) : describeLead(lead));
        printed++;
      }
      await out.flush();
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    if (out.json) out.write(']');
  },
  'call log': async (core, args, out) => {
    const { values, positionals } = parse(
      args,
      { outcome: { type: 'string' }, duration: { type: 'string' }, note: { type: 'string' } },
      ['LEAD_ID'],
    );
    if (values.outcome === undefined) throw new UsageError('call log needs --outcome');
    const duration = wholeNumber('--duration', values.duration as string | undefined, 86_400);
    if (duration === undefined) throw new UsageError('call log needs --duration SECONDS');
    const logged = await call(core, 'calls.log', {
      leadId: positionals[0]!,
      outcome: values.outcome as RequestOf<'calls.log'>['outcome'],
      durationSeconds: duration,
      note: values.note as string | undefined,
    });
    out.write(out.json ? JSON.stringify(logged) : `${logged.id}  ${logged.outcome}  ${logged.durationSeconds}s`);
  },
  'note add': async (core, args, out) => {
    const { values, positionals } = parse(args, { body: { type: 'string' } }, ['LEAD_ID']);
    const note: LeadNote = await call(core, 'notes.add', { leadId: positionals[0]!, body: (values.body as string) ?? '' });
    out.write(out.json ? JSON.stringify(note) : `${note.id}  ${note.occurredAt}`);
  },
  queue: async (core, args, out) => {
    parse(args, {}, []);
    const ops: OutboxOp[] = await call(core, 'outbox.list', { limit: 1_000_000 });
    if (out.json) out.write(JSON.stringify(ops));
    else for (const op of ops) out.write(`${op.seq}  ${op.createdAt}  ${op.type} ${op.entity} ${op.entityId}`);
  },
  status: async (core, args, out) => {
    parse(args, {}, []);
    const counts = await call(core, 'app.status', {});
    const sync = await call(core, 'sync.status', {});
    const status = { ...sync, leads: counts.leads, pendingOps: counts.pendingOps };
    if (out.json) out.write(JSON.stringify(status));
    else {
      out.write(`leads: ${status.leads}\npending ops: ${status.pendingOps}${status.parkedOps ? ` (${status.parkedOps} parked)` : ''}`);
      out.write(`sync: ${status.state}${status.serverUrl ? ` with ${status.serverUrl}` : ''}`);
      if (status.lastSuccessAt) out.write(`last sync: ${status.lastSuccessAt}`);
      if (status.lastError) out.write(`last error: ${status.lastError}${status.nextRetryAt ? ` (next try ${status.nextRetryAt})` : ''}`);
      if (status.unresolvedConflicts) out.write(`conflicts to review: ${status.unresolvedConflicts}`);
    }
  },
  sync: async (core, args, out) => {
    const { values } = parse(args, { server: { type: 'string' }, token: { type: 'string' } }, []);
    const report = await runSync(core, values.server as string | undefined, values.token as string | undefined);
    out.write(out.json ? JSON.stringify(report) : `pushed ${report.pushed}, pulled ${report.pulled}, merged ${report.merged}, parked ${report.parked}, remaining ${report.remaining}`);
  },
  conflicts: async (core, args, out) => {
    const { values, positionals } = parse(args, { all: { type: 'boolean' } }, args[0] === 'restore' ? ['restore', 'ID'] : []);
    if (positionals[0] === 'restore') {
      const id = wholeNumber('ID', positionals[1], Number.MAX_SAFE_INTEGER);
      printLead(out, await call(core, 'conflicts.restore', { id: id! }));
      return;
    }
    const list = await call(core, 'conflicts.list', { includeRestored: Boolean(values.all) });
    if (out.json) out.write(JSON.stringify(list));
    else for (const c of list) out.write(`${c.id}  ${c.at}  lead ${c.leadId}  ${c.field}: yours ${JSON.stringify(c.myValue)}, kept ${JSON.stringify(c.keptValue)} (${c.rule})`);
  },
  parked: async (core, args, out) => {
    const action = args[0];
    if (action === 'retry' || action === 'discard') {
      const { positionals } = parse(args.slice(1), {}, ['ID']);
      await call(core, action === 'retry' ? 'parked.retry' : 'parked.discard', { opId: positionals[0]! });
      out.write(out.json ? JSON.stringify({ ok: true }) : `${action === 'retry' ? 'will send again' : 'discarded'}: ${positionals[0]}`);
      return;
    }
    parse(args, {}, []);
    const list = await call(core, 'parked.list', {});
    if (out.json) out.write(JSON.stringify(list));
    else for (const p of list) out.write(`${p.opId}  ${p.type} ${p.entity} ${p.entityId}  ${p.code}: ${p.reason}`);
  },
  'lead assign': async (core, args, out) => {
    const { values, positionals } = parse(args, { owner: { type: 'string' }, branch: { type: 'string' } }, ['ID']);
    if (values.owner === undefined) throw new UsageError('lead assign needs --owner USER_ID');
    printLead(out, await call(core, 'leads.assign', { id: positionals[0]!, ownerId: values.owner as string, branchId: values.branch as string | undefined }));
  },
};

/** Import and export touch files: their mistakes are found before the database is touched. */
const FILE_COMMANDS: Record<string, Command> = {
  import: async (core, args, out) => {
    const { values, positionals } = parse(
      args,
      { map: { type: 'string' }, encoding: { type: 'string' }, 'on-duplicate': { type: 'string' }, report: { type: 'string' } },
      ['FILE.csv'],
    );
    let map: ColumnMapping | undefined;
    if (values.map !== undefined) {
      const parsed = parseMapOption(values.map as string);
      if (typeof parsed === 'string') throw new UsageError(parsed);
      map = parsed;
    }
    const encoding = values.encoding as string | undefined;
    if (encoding !== undefined && !(CSV_ENCODINGS as readonly string[]).includes(encoding)) {
      throw new UsageError(`--encoding must be one of ${CSV_ENCODINGS.join(', ')}`);
    }
    const policy = (values['on-duplicate'] as string | undefined) ?? 'skip';
    if (!(DUPLICATE_POLICIES as readonly string[]).includes(policy)) throw new UsageError(`--on-duplicate must be one of ${DUPLICATE_POLICIES.join(', ')}`);
    const report = values.report as string | undefined;
    const result = await refusing(() =>
      importCsv(core, { file: positionals[0]!, map, encoding: encoding as CsvEncoding | undefined, onDuplicate: policy as DuplicatePolicy, report }),
    );
    const { imported, updated, skipped, rejected, flagged, importId } = result;
    if (out.json) out.write(JSON.stringify({ imported, updated, skipped, rejected, flagged, importId }));
    else {
      out.write(`imported ${imported}, updated ${updated}, skipped ${skipped}, rejected ${rejected}, flagged ${flagged} (import ${importId}, read as ${result.encoding})`);
      if (result.reportFile) out.write(`rejected rows: ${result.reportFile}`);
      if (flagged) out.write(`flagged leads share a name with another lead: review them (crm lead list --search NAME)`);
    }
  },
  'import undo': async (core, args, out) => {
    const { positionals } = parse(args, {}, ['IMPORT_ID']);
    const result = await refusing(async () => undoImport(core, positionals[0]!));
    if (out.json) out.write(JSON.stringify(result));
    else {
      out.write(`undid import ${result.importId}: ${result.deleted} leads deleted, ${result.reverted} leads put back`);
      if (result.notUndone.length) out.write(`not undone (${result.notUndone.length}):`);
      for (const n of result.notUndone) out.write(`  lead ${n.leadId}${n.field ? ` ${n.field}` : ''}: ${n.reason}`);
    }
  },
  export: async (core, args, out) => {
    const { values, positionals } = parse(args, { stage: { type: 'string' }, search: { type: 'string' } }, ['FILE.csv']);
    const stage = values.stage as string | undefined;
    if (stage !== undefined && !(STAGES as readonly string[]).includes(stage)) throw new UsageError(`--stage must be one of ${STAGES.join(', ')}`);
    const file = positionals[0]!;
    if (!fs.existsSync(path.dirname(path.resolve(file)))) throw new RefusedError(`no folder for ${file}`);
    const { exported } = await refusing(() => exportCsv(core, file, { stage: stage as Stage | undefined, search: values.search as string | undefined }));
    out.write(out.json ? JSON.stringify({ exported, file }) : `exported ${exported} leads to ${file}`);
  },
};
Object.assign(COMMANDS, FILE_COMMANDS);

/** Core refusals (AppError) become one-line refusals; anything else stays a failure. */
async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw new RefusedError(error.message);
    throw error;
  }
}

/**
 * One full sync for scripts. The server and token are remembered: the server in the
 * database, the token in a file beside it readable only by this user (the desktop app
 * keeps its token in the OS keychain instead).
 */
async function runSync(core: Core, server: string | undefined, token: string | undefined) {
  const tokenFile = path.join(core.dataDir, TOKEN_FILE);
  const serverUrl = server ?? core.syncState().server_url;
  if (!serverUrl) throw new UsageError('sync needs --server URL the first time');
  if (!/^https?:\/\/[^\s/]+/.test(serverUrl)) throw new UsageError('--server must be an http:// or https:// address');
  const secret = token ?? (fs.existsSync(tokenFile) ? fs.readFileSync(tokenFile, 'utf8').trim() : undefined);
  if (!secret) throw new UsageError('sync needs --token TOKEN the first time');
  const transport = httpTransport({ serverUrl, token: secret });
  const engine = new SyncEngine({ core, transport });
  try {
    const me = await transport.me();
    core.sync.bind(serverUrl, me.user.id);
    if (token) {
      fs.writeFileSync(tokenFile, token + '\n', { mode: 0o600 });
      fs.chmodSync(tokenFile, 0o600); // an older file keeps its mode otherwise
    }
    engine.unblock();
    return await engine.syncOnce();
  } catch (error) {
    if (error instanceof TransportError) throw new RefusedError(`sync failed: ${error.message}`);
    if (error instanceof AppError || error instanceof SyncBusyError) throw new RefusedError(error.message);
    throw error;
  }
}

function createOutput(stream: NodeJS.WritableStream, json: boolean): Output {
  let pending: string[] = [];
  let started = false;
  return {
    json,
    write(text) {
      // Lines are separated as they go out, so a streamed list needs no buffer of its own.
      pending.push(!json && started ? '\n' + text : text);
      started = true;
    },
    async flush() {
      if (pending.length === 0) return;
      const chunk = pending.join('');
      pending = [];
      if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', resolve));
    },
  };
}

/** Splits `--data DIR` and `--json` (allowed anywhere) from the command and its own arguments. */
export function splitGlobals(argv: string[]): { dataDir: string | undefined; json: boolean; rest: string[] } {
  let dataDir: string | undefined;
  let json = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--data') {
      dataDir = argv[++i];
      if (dataDir === undefined || dataDir === '') throw new UsageError('--data needs a folder');
    } else if (arg.startsWith('--data=')) dataDir = arg.slice('--data='.length);
    else rest.push(arg);
  }
  return { dataDir, json, rest };
}

export async function main(argv: string[], stdout = process.stdout, stderr = process.stderr): Promise<number> {
  let core: Core | undefined;
  try {
    if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) {
      (argv.length === 0 ? stderr : stdout).write(USAGE + '\n');
      return argv.length === 0 ? 2 : 0;
    }
    const { dataDir, json, rest } = splitGlobals(argv);
    if (!dataDir) throw new UsageError('--data DIR is required (the folder holding the database)');
    const name = [rest[0], rest[1]].join(' ');
    const command = COMMANDS[name] ?? COMMANDS[rest[0] ?? ''];
    if (!command) throw new UsageError(rest.length ? `unknown command "${rest.join(' ')}"` : 'no command given');
    const args = COMMANDS[name] ? rest.slice(2) : rest.slice(1);
    core = openCore({ dataDir });
    const out = createOutput(stdout, json);
    await command(core, args, out);
    await out.flush();
    stdout.write('\n');
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      stderr.write(`crm: ${error.message} (see crm --help)\n`);
      return 2;
    }
    stderr.write(`crm: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    core?.close();
  }
}
