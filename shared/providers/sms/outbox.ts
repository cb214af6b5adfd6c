import { randomUUID } from 'node:crypto';
import { maskPhone, parseE164 } from '../../domain/phone';
import { silentLogger, type Logger } from '../../log';
import { checkSmsMessage, errorText, type SmsMessage, type SmsResult, type SmsSender } from './sms';

/** A message the outbox "sent". */
export interface OutboxMessage extends SmsMessage {
  readonly id: string;
  /** ISO 8601. */
  readonly sentAt: string;
}

/** Told about each message sent, e.g. to store it on the call and show it in the softphone. */
export type OutboxListener = (message: SmsMessage, id: string) => void | Promise<void>;

export interface OutboxSmsSenderOptions {
  readonly onSent?: OutboxListener;
  /** The outbox keeps at most this many messages (the oldest are dropped). Default 1,000. */
  readonly limit?: number;
  readonly log?: Logger;
}

/**
 * The embedded SMS backend: nothing leaves the process. Each message is handed to `onSent` and kept
 * in memory (`messagesTo`, `messages`), for the local softphone and for tests.
 *
 * A listener that throws makes the send fail (retryable), and the message is not kept: the listener is
 * where the message is delivered, so a retry must be able to deliver it again without a duplicate here.
 */
export class OutboxSmsSender implements SmsSender {
  readonly kind = 'outbox';
  private readonly sent: OutboxMessage[] = [];
  private readonly onSent: OutboxListener | undefined;
  private readonly limit: number;
  private readonly log: Logger;
  private readonly watchers = new Set<(message: OutboxMessage) => void>();

  constructor(options: OutboxSmsSenderOptions = {}) {
    const limit = options.limit ?? 1_000;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be an integer >= 1');
    this.onSent = options.onSent;
    this.limit = limit;
    this.log = (options.log ?? silentLogger).child({ sms: this.kind });
  }

  async send(message: SmsMessage): Promise<SmsResult> {
    const invalid = checkSmsMessage(message);
    if (invalid) return invalid;
    const id = `outbox-${randomUUID()}`;
    const kept: OutboxMessage = Object.freeze({
      to: message.to,
      body: message.body,
      id,
      sentAt: new Date().toISOString(),
    });
    try {
      await this.onSent?.({ to: kept.to, body: kept.body }, id);
    } catch (error) {
      const text = errorText(error);
      this.log.warn('SMS not delivered: the outbox listener failed', {
        to: maskPhone(message.to),
        error: text,
      });
      return { ok: false, retryable: true, error: `outbox listener failed: ${text}` };
    }
    this.sent.push(kept);
    if (this.sent.length > this.limit) this.sent.splice(0, this.sent.length - this.limit);
    this.log.info('SMS sent to the outbox', { to: maskPhone(message.to), id, length: message.body.length });
    for (const watch of this.watchers) watch(kept);
    return { ok: true, id };
  }

  /** Watches the messages sent from now on (the softphone shows the texts its number receives). */
  watch(watcher: (message: OutboxMessage) => void): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /** The messages sent to `number` (in any form `parseE164` reads), oldest first. */
  messagesTo(number: string): readonly OutboxMessage[] {
    const parsed = parseE164(number);
    const to = parsed.ok ? parsed.e164 : number;
    return this.sent.filter((message) => message.to === to);
  }

  /** Every message kept, oldest first. */
  messages(): readonly OutboxMessage[] {
    return [...this.sent];
  }
}
