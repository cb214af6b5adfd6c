import type { ConversationSession } from '../shared/conversation/session';
import { expectedAnswer } from '../shared/voice/expected-answer';
import type { VoiceObserver } from '../shared/voice/voice-session';
import type { CallStore } from '../shared/providers/store/store';
import { beginRemoteTurn, forgetRemoteCall, turnTimings } from '../shared/telemetry/call-trace';
import type { FromWorker, ToWorker } from './media-protocol';
import { toWireError } from './remote-conversation';
import type { VoiceLoop } from './voice-calls';

/**
 * In the main process: one call whose voice loop runs in a media process. It answers the loop's
 * requests with the call's `ConversationSession` (which stays here, with the model, tools and store)
 * and forwards typed turns and the hang-up to it. A turn in flight when the loop goes (hang-up, or its
 * media process died) is aborted like a barge-in: only the sentences the caller heard are stored.
 */

type ForCall = Extract<FromWorker, { callId: string }>;

interface Turn {
  readonly abort: AbortController;
  /** Sentences the caller heard, as last reported by the media process. */
  spoken: number;
  played: (() => void) | undefined;
}

export class RemoteVoiceLoop implements VoiceLoop {
  closed = false;
  private readonly turns = new Map<number, Turn>();
  private settle: { resolve(): void; reject(error: Error): void } | undefined;
  /** Resolves once the media process has the loop up; rejects if it could not. */
  readonly opened: Promise<void>;

  constructor(
    private readonly callId: string,
    private readonly conversation: ConversationSession,
    private readonly deps: {
      readonly store: CallStore;
      readonly observer: VoiceObserver;
      readonly send: (message: ToWorker) => void;
      /** The media process ended the stream (the socket closed there). */
      readonly onClosed: (loop: RemoteVoiceLoop) => void;
      readonly onFlood: () => void;
    },
  ) {
    this.opened = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    // A loop that fails before anyone awaits `opened` is reported by whoever awaits it.
    this.opened.catch(() => undefined);
  }

  onText(text: string): void {
    if (!this.closed) this.deps.send({ type: 'text', callId: this.callId, text });
  }

  /** The call ended here (hang-up, phone gone): the media process closes the stream. */
  close(): void {
    if (this.closed) return;
    this.end(new Error(`Call ${this.callId}: the voice loop is closed`));
    this.deps.send({ type: 'close', callId: this.callId });
  }

  /** Its media process died: the stream is gone with it. */
  lost(): void {
    this.end(new Error(`Call ${this.callId}: its media process ended`));
  }

  receive(message: ForCall): void {
    switch (message.type) {
      case 'opened':
        // Closed while it opened: the media process is told again, now that it has the call.
        if (this.closed) this.deps.send({ type: 'close', callId: this.callId });
        this.settle?.resolve();
        return;
      case 'failed':
        this.end(new Error(`the voice loop did not start: ${message.error}`));
        return;
      case 'closed':
        this.end(new Error(`Call ${this.callId}: the media stream closed`));
        this.deps.onClosed(this);
        return;
      case 'flood':
        this.deps.onFlood();
        return;
      case 'call':
        void this.answer(message.id, message.method, message.kind);
        return;
      case 'respond':
        void this.respond(message.id, message.input);
        return;
      case 'abort':
      case 'played': {
        const turn = this.turns.get(message.id);
        if (!turn) return;
        turn.spoken = message.spoken;
        if (message.type === 'abort') turn.abort.abort();
        else turn.played?.();
        return;
      }
      case 'observe':
        // After the rest of what came with it: the caller's transcript line arrives just ahead of their
        // turn's request, and pushing it to the softphone first held the turn back (0.26 ms at p50).
        // Observations keep their order among themselves.
        setImmediate(() => this.observe(message));
        return;
    }
  }

  private observe(message: Extract<ForCall, { type: 'observe' }>): void {
    if (message.transcript) this.deps.observer.transcript?.(message.transcript);
    if (message.answered) this.deps.observer.answered?.(message.answered);
    if (message.bargedIn !== undefined) this.deps.observer.bargedIn?.(message.bargedIn);
  }

  private end(error: Error): void {
    if (this.closed) return;
    this.closed = true;
    forgetRemoteCall(this.callId);
    this.settle?.reject(error);
    for (const turn of this.turns.values()) {
      turn.abort.abort();
      turn.played?.();
    }
  }

  private async answer(
    id: number,
    method: 'greet' | 'phrase' | 'endCall' | 'expectedAnswer',
    kind: 'silence' | 'goodbye' | 'filler' = 'silence',
  ): Promise<void> {
    const { callId } = this;
    try {
      let value: unknown;
      if (method === 'greet') value = await this.conversation.greet();
      else if (method === 'phrase') value = await this.conversation.phrase(kind);
      else if (method === 'endCall') await this.conversation.endCall();
      else {
        const call = await this.deps.store.get(callId);
        value = call ? expectedAnswer(call) : undefined;
      }
      this.deps.send({ type: 'reply', callId, id, value, menuOpen: this.conversation.menuIsOpen });
    } catch (error) {
      this.deps.send({ type: 'reply_error', callId, id, error: toWireError(error) });
    }
  }

  private async respond(id: number, input: Parameters<ConversationSession['respond']>[0]): Promise<void> {
    const { callId } = this;
    const turn: Turn = { abort: new AbortController(), spoken: 0, played: undefined };
    if (this.closed) turn.abort.abort();
    this.turns.set(id, turn);
    // The turn's span and debug line are the media process's: the model's and tools' times go back to it.
    beginRemoteTurn(callId);
    try {
      const answer = this.conversation.respond(input, {
        signal: turn.abort.signal,
        spokenSentences: () => turn.spoken,
        untilPlayed: () =>
          this.closed
            ? Promise.resolve()
            : new Promise<void>((resolve) => {
                turn.played = resolve;
                this.deps.send({ type: 'until_played', callId, id });
              }),
      });
      for await (const event of answer) {
        if (event.type === 'sentence' || event.type === 'filler' || event.type === 'action') {
          this.deps.send({ type: 'event', callId, id, event });
        }
      }
      const timings = turnTimings(callId);
      this.deps.send({ type: 'reply', callId, id, menuOpen: this.conversation.menuIsOpen, timings });
    } catch (error) {
      this.deps.send({ type: 'reply_error', callId, id, error: toWireError(error) });
    } finally {
      this.turns.delete(id);
    }
  }
}
