import type { WebSocket } from 'ws';
import { z } from 'zod';
import { MAX_TURN_CHARS } from '../shared/domain/turn';
import { toCallView, type CallState } from '../shared/domain/call';
import { e164PhoneSchema, maskPhone } from '../shared/domain/phone';
import { textSchema } from '../shared/domain/text';
import { mediaStreamPath } from '../shared/http/acs-callback-auth';
import { detailsFromZod } from '../shared/http/api';
import { reportLink } from '../shared/http/report-token';
import type { Logger } from '../shared/log';
import { OutboxSmsSender } from '../shared/providers/sms/outbox';
import type { SpeechToText } from '../shared/providers/stt/stt';
import type { PhoneEndReason } from '../shared/providers/telephony/local';
import type { LocalApp } from './app';
import { lineWatchers } from './line-watchers';
import { cutOff, MessageBudget, PHONE_LIMITS } from './rate-limit';
import type { VoiceCalls } from './voice-calls';

/**
 * `/api/phone`: the softphone protocol (documented in local/softphone/PROTOCOL.md). A client registers
 * a number on the local phone network, dials the bot or answers the calls that ring it, hangs up, and
 * types turns; it is told when its call connects (with the media stream to open), what is said, how
 * its calls change as they are stored, the texts its number receives, and when a call ends (with the
 * signed report link). The browser page and the load generator both speak exactly this.
 */

const clientMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('register'), number: e164PhoneSchema }),
  z.strictObject({ type: z.literal('dial') }),
  z.strictObject({ type: z.literal('answer'), call_id: z.uuid() }),
  z.strictObject({ type: z.literal('hangup'), call_id: z.uuid() }),
  z.strictObject({ type: z.literal('say'), call_id: z.uuid(), text: textSchema(MAX_TURN_CHARS) }),
]);
type ClientMessage = z.infer<typeof clientMessageSchema>;

export type ServerMessage =
  | {
      type: 'registered';
      number: string;
      speech_recognition: boolean;
      /** Which recogniser listens, and what it understands (`anything`, or kinds of answer and languages). */
      recognizer: { kind: string; understands: SpeechToText['understands'] | null };
    }
  | { type: 'dialing' }
  | { type: 'ringing'; call_id: string; from: string }
  | { type: 'connected'; call_id: string; media_url: string }
  | { type: 'ready'; call_id: string }
  | { type: 'transcript'; call_id: string; persona: 'human' | 'assistant'; text: string; final: boolean }
  | { type: 'call'; call: ReturnType<typeof toCallView> }
  | { type: 'sms'; to: string; body: string }
  | { type: 'ended'; call_id: string; reason: string; report_url: string }
  | { type: 'error'; message: string; field?: string };

/** A client message is small; anything bigger is refused before parsing. */
const MAX_MESSAGE_BYTES = 4_096;
/** Calls one phone socket may hold at once (ringing, dialling or connected): a phone, not a switchboard. */
export const MAX_CALLS_PER_PHONE = 4;
/** A dial the bot has not answered in this time no longer counts against the limit. */
const DIAL_PENDING_MS = 30_000;

/** `onFlood`: the socket was cut off for flooding (the caller bars its address for a while). */
export function servePhone(
  socket: WebSocket,
  app: LocalApp,
  voiceCalls: VoiceCalls,
  log: Logger,
  onFlood: () => void = () => undefined,
): void {
  new PhoneConnection(socket, app, voiceCalls, log, onFlood);
}

class PhoneConnection {
  private number: string | undefined;
  private readonly calls = new Set<string>();
  private readonly cleanups: (() => void)[] = [];
  /** Stops following each call's live transcript and voice loop. */
  private readonly transcripts = new Map<string, () => void>();
  private unregister: (() => void) | undefined;
  /** Calls changed in this event-loop turn, not sent yet (`callChanged`). */
  private readonly changedCalls = new Map<string, CallState>();
  /** Stops following the calls of the registered number's line. */
  private unwatchLine: (() => void) | undefined;
  /** Dials not answered yet, with when they were placed. */
  private readonly dialing = new Map<string, number>();
  private readonly budget = new MessageBudget(PHONE_LIMITS);

