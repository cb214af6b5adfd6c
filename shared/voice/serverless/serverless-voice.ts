import type { Features } from '../../config';
import type { AnsweredTurn, ConversationSession } from '../../conversation/session';
import type { CallState } from '../../domain/call';
import { botHasTheFloor, playContext, readPlayContext, type DeferredAction } from '../../domain/voice-turns';
import type { Logger } from '../../log';
import type { CallStore } from '../../providers/store/store';
import type { CallMedia } from '../../providers/telephony/call-media';
import type { Telephony } from '../../providers/telephony/telephony';
import type { Span } from '@opentelemetry/api';
import { endTurnSpan, failSpan, startTurnSpan } from '../../telemetry/call-trace';
import { decodeMediaMessage } from '../acs-media';
import { CallPlayback, speakingTime, type SpeakingTime } from './call-playback';
import {
  claimCallerTurn,
  finishAnswer,
  interrupt,
  queueSentence,
  sentenceEnded,
  sentenceStarted,
  turnsOf,
} from './turn-state';

/**
 * The serverless voice loop of one app (every call, every Function instance): ACS transcribes the caller
 * and streams the results through Web PubSub to `onTranscription`; the bot's sentences go back as Call
 * Automation play requests, whose callbacks (`onPlayEvent`) say what the caller heard. Turns are answered
 * by the call's orchestration (`answerTurn`, an activity), so a Web PubSub message — a blocking event for
 * the service: the next frame waits for our answer — is answered in milliseconds and the next frame, the
 * one that may be a barge-in, is never held up by a turn.
 *
 * The conversation is the same `ConversationSession` as the local voice loop (prompts, tools, failover,
 * storage), and the voice rules are the same: speech past `vad_cutoff_timeout_ms` over the bot interrupts
 * it, only heard sentences are kept, a goodbye or hand-over happens once it was heard, and never after an
 * interruption. All turn state is on the call document (`call.voice`), updated under its etag. The
 * play requests themselves are call-playback.ts's.
 */

export interface ServerlessVoiceDeps {
  readonly store: CallStore;
  readonly media: CallMedia;
  readonly telephony: Telephony;
  readonly features: () => Promise<Features>;
  /** A conversation session for the call, answering with the models the features pick. */
  readonly conversation: (callId: string, features: Features) => ConversationSession;
  readonly log: Logger;
  readonly now: () => Date;
  /** The longest caller turn taken, in characters (longer transcripts are dropped, never stored). */
  readonly maxTurnChars: number;
  /** How often a running turn checks whether the caller interrupted it. */
  readonly abortPollMs?: number;
}

/** Delivers a caller's turn to the call's orchestration, which answers turns one at a time. */
export type RaiseCallerTurn = (callId: string, turn: CallerTurn) => Promise<void>;

export interface CallerTurn {
  readonly text: string;
  /** The epoch the turn was claimed under; null for keypad digits, which claim theirs when answered. */
  readonly epoch: number | null;
}

export type PlayEvent = 'started' | 'completed' | 'failed' | 'canceled';

const DEFAULT_ABORT_POLL_MS = 250;

export class ServerlessVoice {
  private readonly playback: CallPlayback;

  constructor(private readonly deps: ServerlessVoiceDeps) {
    this.playback = new CallPlayback(deps);
  }

  /** Web PubSub `connect`: only a call that is ringing or on the line may stream its transcription. */
  async acceptsConnection(callId: string | undefined): Promise<boolean> {
    if (!callId) return false;
    const call = await this.deps.store.get(callId).catch(() => undefined);
    return call?.lifecycle.state === 'ringing' || call?.lifecycle.state === 'connected';
  }

  /**
   * One Web PubSub message from ACS: a transcription frame. Never throws — a failed message event makes
   * Web PubSub drop the connection, and the call would go deaf — so problems are logged and skipped.
   */
  async onTranscription(callId: string, frame: string, raise: RaiseCallerTurn): Promise<void> {
    try {
      const decoded = decodeMediaMessage(frame);
      if (!decoded.ok) {
        this.deps.log.warn('transcription frame refused', { call_id: callId, error: decoded.error });
        return;
      }
      const message = decoded.message;
      if (message.kind !== 'transcription') return;
      if (message.final) await this.onFinal(callId, message.text, raise);
      else await this.onIntermediate(callId, message.durationMs ?? 0, message.offsetMs ?? -1);
    } catch (error) {
      this.deps.log.error('transcription frame failed', { call_id: callId, error: String(error) });
    }
  }

