import type { Features } from '../config';
import type { Logger } from '../log';
import type {
  CallRecognition,
  ExpectedAnswer,
  SpeechToText,
  Utterance as SttUtterance,
} from '../providers/stt/stt';
import type { Span } from '@opentelemetry/api';
import { failSpan, startCallSpan } from '../telemetry/call-trace';
import { callMetrics } from '../telemetry/metrics';
import type { Frame } from './audio';
import { finalText } from './final-text';
import type { FrameClock } from './pacer';
import type { Speaker } from './speaker';
import { TurnDetector, type TurnSignal } from './turn-detector';
import { VoiceAnswerer, type AnswerObserver, type AnswerTiming, type SpeechTag } from './voice-answerer';
import type { VoiceConversation } from './voice-conversation';
import type { VoiceActivityDetector } from './vad';
import { Preroll } from './preroll';
import type { VoiceChooser } from './voices';

/**
 * One call's real-time voice loop. It owns the listening and the turn-taking: the caller's audio goes
 * through the VAD into the turn detector; at the end of the caller's turn the speech is transcribed and
 * handed to the answerer (voice-answerer.ts), which speaks each sentence of the answer while the next is
 * synthesized. Speech while the bot talks (past the cutoff) interrupts it at once: the turn is aborted,
 * queued audio dropped, StopAudio sent, and only what was played is stored. Long silences get a prompt,
 * then a goodbye.
 *
 * A recognizer that listens to the whole call (`openCall`, Azure Speech) gets every frame; its final
 * result ends the caller's turn as soon as they pause, without waiting for the whole silence window, and
 * its partial results confirm a barge-in: the bot stops for words, not for a cough or a door.
 *
 * The session does not know the wire format: hosts feed it frames, digits and typed text, and give it
 * a `CallerLine` to send audio back.
 */

export interface CallerLine {
  sendAudio(frame: Frame): void;
  /** Tells the far end to drop the audio it has buffered (ACS StopAudio). */
  stopAudio(): void;
}

/**
 * What the session reports, for the softphone's live view and for the latency benchmarks. `transcript`
 * and `answered` (one answered turn: end of the caller's speech → first frame of the answer sent) come
 * from the answerer.
 */
export interface VoiceObserver extends AnswerObserver {
  /** Speech over the bot: the frame that reached the cutoff arrived → StopAudio sent. */
  bargedIn?(latencyMs: number): void;
  /** Each frame of the caller's audio as it arrives (the call recording). */
  callerAudio?(frame: Frame): void;
}

// The hosts' observers name the timing from here, where they get the session.
export type { AnswerTiming };

export interface VoiceSessionDeps {
  readonly conversation: VoiceConversation;
  readonly voices: VoiceChooser;
  /** None: the caller types (the softphone's text box) and speech only serves barge-in. */
  readonly stt: SpeechToText | undefined;
  readonly vad: VoiceActivityDetector;
  readonly clock: FrameClock;
  readonly features: Features;
  readonly log: Logger;
  readonly observer?: VoiceObserver;
  /** The call's language and speech rate at the start. */
  readonly language: string;
  readonly rate: number;
  /** The call's other languages, which a recognizer may detect. */
  readonly languages?: readonly string[];
  /** What the bot's question asks for, read after each turn: a grammar recognizer listens for it. */
  readonly expectedAnswer?: () => Promise<ExpectedAnswer | undefined>;
}

/** Speech from before the turn detector was sure: sent to STT so the first syllable is not cut. */
const PREROLL_FRAMES = 15;
/** Keypad digits are sent as one input once the caller pauses this long, or presses #. */
const DTMF_PAUSE_MS = 2_000;

