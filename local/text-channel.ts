import { createInterface } from 'node:readline';
import type { Config } from '../shared/config';
import { createChatModels } from '../shared/conversation/models';
import { ConversationSession, sessionDeps } from '../shared/conversation/session';
import type { CallState } from '../shared/domain/call';
import { isTurnTooLong, MAX_TURN_CHARS, RECORD_FULL_REPLY, TURN_TOO_LONG_REPLY } from '../shared/domain/turn';
import { CallTooLargeError } from '../shared/providers/store/store';
import type { CallInitiate } from '../shared/domain/initiate';
import { startOutboundCall } from '../shared/workflow/start-call';
import type { Logger } from '../shared/log';
import { startLocalApp } from './app';

/**
 * The text channel: a caller typing instead of speaking, through the same lifecycle as a phone call.
 * It dials the bot on the local phone network, the call's orchestration answers, every turn goes
 * through the conversation session and is stored, and hanging up ends the call and its post-call work.
 */

export interface ChatOptions {
  readonly config: Config;
  /** The caller's number, E.164. */
  readonly phone: string;
  readonly input: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly output: NodeJS.WritableStream;
  readonly log: Logger;
  /**
   * A call request (as `POST /api/call` takes it, validated): the bot places this call and the chat
   * answers it, so a custom claim, task or language can be tried. Without it the chat dials the bot
   * and gets the inbound defaults.
   */
  readonly request?: CallInitiate;
}

/** One call, from dialling to hanging up; returns the call as stored at the end. */
export async function runChat(options: ChatOptions): Promise<CallState | undefined> {
  const { config, phone, input, output, log } = options;
  const print = (text: string) => output.write(`${text}\n`);
  const app = await startLocalApp(config, { log });
  try {
    const { services } = app;
    const models = createChatModels(config, await services.flags.get());
    const interactive = input.isTTY === true;

    const { request } = options;
    let unregister: (() => void) | undefined;
    const callId = await new Promise<string>((resolve, reject) => {
      setTimeout(() => reject(new Error('the call did not connect within 10 s')), 10_000).unref();
      if (!request) {
        app.phones.dial(phone, { ring: () => undefined, connected: resolve, ended: () => undefined });
        return;
      }
      // The bot calls the chat's number; the chat picks up at the first ring.
      unregister = app.phones.register(request.phone_number, {
        ring: ({ callId: ringing }) => setImmediate(() => app.phones.answer(ringing)),
        connected: resolve,
        ended: () => undefined,
      });
      startOutboundCall(request, app.deps).catch(reject);
    });
    const session = new ConversationSession(callId, sessionDeps(services, models));
    print(
      request
        ? `Call ${callId} to ${request.phone_number} (${request.lang.default_short_code}), placed by the bot, answered by ${models.map((m) => m.name).join(' → ')}.`
        : `Call ${callId} from ${phone}, answered by ${models.map((m) => m.name).join(' → ')}.`,
    );
    print(`Bot: ${await session.greet()}`);

    let ended = false;
    const finished = app.runner.waitForCompletion(callId, 24 * 3_600_000).then(() => (ended = true));
    const lines = createInterface({ input, terminal: interactive });
    const ask = () => interactive && !ended && output.write('You: ');
    ask();
    for await (const line of lines) {
      const text = line.trim();
      if (!interactive && text) print(`You: ${text}`);
      if (text === '/hangup') break;
      if (text.startsWith('/')) print('Commands: /hangup');
      else if (isTurnTooLong(text)) {
        log.warn('caller turn refused: over the length cap', { chars: text.length, cap: MAX_TURN_CHARS });
        print(`Bot: ${TURN_TOO_LONG_REPLY}`);
      } else if (text && (await printTurn(session, text, output, log)) === 'bot_hung_up') {
        await finished;
        break;
      }
      if (ended) break;
      ask();
    }
    lines.close();

    if (!ended) app.phones.hangUpFromPhone(callId);
    const status = await app.runner.waitForCompletion(callId, 30_000);
    const call = await services.store.get(callId);
    print(
      `\nCall ended (${call?.lifecycle.state === 'ended' ? call.lifecycle.reason : status.runtimeStatus}).`,
    );
    print(`Claim: ${JSON.stringify(call?.claim, null, 2)}`);
    if (call?.reminders.length) print(`Reminders: ${call.reminders.map((r) => r.title).join('; ')}`);
    print(`Stored in ${services.sqlitePath ?? services.store.kind}; read it with GET /api/call/${callId}.`);
    unregister?.();
    return call;
  } finally {
    await app.close();
  }
}

async function printTurn(
  session: ConversationSession,
  text: string,
  output: NodeJS.WritableStream,
  log: Logger,
): Promise<'bot_hung_up' | 'go_on'> {
  const print = (line: string) => output.write(`${line}\n`);
  let speaking = false;
  let hungUp = false;
  try {
    for await (const event of session.respond({ text, channel: 'voice' })) {
      switch (event.type) {
        case 'sentence':
        case 'filler':
          output.write(speaking ? ` ${event.text}` : `Bot: ${event.text}`);
          speaking = true;
          break;
        case 'tool_call':
          if (speaking) output.write('\n');
          speaking = false;
          print(`  [${event.name} ${event.arguments}]`);
          break;
        case 'tool_result':
          print(`  [${event.ok ? 'ok' : 'refused'}: ${event.result}]`);
          break;
        case 'action':
          print(`  [action: ${event.action.type}]`);
          hungUp ||= event.action.type === 'end_call';
          break;
        case 'failover':
          print(`  [${event.from} failed (${event.reason}); next model]`);
          break;
      }
    }
  } catch (error) {
    if (!(error instanceof CallTooLargeError)) throw error;
    log.warn('caller turn not stored: the call record is full', { bytes: error.bytes });
    if (speaking) output.write('\n');
    speaking = false;
    print(`Bot: ${RECORD_FULL_REPLY}`);
  }
  if (speaking) output.write('\n');
  return hungUp ? 'bot_hung_up' : 'go_on';
}
