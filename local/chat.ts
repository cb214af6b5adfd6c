import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../shared/config';
import { parseE164 } from '../shared/domain/phone';
import { callInitiateSchema, callRequestSchema, type CallInitiate } from '../shared/domain/initiate';
import { createLogger } from '../shared/log';
import { runChat } from './text-channel';

/**
 * `npm run chat`: talk to the bot as a caller, in the terminal. It goes through the same lifecycle as a
 * phone call. Without a request the chat dials the bot (the inbound defaults: insurance claim, English);
 * with `--request`, `--task`, `--claim` or `--lang` the bot places that call, validated as
 * `POST /api/call` validates it, and the chat answers, so any claim can be tried. Lines starting with /
 * are commands: /hangup ends the call. When standard input is not a terminal, each line is one caller
 * turn, so conversations can be scripted.
 */

const DEFAULT_PHONE = '+14255550123';
const HELP = `Usage: npm run chat -- [options]

  --phone <e164>       the caller's number. Calling again from the same number within the callback
                       window (features.callback_timeout_hour) resumes the same call. Default ${DEFAULT_PHONE}.
  --request <file>     a call request as POST /api/call takes it (JSON): bot_name, bot_company,
                       agent_phone_number, task, claim, lang, prosody_rate; its phone_number is the
                       caller's (--phone overrides it). The bot places this call and the chat answers.
  --task <text>        the bot's task (on top of --request)
  --claim <file>       the claim schema (JSON array of { name, type, description }), on top of --request
  --lang <code>        the call's language, e.g. fr-FR or es-ES (one of the request's available languages)
  -h, --help           this help

Example, the IT department's claim in French:
  npm run chat -- --claim it-claim.json --lang fr-FR --task "Help the employee with their laptop."

Type what the caller says; /hangup ends the call.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      phone: { type: 'string' },
      request: { type: 'string' },
      task: { type: 'string' },
      claim: { type: 'string' },
      lang: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const request = callRequest(values);
  const phone = parseE164(request?.phone_number ?? values.phone ?? DEFAULT_PHONE);
  if (!phone.ok) throw new UsageError(`--phone ${phone.message}`);
  // Logs go to stderr, warnings only: the terminal is the conversation.
  const log = createLogger('warn', (line) => process.stderr.write(`${line}\n`));
  await runChat({
    config: loadConfig(),
    phone: phone.e164,
    input: process.stdin,
    output: process.stdout,
    log,
    ...(request ? { request } : {}),
  });
}

interface ChatArgs {
  readonly phone?: string | undefined;
  readonly request?: string | undefined;
  readonly task?: string | undefined;
  readonly claim?: string | undefined;
  readonly lang?: string | undefined;
}

/** The call request of the options, validated as the API validates it; undefined when none is given. */
function callRequest(args: ChatArgs): CallInitiate | undefined {
  if (!args.request && !args.task && !args.claim && !args.lang) return undefined;
  const base = args.request ? readJson(args.request, '--request') : {};
  if (typeof base !== 'object' || base === null || Array.isArray(base)) {
    throw new UsageError(`--request ${args.request}: must be a JSON object, as POST /api/call takes`);
  }
  const body: Record<string, unknown> = {
    bot_company: 'Contoso',
    bot_name: 'Amélie',
    agent_phone_number: '+14255550100',
    ...base,
  };
  body.phone_number = args.phone ?? body.phone_number ?? DEFAULT_PHONE;
  if (args.task) body.task = args.task;
  if (args.claim) body.claim = readJson(args.claim, '--claim');
  if (args.lang) {
    const lang = (typeof body.lang === 'object' && body.lang !== null ? body.lang : {}) as Record<
      string,
      unknown
    >;
    body.lang = { ...lang, default_short_code: args.lang };
  }
  const parsed = callRequestSchema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`,
    );
    throw new UsageError(`The call request is not valid:\n  ${problems.join('\n  ')}`);
  }
  return callInitiateSchema.parse(body);
}

function readJson(path: string, option: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`${option} ${path}: cannot read the file`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(
      `${option} ${path}: not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof UsageError) console.error(error.message);
  else console.error(`The chat stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
