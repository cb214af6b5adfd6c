import { createWriteStream, type WriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../shared/config';
import { chatExample, type SkipReason } from '../shared/export/fine-tuning';
import { MAX_LIST_LIMIT, type CallStore } from '../shared/providers/store/store';
import { openStore } from '../shared/wiring/store';

/**
 * `npm run export -- --since 2026-01-01 --out calls.jsonl`: the finished calls of the configured store
 * (the local SQLite file, or Cosmos DB) as chat-format fine-tuning examples, one JSON object per line,
 * personal data replaced by typed placeholders (see shared/export). Newest calls first, a page at a time,
 * with a progress line per page on standard error.
 */

const HELP = `Usage: npm run export -- --out <file> [options]

Writes finished calls as chat-format fine-tuning examples (JSONL: {"messages": [...], "tools": [...]}),
with names, e-mail addresses, phone numbers and policy numbers replaced by <NAME_1>, <EMAIL_1>, <PHONE_1>,
<POLICY_NUMBER_1> (the same value, the same placeholder, within a call). Review the file before using it.

  --out <file>      where to write the examples; - for standard output (required)
  --since <date>    only calls created on or after this date (2026-01-01, or ISO 8601 with a time)
  --until <date>    only calls created before this date
  --force           replace --out if it exists (otherwise an existing file is never overwritten)
  -h, --help        this help

The store is the app's (config file, env: STORE__BACKEND, COSMOS_ENDPOINT, DATA_DIR...).
Example: npm run export -- --since 2026-01-01 --out calls.jsonl`;

export interface ExportIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: (line: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** The store to read (tests); the configured one by default. */
  readonly store?: CallStore;
}

export class UsageError extends Error {}

interface ExportArgs {
  readonly out: string;
  readonly since: Date | undefined;
  readonly until: Date | undefined;
  readonly force: boolean;
}

/** Reads the arguments; throws `UsageError` naming the bad one. Undefined: the help was asked for. */
export function readExportArgs(argv: readonly string[]): ExportArgs | undefined {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        out: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
  }
  if (values.help) return undefined;
  if (!values.out)
    throw new UsageError(`--out is required: the file to write (or - for standard output)\n\n${HELP}`);
  const since = readDate(values.since, '--since');
  const until = readDate(values.until, '--until');
  if (since && until && since >= until) throw new UsageError('--since must be before --until');
  return { out: values.out, since, until, force: values.force };
}

function readDate(value: string | undefined, option: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new UsageError(`${option} ${value}: expected a date like 2026-01-01 (or ISO 8601 with a time)`);
  }
  return date;
}

/** Runs the export; resolves to the number of examples written. */
export async function runExport(argv: readonly string[], io: ExportIo): Promise<number | undefined> {
  const args = readExportArgs(argv);
  if (!args) {
    io.stdout.write(`${HELP}\n`);
    return undefined;
  }
  let store = io.store;
  let close = async () => undefined as void;
  if (!store) {
    const config = loadConfig({ ...(io.env ? { env: io.env } : {}), ...(io.cwd ? { cwd: io.cwd } : {}) });
    const opened = await openStore(config);
    store = opened.store;
    close = async () => {
      await opened.store.close();
      opened.sqlite?.close();
    };
  }
  const output = args.out === '-' ? io.stdout : await openOutput(args.out, args.force);
  try {
    return await exportCalls(store, args, output, io.stderr);
  } finally {
    if (output !== io.stdout) await new Promise((resolve) => (output as WriteStream).end(resolve));
    await close();
  }
}

async function exportCalls(
  store: CallStore,
  args: ExportArgs,
  output: NodeJS.WritableStream,
  progress: (line: string) => void,
): Promise<number> {
  let written = 0;
  const skipped: Record<SkipReason, number> = { 'not ended': 0, 'no exchange': 0 };
  let before = args.until;
  for (;;) {
    const page = await store.listNewest({
      endedOnly: true,
      limit: MAX_LIST_LIMIT,
      ...(args.since ? { since: args.since } : {}),
      ...(before ? { before } : {}),
    });
    for (const call of page) {
      const example = chatExample(call);
      if (typeof example === 'string') skipped[example] += 1;
      else if (!output.write(`${JSON.stringify(example)}\n`)) {
        await new Promise((resolve) => output.once('drain', resolve));
      }
      if (typeof example !== 'string') written += 1;
    }
    const skips = skipped['no exchange'] + skipped['not ended'];
    progress(`${written} calls exported${skips ? `, ${skips} without a conversation skipped` : ''}`);
    if (page.length < MAX_LIST_LIMIT) break;
    before = new Date(page.at(-1)!.created_at);
  }
  return written;
}

async function openOutput(path: string, force: boolean): Promise<WriteStream> {
  const stream = createWriteStream(path, { flags: force ? 'w' : 'wx', mode: 0o600 });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new UsageError(
          error.code === 'EEXIST'
            ? `--out ${path}: the file exists; choose another name or add --force`
            : `--out ${path}: cannot write (${error.message})`,
        ),
      ),
    );
  });
  return stream;
}
