import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../shared/config';
import { createChatModels, ConversationSession } from '../shared/conversation/session';
import { parseE164 } from '../shared/domain/phone';
import { createLogger } from '../shared/log';
import type { LocalPhone } from '../shared/providers/telephony/local';
import { startLocalApp } from './app';

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

  const config = loadConfig();
  // Logs go to stderr, warnings only: the terminal is the conversation.
  const log = createLogger('warn', (line) => process.stderr.write(`${line}\n`));
  const app = await startLocalApp(config, { log });
  const { services } = app;
  const features = await services.flags.get();
  const models = createChatModels(config, features);
  const interactive = process.stdin.isTTY === true;

  const connected = new Promise<string>((resolve, reject) => {
    const phoneOnTheLine: LocalPhone = {
      ring: () => undefined,
      connected: resolve,
      ended: () => undefined,
    };
    app.phones.dial(phone.e164, phoneOnTheLine);
    setTimeout(() => reject(new Error('the bot did not answer within 10 s')), 10_000).unref();
  });
  const callId = await connected;
  const session = new ConversationSession(callId, {
    config,
    store: services.store,
    telephony: services.telephony,
    models,
    features: () => services.flags.get(),
    log,
    now: () => new Date(),
  });
  console.log(`Call ${callId} from ${phone.e164}, answered by ${models.map((m) => m.name).join(' → ')}.`);
  console.log(`Bot: ${await session.greet()}`);

  let ended = false;
  const finished = app.runner.waitForCompletion(callId, 24 * 3_600_000).then(() => (ended = true));
  const lines = createInterface({ input: process.stdin, terminal: interactive });
  const ask = () => interactive && !ended && process.stdout.write('You: ');
  ask();
  for await (const line of lines) {
    const text = line.trim();
    if (!interactive && text) console.log(`You: ${text}`);
    if (text === '/hangup') break;
    if (text.startsWith('/')) {
      console.log('Commands: /hangup');
      ask();
      continue;
    }
    if (!text) {
      ask();
      continue;
    }
    await printTurn(session, text);
    await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 50))]);
    if (ended) break;
    ask();
  }
  lines.close();

  if (!ended) app.phones.hangUpFromPhone(callId);
  const status = await app.runner.waitForCompletion(callId, 30_000);
  const call = await services.store.get(callId);
  console.log(
    `\nCall ended (${call?.lifecycle.state === 'ended' ? call.lifecycle.reason : status.runtimeStatus}).`,
  );
  console.log(`Claim: ${JSON.stringify(call?.claim, null, 2)}`);
  if (call?.reminders.length) console.log(`Reminders: ${call.reminders.map((r) => r.title).join('; ')}`);
  console.log(
    `Stored in ${services.sqlitePath ?? services.store.kind}; read it with GET /api/call/${callId}.`,
  );
  await app.close();
}

async function printTurn(session: ConversationSession, text: string): Promise<void> {
  let speaking = false;
  for await (const event of session.respond({ text, channel: 'voice' })) {
    switch (event.type) {
      case 'sentence':
      case 'filler':
        process.stdout.write(speaking ? ` ${event.text}` : `Bot: ${event.text}`);
        speaking = true;
        break;
      case 'tool_call':
        if (speaking) process.stdout.write('\n');
        speaking = false;
        console.log(`  [${event.name} ${event.arguments}]`);
        break;
      case 'tool_result':
        console.log(`  [${event.ok ? 'ok' : 'refused'}: ${event.result}]`);
        break;
      case 'action':
        console.log(`  [action: ${event.action.type}]`);
        break;
      case 'failover':
        console.log(`  [${event.from} failed (${event.reason}); next model]`);
        break;
    }
  }
  if (speaking) process.stdout.write('\n');
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof UsageError) console.error(error.message);
  else console.error(`The chat stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