  /**
   * A Call Automation play callback (PlayStarted, PlayCompleted, PlayFailed, PlayCanceled) of ours. When
   * it ends an answer, the bot is quiet (`quiet`: the silence clock starts) and what the answer deferred
   * is done.
   */
  async onPlayEvent(
    callId: string,
    event: PlayEvent,
    operationContext: string | undefined,
    quiet: (epoch: number) => Promise<void>,
  ): Promise<void> {
    const context = readPlayContext(operationContext);
    if (!context || context.sentence === 'phrase' || event === 'canceled') return;
    const { epoch, sentence } = context;
    let ended: ReturnType<typeof sentenceEnded> = { finished: false, actions: [] };
    await this.deps.store.update(callId, (draft) => {
      if (event === 'started') sentenceStarted(draft, epoch, sentence);
      else ended = sentenceEnded(draft, epoch, sentence);
    });
    if (event === 'failed') this.deps.log.warn('a sentence could not be played', { call_id: callId, epoch });
    for (const action of ended.actions) await this.carryOut(callId, action);
    if (ended.finished && ended.actions.length === 0) await quiet(epoch);
  }

  /**
   * The hand-over to a person failed (ACS refused it, or reported CallTransferFailed): the caller, still
   * on the line with the bot, hears so and is offered to go on or a callback; the silence clock restarts
   * once it was played.
   */
  async onTransferFailed(callId: string): Promise<void> {
    const features = await this.deps.features();
    const at = this.deps.now();
    const text = await this.deps.conversation(callId, features).transferFailed(at);
    await this.playback.speakPhrase(await this.mustGet(callId), at.toISOString(), text, []);
  }

  /** The call connected: the hello (or a recap), and keypad digits reported from now on. */
  async greet(callId: string): Promise<SpeakingTime> {
    const features = await this.deps.features();
    const session = this.deps.conversation(callId, features);
    const at = this.deps.now();
    const text = await session.greet(at);
    const call = await this.mustGet(callId);
    const epoch = await this.playback.speakPhrase(call, at.toISOString(), text, []);
    try {
      await this.deps.media.startDtmf(callId, call.initiate.phone_number);
    } catch (error) {
      this.deps.log.warn('keypad recognition not started', { call_id: callId, error: String(error) });
    }
    return speakingTime([text], features, epoch, call);
  }

  /** A silence prompt, or the goodbye after too many (the call is hung up once it was heard). */
  async prompt(callId: string, kind: 'silence' | 'goodbye'): Promise<SpeakingTime> {
    const features = await this.deps.features();
    const text = await this.deps.conversation(callId, features).phrase(kind);
    const call = await this.mustGet(callId);
    const epoch = await this.playback.speakPhrase(
      call,
      '',
      text,
      kind === 'goodbye' ? [{ type: 'end_call' }] : [],
    );
    return speakingTime([text], features, epoch, call);
  }

  /**
   * Answers one caller turn (an activity of the call's orchestration): the conversation streams its
   * answer, each sentence is queued for playing as soon as it is complete, and the turn is stored. A
   * caller who interrupts (a newer epoch) stops it between two sentences, or its model request at once.
   */
  async answerTurn(callId: string, turn: CallerTurn): Promise<SpeakingTime> {
    // The turn's span: its model, tool, store and play spans are its children, in the call's trace.
    const span = startTurnSpan(callId, { 'turn.epoch': turn.epoch ?? -1, 'call.voice_path': 'web-pubsub' });
    try {
      return await this.answerTurnTraced(callId, turn, span);
    } catch (error) {
      failSpan(span, error);
      throw error;
    } finally {
      endTurnSpan(callId, span);
    }
  }

  private async answerTurnTraced(callId: string, turn: CallerTurn, span: Span): Promise<SpeakingTime> {
    const startedAt = performance.now();
    const features = await this.deps.features();
    const epoch = turn.epoch ?? (await this.claimDigitsTurn(callId));
    const session = this.deps.conversation(callId, features);
    const abort = new AbortController();
    const stopWatching = this.watchForInterruption(callId, epoch, abort);
    const at = this.deps.now();
    const messageAt = at.toISOString();
    const state = { call: await this.mustGet(callId), sentence: 0 };
    // Superseded before it started (the caller went on talking): only their words are stored.
    if (state.call.voice?.epoch !== epoch) abort.abort();
    try {
      const answer = session.answer({ text: turn.text, channel: 'voice' }, abort.signal, at);
      for (;;) {
        const next = await answer.next();
        if (next.done) {
          return await this.settleTurn(callId, epoch, next.value, features);
        }
        const event = next.value;
        if (abort.signal.aborted) continue; // the generator ends on its own: its answer is stale
        if (event.type === 'sentence') {
          const queued = await this.queue(callId, epoch, messageAt, event.text);
          if (!queued) abort.abort();
          else {
            await this.playback.play(
              state.call,
              event.text,
              event.style,
              playContext(epoch, state.sentence++),
            );
            // This loop's answer latency: the turn's start → its first sentence's play request done.
            if (state.sentence === 1) span.setAttribute('turn.first_play_ms', performance.now() - startedAt);
          }
        } else if (event.type === 'filler') {
          await this.playback.play(state.call, event.text, 'none', playContext(epoch, 'phrase'));
        } else if (event.type === 'action' && event.action.type === 'switch_language') {
          state.call = await this.playback.switchLanguage(state.call, event.action.shortCode);
        } else if (event.type === 'action' && event.action.type === 'speech_speed') {
          const rate = event.action.rate;
          state.call = await this.deps.store.update(callId, (draft) => void (turnsOf(draft).rate = rate));
        }
      }
    } finally {
      stopWatching();
    }
  }

