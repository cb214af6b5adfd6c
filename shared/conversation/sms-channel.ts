import { randomUUID } from 'node:crypto';
import { newCall, type CallState } from '../domain/call';
import { callInitiateSchema } from '../domain/initiate';
import { maskPhone, parseE164 } from '../domain/phone';
import { isTurnTooLong, MAX_TURN_CHARS, recordFullReply, TURN_TOO_LONG_REPLY } from '../domain/turn';
import { CallTooLargeError } from '../providers/store/store';
import { ConversationSession, sessionDeps, type SessionServices } from './session';

/**
 * SMS as a channel: a text from a caller is appended to their current call (or starts a new record)
 * and answered by SMS through the same turn engine, so claim updates and reminders work by text too.
 */

/** An SMS conversation needs what any session needs from the services. */
export type SmsChannelDeps = SessionServices;

export type SmsOutcome =
  | { readonly kind: 'answered'; readonly callId: string; readonly reply: string }
  | { readonly kind: 'rate_limited' }
  | { readonly kind: 'refused'; readonly reason: string };

/** At most this many texts per number per window are answered: a loop with another bot ends here. */
export const SMS_RATE_LIMIT = { messages: 10, windowMs: 10 * 60_000 } as const;

export class SmsChannel {
  private readonly received = new Map<string, number[]>();

  constructor(private readonly deps: SmsChannelDeps) {}

  async receive(from: string, text: string): Promise<SmsOutcome> {
    const phone = parseE164(from);
    if (!phone.ok) return { kind: 'refused', reason: `the sender ${phone.message}` };
    const body = text.trim();
    if (!body) return { kind: 'refused', reason: 'the message is empty' };
    if (!this.allow(phone.e164)) {
      this.deps.log.warn('SMS rate limit reached; not answered', { from: maskPhone(phone.e164) });
      return { kind: 'rate_limited' };
    }
    // The same cap as a typed or spoken turn; the sender is told rather than answered about half a text.
    if (isTurnTooLong(body)) {
      await this.tell(phone.e164, TURN_TOO_LONG_REPLY);
      return { kind: 'refused', reason: `the message is over ${MAX_TURN_CHARS} characters (${body.length})` };
    }
    const call = await this.callFor(phone.e164);
    const { createChatModels } = await import('./models.js');
    const models = createChatModels(this.deps.config, await this.deps.flags.get());
    const session = new ConversationSession(call.call_id, sessionDeps(this.deps, models));
    const sentences: string[] = [];
    try {
      for await (const event of session.respond({ text: body, channel: 'sms' })) {
        if (event.type === 'sentence') sentences.push(event.text);
      }
    } catch (error) {
      if (!(error instanceof CallTooLargeError)) throw error;
      await this.tell(phone.e164, recordFullReply(call.language));
      return {
        kind: 'refused',
        reason: `call ${call.call_id} is full (${error.bytes} bytes): the text is not stored`,
      };
    }
    const reply = sentences.join(' ');
    if (reply) {
      const sent = await this.deps.sms.send({ to: phone.e164, body: reply });
      if (!sent.ok) this.deps.log.warn('SMS reply not sent', { call_id: call.call_id, error: sent.error });
    }
    this.deps.log.info('SMS answered', { call_id: call.call_id, from: maskPhone(phone.e164) });
    return { kind: 'answered', callId: call.call_id, reply };
  }

  /** A fixed reply (a refusal), sent as is. */
  private async tell(to: string, body: string): Promise<void> {
    const sent = await this.deps.sms.send({ to, body });
    if (!sent.ok) this.deps.log.warn('SMS reply not sent', { error: sent.error });
  }

  /** The caller's current call within the callback window, or a new record for them. */
  private async callFor(phone: string): Promise<CallState> {
    const { callback_timeout_hour } = await this.deps.flags.get();
    const recent = await this.deps.store.findResumable(phone, callback_timeout_hour, this.deps.now());
    if (recent) return recent;
    const initiate = callInitiateSchema.parse({ ...this.deps.config.inbound, phone_number: phone });
    return this.deps.store.create(newCall(initiate, randomUUID(), this.deps.now()));
  }

  private allow(phone: string): boolean {
    const now = this.deps.now().getTime();
    const recent = (this.received.get(phone) ?? []).filter((at) => now - at < SMS_RATE_LIMIT.windowMs);
    if (recent.length >= SMS_RATE_LIMIT.messages) {
      this.received.set(phone, recent);
      return false;
    }
    recent.push(now);
    this.received.set(phone, recent);
    return true;
  }
}
