import type { TurnEvent, TurnInput } from '../shared/conversation/engine';
import type { RespondOptions } from '../shared/conversation/session';
import type { ExpectedAnswer } from '../shared/providers/stt/stt';
import { CallTooLargeError } from '../shared/providers/store/store';
import { noteRemoteTimings } from '../shared/telemetry/call-trace';
import type { VoiceConversation } from '../shared/voice/voice-conversation';
import type { FromWorker, ToWorker, WireError } from './media-protocol';

/**
 * In a media process: a call's conversation, which lives in the main process. Each method is a
 * request over IPC; `respond` streams the turn's events back as they come. The turn's interplay with
 * playback crosses too: a barge-in aborts the turn over there (with how many sentences were heard),
 * and the main process's "until played" is answered here once the speaker is idle.
 */

type Reply = Extract<ToWorker, { callId: string; id: number }>;

/** The main process asked for the end of playback: answered once the events before it were taken. */
const UNTIL_PLAYED = Symbol('until played');

interface Stream {
  readonly options: RespondOptions;
  /** The turn's events, and where the main process asked "until played" among them. */
  readonly queue: (TurnEvent | typeof UNTIL_PLAYED)[];
  wake: (() => void) | undefined;
  end: { error?: Error } | undefined;
}

export class RemoteConversation implements VoiceConversation {
  private nextId = 0;
  private readonly calls = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly streams = new Map<number, Stream>();
  private gone: Error | undefined;
  /** The language menu waits for a key, as the main process's session last said. */
  private menuOpen = false;

  constructor(
    readonly callId: string,
    private readonly send: (message: FromWorker) => void,
  ) {}

  greet(): Promise<string> {
    return this.call('greet') as Promise<string>;
  }

  /** At the language menu a key is the whole answer (`ConversationSession.takeOneKey`). */
  takeOneKey(): boolean {
    const open = this.menuOpen;
    this.menuOpen = false;
    return open;
  }

  phrase(kind: 'silence' | 'goodbye' | 'filler'): Promise<string> {
    return this.call('phrase', kind) as Promise<string>;
  }

  async endCall(): Promise<void> {
    await this.call('endCall');
  }

  expectedAnswer(): Promise<ExpectedAnswer | undefined> {
    return this.call('expectedAnswer') as Promise<ExpectedAnswer | undefined>;
  }

  async *respond(input: TurnInput, options: RespondOptions): AsyncGenerator<TurnEvent, void> {
    if (this.gone) throw this.gone;
    const id = ++this.nextId;
    const stream: Stream = { options, queue: [], wake: undefined, end: undefined };
    this.streams.set(id, stream);
    const onAbort = () =>
      this.send({ type: 'abort', callId: this.callId, id, spoken: options.spokenSentences?.() ?? 0 });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    this.send({ type: 'respond', callId: this.callId, id, input });
    try {
      for (;;) {
        const event = stream.queue.shift();
        if (event === UNTIL_PLAYED) {
          this.answerUntilPlayed(id, options);
          continue;
        }
        if (event) {
          yield event;
          continue;
        }
        if (stream.end) {
          if (stream.end.error) throw stream.end.error;
          return;
        }
        await new Promise<void>((wake) => (stream.wake = wake));
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      this.streams.delete(id);
      // Left before it got there (a barge-in stopped the turn here): the main process still waits.
      if (stream.queue.includes(UNTIL_PLAYED)) this.answerUntilPlayed(id, options);
    }
  }

  /** A message from the main process for this call. */
  receive(message: Reply): void {
    if (message.type === 'reply' && message.menuOpen !== undefined) this.menuOpen = message.menuOpen;
    const stream = this.streams.get(message.id);
    if (stream) return this.toStream(stream, message);
    if (message.type === 'until_played') {
      // The turn's loop here is already over: nothing of it is playing.
      this.send({ type: 'played', callId: this.callId, id: message.id, spoken: 0 });
      return;
    }
    const pending = this.calls.get(message.id);
    if (!pending) return;
    this.calls.delete(message.id);
    if (message.type === 'reply') pending.resolve(message.value);
    else if (message.type === 'reply_error') pending.reject(toError(message.error, this.callId));
  }

  /** The main process is gone, or the call ended: nothing more will be answered. */
  fail(error: Error): void {
    this.gone = error;
    for (const pending of this.calls.values()) pending.reject(error);
    this.calls.clear();
    for (const stream of this.streams.values()) {
      stream.end ??= { error };
      stream.wake?.();
    }
  }

  private toStream(stream: Stream, message: Reply): void {
    switch (message.type) {
      case 'event':
        stream.queue.push(message.event);
        break;
      case 'reply':
        if (message.timings) noteRemoteTimings(this.callId, message.timings);
        stream.end = {};
        break;
      case 'reply_error':
        stream.end = { error: toError(message.error, this.callId) };
        break;
      case 'until_played':
        // In turn with the events: those that came before it (in the same batch, maybe) must be with
        // the speaker before "until played" can mean anything.
        stream.queue.push(UNTIL_PLAYED);
        break;
    }
    stream.wake?.();
    stream.wake = undefined;
  }

  /** Once what the speaker was given has played: how many of the turn's sentences the caller heard. */
  private answerUntilPlayed(id: number, options: RespondOptions): void {
    const played = options.untilPlayed?.() ?? Promise.resolve();
    void played.then(() =>
      this.send({ type: 'played', callId: this.callId, id, spoken: options.spokenSentences?.() ?? 0 }),
    );
  }

  private call(
    method: 'greet' | 'phrase' | 'endCall' | 'expectedAnswer',
    kind?: 'silence' | 'goodbye' | 'filler',
  ) {
    if (this.gone) return Promise.reject(this.gone);
    const id = ++this.nextId;
    return new Promise<unknown>((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      this.send({ type: 'call', callId: this.callId, id, method, ...(kind ? { kind } : {}) });
    });
  }
}

/** An error from the other side, as the voice loop expects it (the record-full case keeps its class). */
export function toError(error: WireError, callId = ''): Error {
  if (error.tooLargeBytes !== undefined) return new CallTooLargeError(callId, error.tooLargeBytes);
  return new Error(error.message);
}

export function toWireError(error: unknown): WireError {
  if (error instanceof CallTooLargeError) return { message: error.message, tooLargeBytes: error.bytes };
  return { message: error instanceof Error ? error.message : String(error) };
}