  private async onFinal(callId: string, text: string, raise: RaiseCallerTurn): Promise<void> {
    const said = text.trim();
    if (!said) return;
    if (said.length > this.deps.maxTurnChars) {
      this.deps.log.warn('transcript longer than a turn may be: dropped', {
        call_id: callId,
        characters: said.length,
        limit: this.deps.maxTurnChars,
      });
      return;
    }
    let claim: { epoch: number; wasPlaying: boolean } | undefined;
    await this.deps.store.update(callId, (draft) => {
      claim = draft.lifecycle.state === 'connected' ? claimCallerTurn(draft) : undefined;
    });
    if (!claim) return;
    if (claim.wasPlaying) await this.playback.cancelMedia(callId);
    await raise(callId, { text: said, epoch: claim.epoch });
  }

  /** Speech over the bot that lasts past the cutoff interrupts it, once per utterance. */
  private async onIntermediate(callId: string, durationMs: number, offsetMs: number): Promise<void> {
    const features = await this.deps.features();
    if (durationMs < features.vad_cutoff_timeout_ms) return;
    const call = await this.deps.store.get(callId);
    const turns = call?.voice;
    if (!turns || !botHasTheFloor(turns) || turns.barged_at_offset === offsetMs) return;
    let wasPlaying = false;
    await this.deps.store.update(callId, (draft) => {
      wasPlaying = interrupt(draft).wasPlaying;
      turnsOf(draft).barged_at_offset = offsetMs;
    });
    if (wasPlaying) await this.playback.cancelMedia(callId);
  }

  /** Keypad digits come through the orchestration without an epoch: they claim one as they are answered. */
  private async claimDigitsTurn(callId: string): Promise<number> {
    let claim = { epoch: 0, wasPlaying: false };
    await this.deps.store.update(callId, (draft) => void (claim = claimCallerTurn(draft)));
    if (claim.wasPlaying) await this.playback.cancelMedia(callId);
    return claim.epoch;
  }

  private async settleTurn(
    callId: string,
    epoch: number,
    turn: AnsweredTurn,
    features: Features,
  ): Promise<SpeakingTime> {
    let outcome: ReturnType<typeof finishAnswer> = { current: false, heard: 0, done: true, now: [] };
    const call = await this.deps.store.update(callId, (draft) => {
      outcome = finishAnswer(draft, epoch, turn.messageAt, turn.actions);
    });
    if (!outcome.current) {
      // Interrupted while it was written: keep only what the caller heard, and do none of what it asked.
      await this.deps.conversation(callId, features).settleHeard(turn, outcome.heard);
      return speakingTime([], features, epoch, call);
    }
    for (const action of turn.actions) {
      if (action.type === 'send_sms') await this.deps.conversation(callId, features).carryOut(action);
    }
    for (const action of outcome.now) await this.carryOut(callId, action);
    return speakingTime(outcome.done ? [] : turn.sentences, features, epoch, call);
  }

  private async queue(callId: string, epoch: number, messageAt: string, text: string): Promise<boolean> {
    let queued = false;
    await this.deps.store.update(callId, (draft) => {
      queued = queueSentence(draft, epoch, messageAt, text);
    });
    return queued;
  }

  private async carryOut(callId: string, action: DeferredAction): Promise<void> {
    if (action.type === 'end_call') return this.deps.telephony.hangUp(callId);
    try {
      await this.deps.telephony.transfer(callId, action.to);
    } catch (error) {
      this.deps.log.warn('transfer to a person failed', { call_id: callId, error: String(error) });
      await this.onTransferFailed(callId);
    }
  }

  /** Aborts the turn once the caller interrupted it (a newer epoch) or the call ended. */
  private watchForInterruption(callId: string, epoch: number, abort: AbortController): () => void {
    const timer = setInterval(() => {
      this.deps.store
        .get(callId)
        .then((call) => {
          if (!call || call.voice?.epoch !== epoch || call.lifecycle.state === 'ended') abort.abort();
        })
        .catch(() => undefined); // a failed check is retried at the next tick
    }, this.deps.abortPollMs ?? DEFAULT_ABORT_POLL_MS);
    timer.unref();
    return () => clearInterval(timer);
  }

  private async mustGet(callId: string): Promise<CallState> {
    const call = await this.deps.store.get(callId);
    if (!call) throw new Error(`No call with id ${callId}`);
    return call;
  }
}
