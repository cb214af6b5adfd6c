import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../shared/config';
import { parseE164 } from '../shared/domain/phone';
import { createLogger } from '../shared/log';
import { runChat } from './text-channel';

/**
 * `npm run chat`: talk to the bot as a caller, in the terminal. It goes through the same lifecycle as a
 * phone call: the chat dials the bot on the local phone network, the call's orchestration answers it,
 * every turn is stored, and hanging up ends the call and runs its post-call work.
 * Lines starting with / are commands: /hangup ends the call. When standard input is not a terminal,
 * each line is one caller turn, so conversations can be scripted.
 */

const DEFAULT_PHONE = '+14255550123';
const HELP = `Usage: npm run chat -- [--phone +33612345678]

  --phone   the caller's number (E.164). Calling again from the same number within the callback
            window (features.callback_timeout_hour) resumes the same call. Default ${DEFAULT_PHONE}.

Type what the caller says; /hangup ends the call.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { phone: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const phone = parseE164(values.phone ?? DEFAULT_PHONE);
  if (!phone.ok) throw new UsageError(`--phone ${phone.message}`);
  // Logs go to stderr, warnings only: the terminal is the conversation.
  const log = createLogger('warn', (line) => process.stderr.write(`${line}\n`));
  await runChat({
    config: loadConfig(),
    phone: phone.e164,
    input: process.stdin,
    output: process.stdout,
    log,
  });
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof UsageError) console.error(error.message);
  else console.error(`The chat stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
