/**
 * Who has the floor on a call, from one VAD verdict per 20 ms frame: when the caller starts and ends a
 * turn, when they talk over the bot long enough to interrupt it, and when nobody has said anything for
 * so long that the bot should prompt. A pure state machine clocked by frames: each `push` is 20 ms
 * later, so the same frames always give the same signals at the same times.
 *
 * Durations are counted in whole frames and compared with `>=`, so a timing that is not a multiple of
 * 20 ms takes effect at the next frame boundary (a 250 ms cutoff fires after 13 frames, 260 ms).
 */

import { FRAME_MS } from './audio';

export interface TurnTimings {
  /** vad_silence_timeout_ms (500): end of the caller's turn after this much silence following speech. */
  readonly silenceTimeoutMs: number;
  /** vad_cutoff_timeout_ms (250): barge-in after this much continuous speech while the bot talks. */
  readonly cutoffTimeoutMs: number;
  /** phone_silence_timeout_sec × 1000 (20000): silence prompt when nobody speaks this long. */
  readonly phoneSilenceTimeoutMs: number;
  /** Default 100: shorter speech bursts (clicks, coughs) do not start a turn. */
  readonly minSpeechMs?: number;
}

export type TurnSignal =
  | { readonly type: 'speech_started'; readonly atMs: number }
  | { readonly type: 'barge_in'; readonly atMs: number }
  | { readonly type: 'end_of_turn'; readonly atMs: number; readonly speechMs: number }
  | { readonly type: 'silence'; readonly atMs: number };

const DEFAULT_MIN_SPEECH_MS = 100;

export class TurnDetector {
  private readonly silenceTimeoutMs: number;
  private readonly cutoffTimeoutMs: number;
  private readonly phoneSilenceTimeoutMs: number;
  private readonly minSpeechMs: number;

  private elapsedMs = 0;
  private inTurn = false;
  /** Speech in the current turn, gaps excluded: what `end_of_turn` reports. */
  private turnSpeechMs = 0;
  /** The current run of consecutive speech frames, whoever else is talking. */
  private speechRunMs = 0;
  /** The current run of consecutive speech frames during which the bot was talking too. */
  private overlapRunMs = 0;
  /** The current run of consecutive non-speech frames. */
  private pauseMs = 0;
  /** Idle time (no turn, no speech, bot silent) since the last speech, bot audio, prompt or restart. */
  private idleMs = 0;

  constructor(timings: TurnTimings) {
    this.silenceTimeoutMs = positive('silenceTimeoutMs', timings.silenceTimeoutMs);
    this.cutoffTimeoutMs = positive('cutoffTimeoutMs', timings.cutoffTimeoutMs);
    this.phoneSilenceTimeoutMs = positive('phoneSilenceTimeoutMs', timings.phoneSilenceTimeoutMs);
    this.minSpeechMs = timings.minSpeechMs ?? DEFAULT_MIN_SPEECH_MS;
    // 0 is allowed: a single speech frame then starts a turn.
    if (!(Number.isFinite(this.minSpeechMs) && this.minSpeechMs >= 0)) {
      throw new RangeError(`minSpeechMs must be 0 or more ms, got ${this.minSpeechMs}`);
    }
  }

  /** Time since the first frame: the end of the last frame pushed. */
  get nowMs(): number {
    return this.elapsedMs;
  }

  /** Whether a caller turn is in progress (from `speech_started` to `end_of_turn`). */
  get callerSpeaking(): boolean {
    return this.inTurn;
  }

  /**
   * One 20 ms frame: whether it holds speech and whether the bot is playing audio at that moment.
   * Returns the signals this frame produced (usually none: then one shared empty array, as this runs
   * 50 times a second per call), stamped with the end of this frame.
   */
  push(isSpeech: boolean, botSpeaking: boolean): readonly TurnSignal[] {
    this.elapsedMs += FRAME_MS;
    const atMs = this.elapsedMs;
    let signals: TurnSignal[] | undefined;
    // Read before this frame changes the turn: the frame that ends a turn is not idle time yet.
    const idle = !isSpeech && !botSpeaking && !this.inTurn;

    if (isSpeech) {
      this.speechRunMs += FRAME_MS;
      this.overlapRunMs = botSpeaking ? this.overlapRunMs + FRAME_MS : 0;
      this.pauseMs = 0;
    } else {
      this.speechRunMs = 0;
      this.overlapRunMs = 0;
      this.pauseMs += FRAME_MS;
    }
    // Once per run of talking over the bot, at the frame that reaches the cutoff.
    const interrupts = botSpeaking && reached(this.overlapRunMs, this.cutoffTimeoutMs);

    if (this.inTurn) {
      if (isSpeech) this.turnSpeechMs += FRAME_MS;
      // The bot started answering while the caller still talks: they interrupt it like any barge-in.
      if (interrupts) (signals ??= []).push({ type: 'barge_in', atMs });
      if (this.pauseMs >= this.silenceTimeoutMs) {
        (signals ??= []).push({ type: 'end_of_turn', atMs, speechMs: this.turnSpeechMs });
        this.inTurn = false;
        this.turnSpeechMs = 0;
      }
    } else {
      // Over the bot, only talking past the cutoff takes the floor. Once the bot is silent the minimum
      // speech does, counting a run that began over the bot: that caller was already talking.
      const takesFloor = botSpeaking ? interrupts : isSpeech && this.speechRunMs >= this.minSpeechMs;
      if (takesFloor) {
        if (botSpeaking) (signals ??= []).push({ type: 'barge_in', atMs });
        (signals ??= []).push({ type: 'speech_started', atMs });
        this.inTurn = true;
        this.turnSpeechMs = this.speechRunMs;
      }
    }

    if (!idle) this.idleMs = 0;
    else {
      this.idleMs += FRAME_MS;
      if (this.idleMs >= this.phoneSilenceTimeoutMs) {
        (signals ??= []).push({ type: 'silence', atMs });
        this.idleMs = 0;
      }
    }
    return signals ?? NO_SIGNALS;
  }

  /** The caller is in a turn and has been quiet since the last frame at least: a pause, maybe the end. */
  get callerPausing(): boolean {
    return this.inTurn && this.pauseMs > 0;
  }

  /**
   * Ends the caller's turn now, during a pause, before the silence window has passed: the recognizer
   * already has the whole of what they said. Undefined when there is no turn, or the caller is talking.
   */
  endTurn(): TurnSignal | undefined {
    if (!this.callerPausing) return undefined;
    const signal: TurnSignal = { type: 'end_of_turn', atMs: this.elapsedMs, speechMs: this.turnSpeechMs };
    this.inTurn = false;
    this.turnSpeechMs = 0;
    return signal;
  }

  /** The bot has finished its answer, or a new turn begins: the silence clock restarts from now. */
  restartSilenceClock(): void {
    this.idleMs = 0;
  }
}

const NO_SIGNALS: readonly TurnSignal[] = Object.freeze([]);

/** Whether a run that grows by one frame at a time has just reached `limitMs`. */
function reached(runMs: number, limitMs: number): boolean {
  return runMs >= limitMs && runMs - FRAME_MS < limitMs;
}

function positive(name: string, ms: number): number {
  if (!(Number.isFinite(ms) && ms > 0))
    throw new RangeError(`${name} must be a positive number of ms, got ${ms}`);
  return ms;
}
