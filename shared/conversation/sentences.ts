/**
 * Streaming sentence splitter for text-to-speech.
 *
 * The LLM streams its answer token by token; the voice loop hands each completed sentence to TTS so the
 * caller hears the first words while the rest is still being generated. A sentence is a unit that TTS can
 * say with a final intonation, so the splitter is biased towards NOT splitting when in doubt: a missed
 * split only makes one chunk longer, a wrong split ("Dr." / "Smith will call you") is audible as a pause
 * with a falling tone in the middle of a phrase.
 *
 * How it works: text is appended to a buffer holding the current, unfinished sentence. The buffer is
 * scanned for candidate ends (a run of . ! ? … 。！？, or a line break). Each candidate is decided by
 * `decideAt`, which only reads the characters it needs and answers `wait` when they have not arrived yet.
 * Because every decision depends only on the current sentence and a bounded look-ahead that is already in
 * the buffer, the result is the same however the text is cut into fragments: `splitSentences(text)` is
 * literally "push everything, then flush". The rules themselves (which marks, abbreviations, ordinals,
 * CJK) and their known limits are in sentence-ends.ts.
 *
 * Emitted sentences have their whitespace collapsed to single spaces and are trimmed.
 */
import { decideAt } from './sentence-ends';

export interface SentenceSplitterOptions {
  /**
   * Sentences shorter than this many characters (after whitespace normalisation, punctuation included)
   * are not emitted alone but glued to the next one. Default 2: only single characters (a stray "A" or
   * "1" on its own line) are glued. Short replies such as "Ok.", "Sí." or "好。" are emitted alone on
   * purpose: a quick acknowledgement spoken while the LLM is still generating is the point of streaming.
   * Raise it (e.g. 20) to trade first-audio latency for fewer, smoother TTS chunks.
   */
  minLength?: number;
}

const SPEAKABLE = /[\p{L}\p{N}]/u;

export class SentenceSplitter {
  private readonly minLength: number;
  /** Text of the current, not yet emitted sentence (and whatever follows it). */
  private buffer = '';
  /** Candidates before this index are already known not to end a sentence. */
  private scanFrom = 0;

  constructor(options: SentenceSplitterOptions = {}) {
    const minLength = options.minLength ?? 2;
    if (!Number.isInteger(minLength) || minLength < 0) {
      throw new RangeError(`minLength must be a non-negative integer, got ${minLength}`);
    }
    this.minLength = minLength;
  }

  /** Feed a streamed fragment; returns the sentences completed by it (possibly none), in order. */
  push(fragment: string): string[] {
    this.buffer += fragment;
    return this.drain(false);
  }

  /** End of stream: returns what is left (trimmed), if anything. The splitter can then be reused. */
  flush(): string[] {
    const sentences = this.drain(true);
    const rest = normalise(this.buffer);
    this.buffer = '';
    this.scanFrom = 0;
    if (rest !== '') sentences.push(rest);
    return sentences;
  }

  private drain(final: boolean): string[] {
    const sentences: string[] = [];
    let i = this.scanFrom;
    while (i < this.buffer.length) {
      const decision = decideAt(this.buffer, i, final);
      if (decision.kind === 'wait') break;
      if (decision.kind === 'continue') {
        i = decision.next;
        continue;
      }
      const sentence = normalise(this.buffer.slice(0, decision.end));
      if (sentence !== '' && !this.speakable(sentence)) {
        // Too short to be said alone: keep it and let it start the next sentence.
        i = decision.end;
        continue;
      }
      if (sentence !== '') sentences.push(sentence);
      this.buffer = this.buffer.slice(decision.end);
      i = 0;
    }
    this.scanFrom = i;
    return sentences;
  }

  private speakable(sentence: string): boolean {
    // A fragment without any letter or digit ("...", "—", an emoji) has nothing to say on its own.
    return [...sentence].length >= this.minLength && SPEAKABLE.test(sentence);
  }
}

/** Splits a whole text: the same as pushing it in one fragment and flushing. */
export function splitSentences(text: string): string[] {
  const splitter = new SentenceSplitter();
  return [...splitter.push(text), ...splitter.flush()];
}

/** Collapses whitespace runs (including no-break spaces of French typography) and trims the ends. */
function normalise(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}
