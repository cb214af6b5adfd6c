import type { Logger } from '../log';
import type { SpeechRequest, TextToSpeech } from '../providers/tts/tts';
import { failSpan, startCallSpan } from '../telemetry/call-trace';
import { FrameCutter, type Frame } from './audio';
import type { FrameClock } from './pacer';
import { OutboundAudio } from './pacer';

/**
 * The bot's mouth: text in, paced audio frames out. Sentences are synthesized one after the other, in
 * order, while the previous one plays, so the caller hears no gap between them. Each utterance carries
 * a tag; the speaker reports when an utterance starts playing, so that the session knows exactly what
 * the caller heard when they interrupt.
 */

export interface SpeakerOptions<Tag> {
  readonly clock: FrameClock;
  /** Sends one 20 ms frame to the caller. */
  readonly send: (frame: Frame) => void;
  readonly log: Logger;
  /** The first frame of an utterance went out. */
  readonly onStarted?: (tag: Tag) => void;
  /** The synthesizer's first audio of an utterance arrived, `ms` after it was asked (its own latency). */
  readonly onFirstAudio?: (tag: Tag, ms: number) => void;
  /** The call whose trace the synthesis spans join. */
  readonly callId?: string;
}

export interface Utterance<Tag> {
  readonly text: string;
  readonly tag: Tag;
  /** Which voice and language; resolved when the utterance is synthesized, so a language switch applies. */
  readonly voice: () => { tts: TextToSpeech; request: Omit<SpeechRequest, 'text'> };
}

export class Speaker<Tag> {
  private readonly audio: OutboundAudio<Tag>;
  /** Synthesis runs in order: each utterance waits for the one before it. */
  private synthesis: Promise<void> = Promise.resolve();
  /** Aborts synthesis in progress and skips what is queued (barge-in). */
  private generation = new AbortController();
  private pendingSyntheses = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: SpeakerOptions<Tag>) {
    this.audio = new OutboundAudio<Tag>({
      clock: options.clock,
      send: options.send,
      onStarted: (tag) => options.onStarted?.(tag),
      onIdle: () => this.settleIfIdle(),
    });
  }

  /** Queues an utterance; it plays after everything already queued. */
  say(utterance: Utterance<Tag>): void {
    const signal = this.generation.signal;
    this.pendingSyntheses++;
    this.synthesis = this.synthesis
      .then(() => (signal.aborted ? undefined : this.synthesize(utterance, signal)))
      .catch((error: unknown) => {
        // A sentence that cannot be synthesized is skipped; the transcript still has it.
        this.options.log.warn('speech synthesis failed, sentence skipped', { error: String(error) });
      })
      .finally(() => {
        this.pendingSyntheses--;
        this.settleIfIdle();
      });
  }

  /** Audio is playing or about to (synthesis pending): the caller is talking over the bot if they speak. */
  get speaking(): boolean {
    return this.audio.playing || this.pendingSyntheses > 0;
  }

  /** Whether frames are going out right now (what barge-in is measured against). */
  get playing(): boolean {
    return this.audio.playing;
  }

  /** Stops at once: drops queued audio and pending synthesis. Returns the tags that never started. */
  clear(): Tag[] {
    this.generation.abort();
    this.generation = new AbortController();
    const { dropped } = this.audio.clear();
    this.settleIfIdle();
    return dropped;
  }

  /** Resolves once everything queued has been played, or cleared. */
  whenIdle(): Promise<void> {
    if (!this.speaking) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  latenessStats() {
    return this.audio.latenessStats();
  }

  close(): void {
    this.clear();
    this.audio.close();
    this.settleIfIdle(true);
  }

  private async synthesize(utterance: Utterance<Tag>, signal: AbortSignal): Promise<void> {
    const { tts, request } = utterance.voice();
    const frames = new FrameCutter();
    // The text's length only: the sentence itself may repeat what the caller said.
    const span = startCallSpan(this.options.callId, 'tts.synthesize', {
      'tts.kind': tts.kind,
      'tts.language': request.lang,
      'tts.characters': utterance.text.length,
    });
    const started = performance.now();
    let firstAudio = true;
    try {
      for await (const chunk of tts.synthesize({ ...request, text: utterance.text }, signal)) {
        if (signal.aborted) return;
        if (firstAudio) {
          firstAudio = false;
          const ms = performance.now() - started;
          span.setAttribute('tts.first_audio_ms', ms);
          this.options.onFirstAudio?.(utterance.tag, ms);
        }
        // Frames go out as soon as a chunk arrives: a streaming backend starts playing before it ends.
        const ready = frames.push(chunk);
        if (ready.length > 0) this.audio.enqueue(ready, utterance.tag);
      }
      if (signal.aborted) return;
      const last = frames.flush();
      if (last) this.audio.enqueue([last], utterance.tag);
    } catch (error) {
      failSpan(span, error);
      throw error;
    } finally {
      if (signal.aborted) span.setAttribute('tts.aborted', true);
      span.end();
    }
  }

  private settleIfIdle(force = false): void {
    if (!force && this.speaking) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