  constructor(
    private readonly socket: WebSocket,
    private readonly app: LocalApp,
    private readonly voiceCalls: VoiceCalls,
    private readonly log: Logger,
    onFlood: () => void,
  ) {
    socket.on('message', (data, isBinary) => {
      // Counted before anything else is done with it: a flood costs the process as little as can be.
      const verdict = this.budget.take();
      if (verdict === 'accept') return this.receive(data.toString(), isBinary);
      if (verdict === 'first-drop') {
        this.send({
          type: 'error',
          message: `too many messages: at most ${PHONE_LIMITS.perSecond} a second (${PHONE_LIMITS.burst} at once); the ones beyond are dropped`,
        });
      } else if (verdict === 'cut' && socket.readyState === socket.OPEN) {
        this.log.warn('phone socket cut off: message flood', { number: maskPhone(this.number ?? '') });
        cutOff(socket, 'message flood');
        onFlood();
      }
    });
    socket.on('close', () => this.closed());
    const sms = app.services.sms;
    if (sms instanceof OutboxSmsSender) {
      this.cleanups.push(
        sms.watch((message) => {
          if (message.to === this.number) this.send({ type: 'sms', to: message.to, body: message.body });
        }),
      );
    }
  }

  private receive(text: string, isBinary: boolean): void {
    if (isBinary || text.length > MAX_MESSAGE_BYTES) {
      return this.send({ type: 'error', message: 'messages are JSON text of at most 4 KiB' });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.send({ type: 'error', message: 'not JSON' });
    }
    const parsed = clientMessageSchema.safeParse(json);
    if (!parsed.success) {
      // In the API's words ("must be a string, not a number"), never the validation library's.
      const detail = detailsFromZod(parsed.error)[0];
      const field = detail && detail.field !== 'body' ? detail.field : undefined;
      return this.send({
        type: 'error',
        message: `${field ? `${field}: ` : ''}${detail?.message ?? 'invalid message'}`,
        ...(field ? { field } : {}),
      });
    }
    this.handle(parsed.data).catch((error: unknown) =>
      this.send({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
  }

  private async handle(message: ClientMessage): Promise<void> {
    const { phones } = this.app;
    switch (message.type) {
      case 'register':
        this.unregister?.();
        this.unwatchLine?.();
        this.number = message.number;
        // Only calls on this phone's own line: a number merely stated in another call (its claim's
        // policyholder phone) must not stream that call to whoever registers the number.
        this.unwatchLine = lineWatchers(this.app.services.store).watch(message.number, (call) =>
          this.callChanged(call),
        );
        this.unregister = phones.register(message.number, {
          ring: ({ callId, from }) => {
            // A full phone is busy: the call is declined, as a phone on another call would.
            if (this.callCount() >= MAX_CALLS_PER_PHONE) {
              this.app.phones.hangUpFromPhone(callId);
              return;
            }
            this.calls.add(callId);
            this.send({ type: 'ringing', call_id: callId, from });
          },
          connected: (callId) => this.connected(callId),
          ended: (callId, reason) => this.ended(callId, reason),
        });
        this.log.info('softphone registered', { number: maskPhone(message.number) });
        this.send({
          type: 'registered',
          number: message.number,
          speech_recognition: this.voiceCalls.speech.stt !== undefined,
          recognizer: {
            kind: this.voiceCalls.speech.kinds.stt,
            understands: this.voiceCalls.speech.stt?.understands ?? null,
          },
        });
        return;
      case 'dial': {
        const number = this.requireNumber();
        if (this.callCount() >= MAX_CALLS_PER_PHONE) {
          throw new Error(
            `this phone already has ${MAX_CALLS_PER_PHONE} calls, the most one phone socket may hold: hang one up first`,
          );
        }
        this.send({ type: 'dialing' });
        let context = '';
        context = phones.dial(number, {
          ring: () => undefined,
          connected: (callId) => {
            this.dialing.delete(context);
            this.connected(callId);
          },
          ended: (callId, reason) => {
            this.dialing.delete(context);
            this.ended(callId, reason);
          },
        });
        this.dialing.set(context, Date.now());
        return;
      }
      case 'answer':
        phones.answer(this.ownCall(message.call_id));
        return;
      case 'hangup': {
        const callId = this.ownCall(message.call_id);
        this.ended(callId, phones.hangUpFromPhone(callId) ?? 'completed');
        return;
      }
      case 'say': {
        // Sent right after opening the media stream, a turn waits for the voice loop to be up.
        const session = await this.voiceCalls.whenOpen(this.ownCall(message.call_id));
        if (!session) throw new Error('open the call’s media stream (media_url) before talking');
        session.onText(message.text);
        return;
      }
    }
  }

  private connected(callId: string): void {
    this.calls.add(callId);
    // One watcher per call: a call resumed on this socket replaces its earlier one (they used to pile
    // up, and the caller's line came back once per resumption).
    this.transcripts.get(callId)?.();
    const stopTranscript = this.voiceCalls.watchTranscript(callId, (line) =>
      this.send({ type: 'transcript', call_id: callId, ...line }),
    );
    // `ready`: the call's voice loop is up (each time its media stream opens): typed turns are taken.
    const stopReady = this.voiceCalls.onOpen(callId, () => this.send({ type: 'ready', call_id: callId }));
    this.transcripts.set(callId, () => {
      stopTranscript();
      stopReady();
    });
    this.send({
      type: 'connected',
      call_id: callId,
      media_url: mediaStreamPath(this.app.services.callbackSecret, callId),
    });
  }

  private ended(callId: string, reason: PhoneEndReason): void {
    if (!this.calls.delete(callId)) return;
    this.transcripts.get(callId)?.();
    this.transcripts.delete(callId);
    this.voiceCalls.close(callId);
    const { services } = this.app;
    const link = new URL(
      reportLink(
        services.publicUrl,
        services.reportSecret,
        callId,
        services.now(),
        services.config.report.link_ttl_hours,
      ),
    );
    // Relative: the page opens it on whatever address it was served from.
    this.send({ type: 'ended', call_id: callId, reason, report_url: `${link.pathname}${link.search}` });
  }

  /** Calls ringing or connected, and dials still waiting for the bot. */
  private callCount(): number {
    const now = Date.now();
    for (const [context, at] of this.dialing) if (now - at > DIAL_PENDING_MS) this.dialing.delete(context);
    return this.calls.size + this.dialing.size;
  }

  private requireNumber(): string {
    if (!this.number) throw new Error('register a number first');
    return this.number;
  }

  /** A client acts on its own calls only. */
  private ownCall(callId: string): string {
    if (!this.calls.has(callId)) throw new Error(`call ${callId} is not one of this phone's calls`);
    return callId;
  }

  /**
   * A turn writes its call several times in a row (the tools' changes, the turn, what was heard): the
   * phone gets the call as it stands at the end of this event-loop turn, once, not every version of it
   * (each is the whole call). Anything else sent meanwhile goes after it, so the order holds.
   */
  private callChanged(call: CallState): void {
    const first = this.changedCalls.size === 0;
    this.changedCalls.set(call.call_id, call);
    if (first) setImmediate(() => this.sendChangedCalls());
  }

  private sendChangedCalls(): void {
    const calls = [...this.changedCalls.values()];
    this.changedCalls.clear();
    for (const call of calls) this.write({ type: 'call', call: toCallView(call) });
  }

  private send(message: ServerMessage): void {
    if (this.changedCalls.size > 0) this.sendChangedCalls();
    this.write(message);
  }

  private write(message: ServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private closed(): void {
    for (const callId of this.calls) this.app.phones.hangUpFromPhone(callId);
    this.calls.clear();
    for (const context of this.dialing.keys()) this.app.phones.cancelDial(context);
    this.dialing.clear();
    this.unregister?.();
    this.unwatchLine?.();
    for (const cleanup of [...this.cleanups, ...this.transcripts.values()]) cleanup();
  }
}
