import { SoftphoneClient } from '../local/softphone-client';
import { silentLogger } from '../shared/log';
import { encodeInboundAudio } from '../shared/voice/acs-media';
import { frameToBytes, type Frame } from '../shared/voice/audio';
import { FrameClock } from '../shared/voice/pacer';
import { SILENT_FRAME } from './voice-speech';

/**
 * The benchmarks' caller: the scripted softphone (the browser page's protocol) dials the bot and then,
 * one 20 ms frame per slot like a phone, says its line, stays silent until the answer comes, and either
 * lets the bot finish and pauses, or talks over it (barge-in). Everything it sends is encoded once, for
 * all callers (the generator shares the host's 2 cores: every µs it spends per frame is taken from the
 * host), and of what it receives it reads only the kind (softphone-client.ts).
 */

/** A caller's line and the silence between lines, as media messages, encoded once per line. */
interface EncodedLine {
  readonly speech: readonly Buffer[];
  readonly silence: Buffer;
}

const encodedLines = new WeakMap<readonly Frame[], EncodedLine>();

/**
 * The AudioData messages of `speech`, shared by every caller saying it. Their timestamp is the time of
 * encoding: the host does not read it (it paces by arrival), and re-stamping would mean re-encoding.
 */
function encodedLine(speech: readonly Frame[]): EncodedLine {
  let line = encodedLines.get(speech);
  if (!line) {
    const encode = (frame: Frame, silent: boolean) =>
      Buffer.from(encodeInboundAudio(frameToBytes(frame), { silent }));
    line = { speech: speech.map((frame) => encode(frame, false)), silence: encode(SILENT_FRAME, true) };
    encodedLines.set(speech, line);
  }
  return line;
}

export interface CallerScript {
  /** The caller's line, as frames. */
  readonly speech: readonly Frame[];
  /** Whether the caller talks over the answer to its `turn`-th line (1-based) rather than let it end. */
  readonly bargeIn: (turn: number) => boolean;
  /** How far into the answer the caller starts talking over it. */
  readonly bargeInAfterMs: number;
  /** The pause between the end of an answer and the caller's next line. */
  readonly pauseMs: number;
  /** No answer this long after the line: counted as unanswered, and the caller speaks again. */
  readonly answerTimeoutMs: number;
  /** The server's vad_cutoff_timeout_ms: the caller notes when it sent the frame that reaches it. */
  readonly cutoffMs: number;
}

/** No audio from the bot for this long: its answer is over (it sends a frame every 20 ms). */
const ANSWER_OVER_MS = 200;
/** Audio after a gap this long is a new utterance of the bot's, not more of the last one. */
const NEW_BURST_MS = 100;

type State =
  | { readonly kind: 'silent' }
  | { readonly kind: 'speaking'; index: number }
  | { readonly kind: 'listening'; readonly since: number }
  | { readonly kind: 'hearing'; readonly since: number }
  | { readonly kind: 'pausing'; readonly until: number };

export interface CallerStats {
  /** Lines started. */
  turns: number;
  /** Answers heard (their first frame). */
  answers: number;
  unanswered: number;
  /** Lines started over the bot. */
  bargeIns: number;
  /** Barge-ins after which no StopAudio came. */
  missedStops: number;
  /** Client's view: sending the frame that completes the cutoff window → StopAudio received, ms. */
  readonly stopAudioMs: number[];
}

export class ScriptedCaller {
  readonly stats: CallerStats = {
    turns: 0,
    answers: 0,
    unanswered: 0,
    bargeIns: 0,
    missedStops: 0,
    stopAudioMs: [],
  };
  private state: State = { kind: 'silent' };
  private streaming = false;
  private scriptStartsAt = Infinity;
  private lastAudioAt = 0;
  /** While talking over the bot: when the frame that reaches the cutoff went out (0: not yet). */
  private bargeIn: { cutoffSentAt: number } | undefined;
  private readonly line: EncodedLine;

  private constructor(
    readonly phone: SoftphoneClient,
    readonly callId: string,
    private readonly script: CallerScript,
  ) {
    phone.onMedia(({ kind, at }) => this.onMedia(kind, at));
    this.line = encodedLine(script.speech);
  }

  /** Registers `number`, dials the bot, and opens the call's media stream. */
  static async dial(baseUrl: string, number: string, script: CallerScript): Promise<ScriptedCaller> {
    const phone = await SoftphoneClient.connect(baseUrl, { lean: true });
    try {
      const registered = await phone.register(number);
      if (registered.type !== 'registered')
        throw new Error(`register ${number}: ${String(registered.message)}`);
      return new ScriptedCaller(phone, await phone.dial(), script);
    } catch (error) {
      await phone.close();
      throw error;
    }
  }

