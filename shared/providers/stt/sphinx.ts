import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Decoder, SoundSwallowerModule } from 'soundswallower';
import { Resampler } from '../../audio/resample';
import { silentLogger, type Logger } from '../../log';
import {
  cleanHypothesis,
  EXTRA_PRONUNCIATIONS,
  GARBAGE_PHONES,
  garbageWord,
  GRAMMAR_ANSWERS,
  grammarFor,
  grammarWords,
  isOutOfGrammar,
} from './grammars';
import {
  SpeechToTextError,
  type ExpectedAnswer,
  type SpeechToText,
  type Utterance,
  type UtteranceOptions,
} from './stt';

/**
 * The embedded recogniser: PocketSphinx compiled to WASM (`soundswallower`), with the BSD-licensed US
 * English 8 kHz telephone model inside the package, and a grammar per question (see `grammars.ts`). It
 * needs no account and no network, so `npm start` can be spoken to.
 *
 * One decoder per process holds the model (the WASM heap: 32 MB, of which the model and its search take
 * most); each utterance holds only its own audio, at 8 kHz (16 KB a second, capped by `maxUtteranceMs`).
 * The decoder serves one utterance at a time:
 * - the first caller to speak gets it and is decoded live, frame by frame (partial results, and the final
 *   text ~1 ms after the end of speech);
 * - another caller speaking meanwhile is buffered; when their turn ends first, they take the decoder (a
 *   final result matters more than a partial) and the first caller's audio is decoded again, from its
 *   buffer, once the decoder is free. Catching up runs at ~30× real time, in slices that give the event
 *   loop back between them so that no call's outbound audio stalls.
 */

export interface EmbeddedRecognizerOptions {
  /** Audio kept per utterance (default 20 s): a spoken answer to one question is short. */
  readonly maxUtteranceMs?: number;
  readonly log?: Logger;
}

/** The model's rate: 8 kHz telephone speech. */
const MODEL_RATE = 8_000;
/** Audio decoded between two yields of the event loop while catching up (~5 ms of work). */
const SLICE_SAMPLES = MODEL_RATE / 5;
/** Partial results are read at most this often (reading one walks the search's back-pointers). */
const PARTIAL_EVERY_SAMPLES = MODEL_RATE / 10;

export class EmbeddedRecognizer implements SpeechToText {
  readonly kind = 'pocketsphinx';
  readonly understands = { answers: GRAMMAR_ANSWERS, langs: ['en'] } as const;
  /** Its final text is ~1 ms away, but a caller queued behind another one waits for the decoder: not bounded. */
  readonly streaming = false;
  private engine: Promise<Engine> | undefined;
  /** The decoder is in an utterance (its owner's, or one abandoned), to stop before the next. */
  private decoding = false;
  private readonly log: Logger;
  private readonly maxSamples: number;
  private readonly queue = new Set<SphinxUtterance>();
  private owner: SphinxUtterance | undefined;
  private running = false;
  private closed = false;

  constructor(options: EmbeddedRecognizerOptions = {}) {
    this.log = options.log ?? silentLogger;
    this.maxSamples = ((options.maxUtteranceMs ?? 20_000) * MODEL_RATE) / 1000;
  }

  /** Loads the model now rather than on the first utterance (~300 ms, once per process). */
  ready(): Promise<void> {
    return this.load().then(() => undefined);
  }

