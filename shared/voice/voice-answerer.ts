import type { SpokenStyle } from '../conversation/style';
import { isTurnTooLong, MAX_TURN_CHARS, recordFullReply, turnTooLongReply } from '../domain/turn';
import type { Logger } from '../log';
import { CallTooLargeError } from '../providers/store/store';
import { endTurnSpan, failSpan, startTurnSpan } from '../telemetry/call-trace';
import { turnFinished } from '../telemetry/turn-report';
import type { Frame } from './audio';
import type { FrameClock } from './pacer';
import { Speaker } from './speaker';
import type { VoiceConversation } from './voice-conversation';
import type { VoiceChooser } from './voices';

/**
 * The bot's side of a voice call: each caller turn goes to the conversation, each sentence of the
 * answer is spoken as it comes, and the wait the caller sat through is measured (end of their speech →
 * first frame of the answer). The session (voice-session.ts) listens and decides when a turn starts or
 * is interrupted; this file only answers. It is apart so that the per-frame listening loop reads on its
 * own, and nothing here runs per frame.
 */

export interface AnswerTiming {
  /** End of the caller's turn detected → first frame of the answer out. */
  readonly answerMs: number;
  /** Of which: transcription (0 for typed input). */
  readonly transcriptionMs: number;
}

/** What the answerer reports (the session's `VoiceObserver` is a superset). */
export interface AnswerObserver {
  transcript?(line: { persona: 'human' | 'assistant'; text: string; final: boolean }): void;
  answered?(timing: AnswerTiming): void;
}

export interface VoiceAnswererDeps {
  readonly conversation: VoiceConversation;
  readonly voices: VoiceChooser;
  readonly clock: FrameClock;
  readonly log: Logger;
  readonly observer?: AnswerObserver;
  /** The call's language and speech rate at the start. */
  readonly language: string;
  readonly rate: number;
}

export interface AnswererHooks {
  /** Sends one frame of the bot's speech to the caller. */
  readonly send: (frame: Frame) => void;
  /** The conversation switched the call's language (the listening side follows). */
  readonly languageChanged: () => void;
  /** A turn is over, answered or not: the session restarts its silence clock and re-reads the question. */
  readonly afterTurn: () => Promise<void>;
}

/** What each utterance is: its turn (0 outside turns), its index among the turn's sentences (none for fillers and prompts). */
export type SpeechTag = {
  readonly turn: number;
  readonly sentence: number | undefined;
  readonly text: string;
};

type Turn = { id: number; abort: AbortController; startedSentences: Set<number> };