  /** When the bot's audio last arrived (performance clock; 0: never). */
  get lastAudio(): number {
    return this.lastAudioAt;
  }

  /** Streams silence from now on, and the script from `at` (performance clock; never by default). */
  stream(at = Infinity): void {
    this.streaming = true;
    this.scriptStartsAt = at;
  }

  /** Back to silence (still streaming): the call stays up, the caller says no more. */
  hush(): void {
    this.scriptStartsAt = Infinity;
    this.state = { kind: 'silent' };
  }

  /** One 20 ms slot: moves the script on and sends this slot's frame. */
  tick(now: number): void {
    if (!this.streaming) return;
    this.advance(now);
    const state = this.state;
    if (state.kind !== 'speaking') return this.phone.sendEncoded(this.line.silence);
    const speech = this.line.speech;
    this.phone.sendEncoded(speech[state.index] as Buffer);
    state.index++;
    if (this.bargeIn && state.index === Math.ceil(this.script.cutoffMs / 20)) this.bargeIn.cutoffSentAt = now;
    if (state.index >= speech.length) {
      if (this.bargeIn) this.stats.missedStops++;
      this.bargeIn = undefined;
      this.state = { kind: 'listening', since: now };
    }
  }

  async close(): Promise<void> {
    this.streaming = false;
    await this.phone.close();
  }

  private advance(now: number): void {
    const state = this.state;
    switch (state.kind) {
      case 'silent':
        if (now >= this.scriptStartsAt) this.speak(false);
        return;
      case 'listening':
        if (now - state.since >= this.script.answerTimeoutMs) {
          this.stats.unanswered++;
          this.speak(false);
        }
        return;
      case 'hearing':
        if (this.script.bargeIn(this.stats.turns)) {
          if (now - state.since >= this.script.bargeInAfterMs)
            this.speak(now - this.lastAudioAt < NEW_BURST_MS);
        } else if (now - this.lastAudioAt >= ANSWER_OVER_MS) {
          this.state = { kind: 'pausing', until: now + this.script.pauseMs };
        }
        return;
      case 'pausing':
        if (now >= state.until) this.speak(false);
        return;
      case 'speaking':
        return;
    }
  }

  private speak(overBot: boolean): void {
    this.stats.turns++;
    if (overBot) {
      this.stats.bargeIns++;
      this.bargeIn = { cutoffSentAt: 0 };
    }
    this.state = { kind: 'speaking', index: 0 };
  }

  private onMedia(kind: string, at: number): void {
    if (kind === 'StopAudio') {
      // A StopAudio before the cutoff frame went out is not this barge-in's (an answer given up).
      if (this.bargeIn?.cutoffSentAt) this.stats.stopAudioMs.push(at - this.bargeIn.cutoffSentAt);
      this.bargeIn = undefined;
      return;
    }
    const gap = at - this.lastAudioAt;
    this.lastAudioAt = at;
    if (this.state.kind === 'listening' && gap >= NEW_BURST_MS) {
      this.stats.answers++;
      this.state = { kind: 'hearing', since: at };
    }
  }
}

/**
 * Drives callers in real time from one drift-free timer (the server's own FrameClock, so that both
 * sides pace alike). Real calls are independent, so their frames arrive spread over each 20 ms, not
 * all at once: the callers are split into `phases` groups, each served in its own slice of the 20 ms.
 * A late tick catches up by up to 3 frames per caller, as the server does; its lateness after its last
 * frame went out is recorded, to show whether the generator kept up.
 */
export class FramePump {
  /** Slot start → the tick's last frame sent, ms, one per tick. */
  readonly lateness: number[] = [];
  skippedSlots = 0;
  private readonly clock: FrameClock;
  private unsubscribe: (() => void) | undefined;
  private lastSlot = -1;

  constructor(
    private readonly callers: readonly ScriptedCaller[],
    private readonly phases = 4,
  ) {
    this.clock = new FrameClock({ log: silentLogger, frameMs: 20 / phases });
  }

  start(): void {
    this.lastSlot = -1;
    this.unsubscribe = this.clock.subscribe((slot) => {
      const first = this.lastSlot < 0 ? slot : Math.max(this.lastSlot + 1, slot - 3 * this.phases + 1);
      this.skippedSlots += this.lastSlot < 0 ? 0 : first - this.lastSlot - 1;
      this.lastSlot = slot;
      const now = performance.now();
      for (let served = first; served <= slot; served++) {
        const phase = served % this.phases;
        for (let i = phase; i < this.callers.length; i += this.phases) this.callers[i]?.tick(now);
      }
      if (this.lateness.length < 200_000) this.lateness.push(this.clock.now() - this.clock.timeOfSlot(slot));
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