  startUtterance(options: UtteranceOptions): Utterance {
    const english = options.lang.toLowerCase().startsWith('en');
    const utterance = new SphinxUtterance(this, options.expect, english, this.maxSamples);
    if (english && !this.closed) this.queue.add(utterance);
    return utterance;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const utterance of [...this.queue]) utterance.cancel();
    const engine = await this.engine?.catch(() => undefined);
    engine?.decoder.delete();
  }

  /** New audio or a finish: let the decoder catch up. */
  kick(): void {
    if (this.running || this.closed) return;
    this.running = true;
    this.run()
      .catch((error: unknown) => this.log.warn('embedded recogniser failed', { error: String(error) }))
      .finally(() => {
        this.running = false;
      });
  }

  /** The utterance is over (or, `remove` false, loses the decoder to be decoded again). */
  forget(utterance: SphinxUtterance, remove = true): void {
    if (remove) this.queue.delete(utterance);
    if (this.owner === utterance) this.owner = undefined;
  }

  private load(): Promise<Engine> {
    this.engine ??= loadEngine(this.log);
    return this.engine;
  }

  private async run(): Promise<void> {
    let engine: Engine;
    try {
      engine = await this.load();
    } catch (error) {
      const failure = new SpeechToTextError(
        'server',
        `the embedded recogniser could not start: ${String(error)}`,
        {
          cause: error,
        },
      );
      for (const utterance of [...this.queue]) utterance.fail(failure);
      return;
    }
    for (let next = this.next(); next && !this.closed; next = this.next()) {
      let fed: number;
      try {
        if (this.owner !== next) this.claim(engine, next);
        fed = next.feed(engine.decoder, SLICE_SAMPLES);
        if (next.caughtUp && next.finishing) {
          engine.decoder.stop();
          this.decoding = false;
          this.owner = undefined;
          next.done(engine.decoder.get_text());
          continue;
        }
      } catch (error) {
        // One utterance's failure must not stop the others: it fails, the decoder starts afresh.
        this.owner = undefined;
        this.decoding = true;
        next.fail(
          new SpeechToTextError('server', `the embedded recogniser failed: ${String(error)}`, {
            cause: error,
          }),
        );
        continue;
      }
      if (next.caughtUp) return; // live: its next frames kick again
      if (fed > 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Who gets the decoder: a finished turn first (oldest first), then the live owner, then the oldest. */
  private next(): SphinxUtterance | undefined {
    for (const utterance of this.queue) if (utterance.finishing) return utterance;
    if (this.owner) return this.owner.caughtUp ? undefined : this.owner;
    for (const utterance of this.queue) if (!utterance.caughtUp) return utterance;
    return undefined;
  }

  /** Gives the decoder to `utterance`; the previous owner will be decoded again from its buffer. */
  private claim(engine: Engine, utterance: SphinxUtterance): void {
    this.owner?.rewind();
    if (this.decoding) {
      try {
        engine.decoder.stop();
      } catch {
        // Not in an utterance after all (a failed start): nothing to end.
      }
    }
    engine.decoder.set_grammar(engine.grammar(utterance.expect));
    engine.decoder.start();
    this.decoding = true;
    utterance.rewind();
    this.owner = utterance;
  }
}

/** One utterance: its audio at 8 kHz, and how much of it the decoder has seen. */
class SphinxUtterance implements Utterance {
  private readonly resampler = new Resampler(16_000, MODEL_RATE);
  private samples = new Float32Array(MODEL_RATE * 2);
  private length = 0;
  private fed = 0;
  private sinceBackup = 0;
  private lastPartial = '';
  private partialListener: ((text: string) => void) | undefined;
  private result: Promise<string> | undefined;
  private settle: ((text: string) => void) | undefined;
  private reject: ((error: Error) => void) | undefined;
  finishing = false;
  private over = false;

  constructor(
    private readonly recognizer: EmbeddedRecognizer,
    public expect: ExpectedAnswer | undefined,
    private readonly english: boolean,
    private readonly maxSamples: number,
  ) {}

  get caughtUp(): boolean {
    return this.fed >= this.length;
  }

  write(frame: Int16Array): void {
    if (this.over || this.finishing || !this.english) return;
    const narrow = this.resampler.push(frame);
    const take = Math.min(narrow.length, this.maxSamples - this.length);
    if (take <= 0) return;
    if (this.length + take > this.samples.length) {
      const grown = new Float32Array(
        Math.min(this.maxSamples, Math.max(this.samples.length * 2, this.length + take)),
      );
      grown.set(this.samples.subarray(0, this.length));
      this.samples = grown;
    }
    // The decoder takes floats in [-1, 1].
    for (let i = 0; i < take; i++) this.samples[this.length + i] = (narrow[i] ?? 0) / 32768;
    this.length += take;
    this.recognizer.kick();
  }

  onPartial(listener: (text: string) => void): void {
    this.partialListener = listener;
  }

  finish(signal?: AbortSignal): Promise<string> {
    if (this.result) return this.result;
    if (this.over || !this.english || this.length === 0 || signal?.aborted) {
      this.end();
      this.result = Promise.resolve('');
      return this.result;
    }
    this.result = new Promise<string>((resolve, reject) => {
      this.settle = resolve;
      this.reject = reject;
    });
    signal?.addEventListener('abort', () => this.cancel(), { once: true });
    this.finishing = true;
    this.recognizer.kick();
    return this.result;
  }

  cancel(): void {
    this.settle?.('');
    this.end();
  }

  retarget(expect: ExpectedAnswer | undefined): void {
    if (this.over || expect === this.expect) return;
    this.expect = expect;
    // Decoded again from the start with the new grammar, whoever has the decoder.
    this.recognizer.forget(this, false);
    this.rewind();
    this.recognizer.kick();
  }

  /** Decodes up to `max` samples not yet seen; the count decoded. */
  feed(decoder: Decoder, max: number): number {
    const count = Math.min(max, this.length - this.fed);
    if (count <= 0) return 0;
    decoder.process_audio(this.samples.subarray(this.fed, this.fed + count));
    this.fed += count;
    this.sinceBackup += count;
    if (this.partialListener && this.sinceBackup >= PARTIAL_EVERY_SAMPLES && !this.finishing) {
      this.sinceBackup = 0;
      const text = decoder.get_text();
      const partial = isOutOfGrammar(text) ? '' : cleanHypothesis(text);
      if (partial && partial !== this.lastPartial) {
        this.lastPartial = partial;
        this.partialListener(partial);
      }
    }
    return count;
  }

  rewind(): void {
    this.fed = 0;
    this.sinceBackup = 0;
  }

  done(text: string): void {
    // Out of the grammar: "not understood" rather than the phrase the grammar forced it onto.
    this.settle?.(isOutOfGrammar(text) ? '' : cleanHypothesis(text));
    this.end();
  }

  fail(error: Error): void {
    this.reject?.(error);
    this.end();
  }

  private end(): void {
    this.over = true;
    this.finishing = false;
    this.settle = undefined;
    this.reject = undefined;
    this.samples = new Float32Array(0);
    this.length = 0;
    this.fed = 0;
    this.recognizer.forget(this);
  }
}

interface Engine {
  readonly decoder: Decoder;
  grammar(expect: ExpectedAnswer | undefined): string;
}

/** The WASM module, the acoustic model, and a dictionary of the grammars' words only (not 134k words). */
async function loadEngine(log: Logger): Promise<Engine> {
  const started = performance.now();
  const entry = createRequire(__filename).resolve('soundswallower');
  const modelBase = `${join(dirname(entry), 'model')}/`;
  const createModule = (await import('soundswallower')).default;
  const module: SoundSwallowerModule = await createModule({ modelBase } as Partial<SoundSwallowerModule>);
  // No dictionary file: the decoder gets only the words the grammars use, added below.
  const decoder = new module.Decoder({
    dict: join(modelBase, 'none'),
    samprate: MODEL_RATE,
    // A phone line's silence is digital zeros, which the model hears as a digit or a phone: a little
    // noise (dither) keeps the trailing silence silent (measured: "... three eight" without it).
    dither: true,
    loglevel: 'FATAL',
  });
  await decoder.initialize();
  const entries = await dictionaryEntries(join(modelBase, 'en-us', 'dict.txt'), grammarWords());
  decoder.add_words(
    ...entries,
    ...GARBAGE_PHONES.map((phone): [string, string] => [garbageWord(phone), phone]),
  );
  const grammars = new Map<string, string>();
  log.debug('embedded recogniser ready', {
    ms: Math.round(performance.now() - started),
    words: entries.length,
  });
  return {
    decoder,
    grammar(expect) {
      const key = expect ?? 'any';
      let grammar = grammars.get(key);
      if (!grammar) grammars.set(key, (grammar = grammarFor(expect)));
      return grammar;
    },
  };
}

/** The pronunciations of `words` (and their variants, `word(2)`), from the model's dictionary. */
async function dictionaryEntries(path: string, words: ReadonlySet<string>): Promise<[string, string][]> {
  const text = await readFile(path, 'utf8');
  const entries: [string, string][] = [];
  const found = new Set<string>();
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space < 0) continue;
    const word = line.slice(0, space);
    const base = word.replace(/\(\d+\)$/, '');
    if (!words.has(base) || EXTRA_PRONUNCIATIONS[base]) continue;
    entries.push([word, line.slice(space + 1).trim()]);
    found.add(base);
  }
  for (const [word, prons] of Object.entries(EXTRA_PRONUNCIATIONS)) {
    prons.forEach((pron, i) => entries.push([i === 0 ? word : `${word}(${i + 1})`, pron]));
    found.add(word);
  }
  const missing = [...words].filter((word) => !found.has(word));
  if (missing.length > 0) throw new Error(`the recogniser's dictionary lacks ${missing.join(', ')}`);
  return entries;
}