export class VoiceAnswerer {
  /** The bot's voice; the session reads `playing` from it on every frame, so it holds it directly. */
  readonly speaker: Speaker<SpeechTag>;
  /** The call's language and speech rate, which the conversation may change mid-call. */
  language: string;
  private rate: number;
  private turnCounter = 0;
  private currentTurn: Turn | undefined;
  /** When the caller's turn ended (ms, performance clock), until the answer's first frame goes out. */
  private awaitingAnswer: { turn: number; endedAt: number; transcriptionMs: number } | undefined;
  /** What each turn's latencies were, for its span, the metrics and the debug line (turn-report.ts). */
  private readonly turnLatencies = new Map<
    number,
    { transcriptionMs: number; ttsMs?: number; answerMs?: number; bargedIn?: boolean }
  >();
  /** Turns run one at a time, in the order the caller finished them. */
  private turns: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly deps: VoiceAnswererDeps,
    private readonly hooks: AnswererHooks,
  ) {
    this.language = deps.language;
    this.rate = deps.rate;
    this.speaker = new Speaker<SpeechTag>({
      clock: deps.clock,
      send: hooks.send,
      log: deps.log,
      onStarted: (tag) => this.onSpeechStarted(tag),
      onFirstAudio: (tag, ms) => {
        // The answer's first sentence: what the caller waits for.
        const latencies = tag.sentence === 0 ? this.turnLatencies.get(tag.turn) : undefined;
        if (latencies && latencies.ttsMs === undefined) latencies.ttsMs = ms;
      },
      callId: deps.conversation.callId,
    });
  }

  /** Whether an answer is being worked out or spoken. */
  get answering(): boolean {
    return this.currentTurn !== undefined;
  }

  /** The bot picks up: a hello, or a short recap when the caller resumes a call. */
  async greet(): Promise<void> {
    try {
      this.sayAside(await this.deps.conversation.greet());
    } catch (error) {
      if (!(error instanceof CallTooLargeError)) throw error;
      // A resumed call whose record is full: say so rather than stay silent.
      this.deps.log.warn('greeting not stored: the call record is full', { bytes: error.bytes });
      this.sayAside(recordFullReply(this.language));
    }
  }

  /** Says something outside any turn (a greeting, a silence prompt, a refusal). */
  sayAside(text: string): void {
    this.say({ turn: 0, sentence: undefined, text });
  }

  /** The caller finished a turn (spoken, typed or keyed in): it is answered after the ones before it. */
  take(text: string, endedAt: number, transcriptionMs: number): void {
    if (isTurnTooLong(text)) {
      // Whatever the path (typed, transcribed, keyed in), one cap; the caller is told, nothing is stored.
      this.deps.log.warn('caller turn refused: over the length cap', {
        chars: text.length,
        cap: MAX_TURN_CHARS,
      });
      this.sayAside(turnTooLongReply(this.language));
      return;
    }
    const id = ++this.turnCounter;
    const turn: Turn = { id, abort: new AbortController(), startedSentences: new Set<number>() };
    this.currentTurn = turn;
    this.awaitingAnswer = { turn: id, endedAt, transcriptionMs };
    this.turnLatencies.set(id, { transcriptionMs });
    this.deps.observer?.transcript?.({ persona: 'human', text, final: true });
    this.turns = this.turns
      .then(() => this.traceTurn(text, turn, endedAt))
      .catch((error: unknown) => this.deps.log.warn('voice turn failed', { error: String(error) }))
      .finally(() => {
        if (this.currentTurn === turn) this.currentTurn = undefined;
      })
      .then(() => this.hooks.afterTurn());
  }

  /**
   * The caller cut in: the answer in progress is dropped (only what was played gets stored) and no
   * answer latency is measured for it. The session silences the speaker itself.
   */
  abortTurn(bargeIn: boolean): void {
    this.currentTurn?.abort.abort();
    this.awaitingAnswer = undefined;
    if (!bargeIn) return;
    const latencies = this.currentTurn && this.turnLatencies.get(this.currentTurn.id);
    if (latencies) latencies.bargedIn = true;
  }

  close(): void {
    this.closed = true;
    this.currentTurn?.abort.abort();
    this.speaker.close();
  }

  /** Runs the turn in its span (from the end of the caller's speech), then reports its latencies. */
  private async traceTurn(text: string, turn: Turn, endedAt: number): Promise<void> {
    const callId = this.deps.conversation.callId;
    const latencies = this.turnLatencies.get(turn.id) ?? { transcriptionMs: 0 };
    const span = startTurnSpan(
      callId,
      { 'turn.number': turn.id, 'turn.typed': latencies.transcriptionMs === 0 },
      performance.timeOrigin + endedAt,
    );
    try {
      await this.runTurn(text, turn);
    } catch (error) {
      failSpan(span, error);
      throw error;
    } finally {
      this.turnLatencies.delete(turn.id);
      turnFinished(this.deps.log, span, callId, turn.id, {
        ...latencies,
        aborted: turn.abort.signal.aborted,
      });
      endTurnSpan(callId, span);
    }
  }

  private async runTurn(text: string, turn: Turn): Promise<void> {
    if (turn.abort.signal.aborted) return;
    let sentence = 0;
    const answer = this.deps.conversation.respond(
      { text, channel: 'voice' },
      {
        signal: turn.abort.signal,
        // A sentence counts as said once the caller started hearing it.
        spokenSentences: () => turn.startedSentences.size,
        untilPlayed: () => this.speaker.whenIdle(),
        // The claim panel shows a value as the bot confirms it, not once the whole answer is written.
        storeToolChangesAtOnce: true,
      },
    );
    try {
      for await (const event of answer) {
        switch (event.type) {
          case 'sentence':
            this.say({ turn: turn.id, sentence: sentence++, text: event.text }, event.style);
            break;
          case 'filler':
            this.say({ turn: turn.id, sentence: undefined, text: event.text });
            break;
          case 'action':
            if (event.action.type === 'switch_language') {
              this.language = event.action.shortCode;
              this.hooks.languageChanged();
            }
            if (event.action.type === 'speech_speed') this.rate = event.action.rate;
            break;
        }
      }
    } catch (error) {
      if (!(error instanceof CallTooLargeError)) throw error;
      // The store refused to grow the call: the turn is not kept, and the caller hears why.
      this.deps.log.warn('caller turn not stored: the call record is full', { bytes: error.bytes });
      if (!this.closed) this.sayAside(recordFullReply(this.language));
    }
  }

  private say(tag: SpeechTag, style: SpokenStyle = 'none'): void {
    const language = this.language;
    const rate = this.rate;
    this.speaker.say({
      text: tag.text,
      tag,
      voice: () => this.deps.voices.voiceFor({ language, rate, style }),
    });
  }

  private onSpeechStarted(tag: SpeechTag): void {
    this.deps.observer?.transcript?.({ persona: 'assistant', text: tag.text, final: true });
    if (tag.sentence !== undefined && this.currentTurn?.id === tag.turn) {
      this.currentTurn.startedSentences.add(tag.sentence);
    }
    if (this.awaitingAnswer?.turn === tag.turn) {
      const { endedAt, transcriptionMs } = this.awaitingAnswer;
      this.awaitingAnswer = undefined;
      const answerMs = performance.now() - endedAt;
      const latencies = this.turnLatencies.get(tag.turn);
      if (latencies) latencies.answerMs = answerMs;
      this.deps.observer?.answered?.({ answerMs, transcriptionMs });
    }
  }
}