export class VoiceSession {
  private readonly answerer: VoiceAnswerer;
  /** The answerer's speaker, held here too: `onAudio` reads whether it plays on every frame. */
  private readonly speaker: Speaker<SpeechTag>;
  private readonly detector: TurnDetector;
  private utterance: SttUtterance | undefined;
  /** The whole call's recognition, when the recognizer offers one. */
  private call: CallRecognition | undefined;
  /** The utterance's latest text: its last partial, or its final so far. */
  private heard = '';
  /** The recognizer finalized everything the caller said in this turn (nothing in progress). */
  private heardAll = false;
  /** Speech over the bot (or its pending answer), waiting for the recognizer to hear words in it. */
  private unconfirmed: { receivedAt: number; bargeIn: boolean } | undefined;
  /** The span of the utterance being recognized. */
  private sttSpan: Span | undefined;
  private expect: ExpectedAnswer | undefined;
  private readonly preroll = new Preroll(PREROLL_FRAMES);
  private silencePrompts = 0;
  private digits = '';
  private digitTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly line: CallerLine,
    private readonly deps: VoiceSessionDeps,
  ) {
    this.detector = new TurnDetector({
      silenceTimeoutMs: deps.features.vad_silence_timeout_ms,
      cutoffTimeoutMs: deps.features.vad_cutoff_timeout_ms,
      phoneSilenceTimeoutMs: deps.features.phone_silence_timeout_sec * 1000,
    });
    this.answerer = new VoiceAnswerer(deps, {
      send: (frame) => line.sendAudio(frame),
      // The call's recognition listens in the new language from now on.
      languageChanged: () => {
        if (this.call) this.openCallRecognition();
      },
      afterTurn: () => {
        this.detector.restartSilenceClock();
        return this.refreshExpectation();
      },
    });
    this.speaker = this.answerer.speaker;
    this.openCallRecognition();
  }

  /** The bot picks up: a hello, or a short recap when the caller resumes a call. */
  async start(): Promise<void> {
    await this.answerer.greet();
    await this.refreshExpectation();
  }

  /** One 20 ms frame of the caller's audio. */
  onAudio(frame: Frame): void {
    if (this.closed) return;
    this.deps.observer?.callerAudio?.(frame);
    const receivedAt = performance.now();
    const isSpeech = this.deps.vad.isSpeech(frame);
    const signals = this.detector.push(isSpeech, this.speaker.playing);
    if (this.call) this.call.write(frame);
    else if (this.utterance) this.utterance.write(frame);
    else {
      this.preroll.push(frame);
    }
    for (const signal of signals) this.onTurnSignal(signal, receivedAt);
    // The recognizer's final came while the VAD still heard the last syllable: the pause ends the turn.
    if (this.heardAll) this.endTurnEarly(receivedAt);
    callMetrics().framesInLatency.record(performance.now() - receivedAt);
  }

  /** A keypad digit. */
  onDigit(digit: string): void {
    if (this.closed) return;
    clearTimeout(this.digitTimer);
    if (digit === '#') return this.flushDigits();
    this.digits += digit;
    // At the language menu a key is the whole answer: no waiting for a second one.
    if (this.deps.conversation.takeOneKey()) return this.flushDigits();
    this.digitTimer = setTimeout(() => this.flushDigits(), DTMF_PAUSE_MS);
    this.digitTimer.unref();
  }

  /** A typed caller turn (the softphone's text box). Typing over the bot interrupts it. */
  onText(text: string): void {
    if (this.closed || !text.trim()) return;
    if (this.speaker.speaking || this.answerer.answering) this.interrupt(performance.now(), false);
    this.answerer.take(text.trim(), performance.now(), 0);
  }

  /** The call is over: stop talking, listening and answering. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.digitTimer);
    this.utterance?.cancel();
    this.call?.close();
    this.sttSpan?.end();
    this.answerer.close();
  }

  /** Outbound frame lateness, for the load benchmark. */
  latenessStats() {
    return this.speaker.latenessStats();
  }

  private onTurnSignal(signal: TurnSignal, receivedAt: number): void {
    switch (signal.type) {
      case 'barge_in':
        if (!this.call) return this.interrupt(receivedAt, true);
        this.unconfirmed = { receivedAt, bargeIn: true };
        // Talking over an answer that started while they spoke: the words are already heard.
        if (this.heard) this.confirmInterruption();
        return;
      case 'speech_started':
        this.silencePrompts = 0;
        // The caller speaks while the bot is still thinking: what they add makes the pending answer moot.
        if (this.answerer.answering && this.call) this.unconfirmed ??= { receivedAt, bargeIn: false };
        else if (this.answerer.answering) this.interrupt(receivedAt, false);
        this.startListening();
        return;
      case 'end_of_turn':
        this.finishListening(receivedAt);
        return;
      case 'silence':
        if (!this.answerer.answering) void this.onSilence();
        return;
    }
  }

  /** A recognizer that can listen to the whole call does, from the start, in the call's language. */
  private openCallRecognition(): void {
    this.call?.close();
    this.call = this.deps.stt?.openCall?.(this.recognitionOptions());
  }

  private recognitionOptions() {
    return {
      lang: this.answerer.language,
      ...(this.deps.languages ? { candidateLangs: this.deps.languages } : {}),
      ...(this.expect ? { expect: this.expect } : {}),
    };
  }

  private startListening(): void {
    if (!this.deps.stt) return;
    this.utterance?.cancel();
    const span = startCallSpan(this.deps.conversation.callId, 'stt.recognize', {
      'stt.kind': this.deps.stt.kind,
      'stt.language': this.answerer.language,
    });
    const utterance = this.call
      ? this.call.startUtterance(this.recognitionOptions())
      : this.deps.stt.startUtterance(this.recognitionOptions());
    this.heard = '';
    this.heardAll = false;
    utterance.onPartial((text) => {
      if (this.utterance !== utterance) return;
      this.heard = text;
      this.heardAll = false;
      this.confirmInterruption();
      this.deps.observer?.transcript?.({ persona: 'human', text, final: false });
    });
    utterance.onFinal?.((text) => {
      if (this.utterance !== utterance) return;
      this.heard = text;
      this.heardAll = true;
      this.confirmInterruption();
      this.endTurnEarly(performance.now());
    });
    if (!this.call) for (const frame of this.preroll.take()) utterance.write(frame);
    else this.preroll.clear();
    this.utterance = utterance;
    this.sttSpan?.end();
    this.sttSpan = span;
  }

  /** The recognizer has all the caller said and they are pausing: their turn is over now. */
  private endTurnEarly(at: number): void {
    const signal = this.detector.endTurn();
    if (signal) this.onTurnSignal(signal, at);
  }

  /** The recognizer heard words in the speech over the bot: it was the caller, the bot stops. */
  private confirmInterruption(): void {
    const pending = this.unconfirmed;
    this.unconfirmed = undefined;
    if (pending) this.interrupt(pending.receivedAt, pending.bargeIn);
  }

  private finishListening(endedAt: number): void {
    const utterance = this.utterance;
    const span = this.sttSpan;
    this.utterance = undefined;
    const heard = this.heard;
    this.heard = '';
    this.heardAll = false;
    this.sttSpan = undefined;
    if (!utterance || !this.deps.stt) return; // no STT: the caller's words are typed instead
    finalText(utterance, {
      streaming: this.deps.stt.streaming === true,
      completeTimeoutMs: this.deps.features.recognition_stt_complete_timeout_ms,
      lastPartial: heard,
      log: this.deps.log,
    })
      .then((text) => {
        const completeMs = performance.now() - endedAt;
        callMetrics().sttCompleteLatency.record(completeMs);
        span?.setAttributes({ 'stt.complete_ms': completeMs, 'stt.characters': text.trim().length });
        // Speech over the bot with no words in it was noise: the bot went on talking.
        if (!text.trim()) this.unconfirmed = undefined;
        if (this.closed || !text.trim()) return;
        this.confirmInterruption();
        this.answerer.take(text.trim(), endedAt, completeMs);
      })
      .catch((error: unknown) => {
        if (span) failSpan(span, error);
        this.deps.log.warn('speech recognition failed', { error: String(error) });
      })
      .finally(() => span?.end());
  }

  private flushDigits(): void {
    const digits = this.digits;
    this.digits = '';
    if (digits) this.onText(digits);
  }

  /** Barge-in: stop the bot now. Only what the caller heard of the answer will be stored. */
  private interrupt(receivedAt: number, bargeIn: boolean): void {
    const wasPlaying = this.speaker.playing;
    this.answerer.abortTurn(bargeIn);
    this.speaker.clear();
    if (bargeIn || wasPlaying) this.line.stopAudio();
    // Only speech past the cutoff is a barge-in; a typed turn or early speech is not measured as one.
    if (!bargeIn) return;
    const latencyMs = performance.now() - receivedAt;
    callMetrics().bargeIns.add(1);
    callMetrics().cutoffLatency.record(latencyMs);
    this.deps.observer?.bargedIn?.(latencyMs);
  }

  /** The question of the moment changed (or not): what the next utterance is expected to say. */
  private async refreshExpectation(): Promise<void> {
    if (!this.deps.expectedAnswer || this.closed) return;
    try {
      const expect = await this.deps.expectedAnswer();
      // A caller who answered over the end of the question is already speaking: heard for the new one.
      if (expect !== this.expect) this.utterance?.retarget?.(expect);
      this.expect = expect;
    } catch (error) {
      // Without the hint the recognizer listens for anything it can understand.
      this.expect = undefined;
      this.deps.log.warn('could not read what the bot asks for', { error: String(error) });
    }
  }

  private async onSilence(): Promise<void> {
    this.silencePrompts++;
    const giveUp = this.silencePrompts > this.deps.features.recognition_retry_max;
    const text = await this.deps.conversation.phrase(giveUp ? 'goodbye' : 'silence');
    if (this.closed) return;
    this.answerer.sayAside(text);
    if (!giveUp) return;
    await this.speaker.whenIdle();
    if (!this.closed) await this.deps.conversation.endCall();
  }
}
