/**
 * The hot path of the media wire format (acs-media.ts): an inbound AudioData message read straight from
 * its text, without JSON.parse. Every call sends 50 a second, and parsing builds an object and copies
 * the base64 only to throw both away (JSON.parse alone is ~0.85 µs of the ~1.8 µs a decode cost).
 *
 * It reads only the compact shape ACS and our softphone write: `{"kind":"AudioData","audioData":{...}}`,
 * no whitespace, the fields `data`, `timestamp`, `participantRawID`, `silent` in any order, each once;
 * strings without escapes. Anything else (whitespace, another key, an escape, a duplicate) returns
 * undefined and the message takes the general path (JSON.parse + zod), which decides it: this reader
 * may decline a valid message, never accept one differently. test/voice/acs-media-fast.test.ts checks
 * that on a large fuzzed set.
 */

export interface AudioDataText {
  /** The base64 exactly as written (no escapes: a string with one is declined). */
  readonly data: string;
  readonly timestamp: string | undefined;
  readonly participantRawID: string | undefined;
  readonly silent: boolean;
}

const HEAD = '{"kind":"AudioData","audioData":{';
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const CLOSE = 125;

const DATA = 1;
const TIMESTAMP = 2;
const PARTICIPANT = 4;
const SILENT = 8;
/** Each key with its closing quote and colon, as it follows the opening quote. */
const KEYS: readonly [key: string, bit: number][] = [
  ['data":', DATA],
  ['timestamp":', TIMESTAMP],
  ['participantRawID":', PARTICIPANT],
  ['silent":', SILENT],
];

/** The fields of a compact AudioData message, or undefined when the general path must read it. */
export function readAudioDataText(text: string): AudioDataText | undefined {
  if (!text.startsWith(HEAD)) return undefined;
  let at = HEAD.length;
  let seen = 0;
  let dataStart = 0;
  let dataEnd = 0;
  let timestamp: string | undefined;
  let participantRawID: string | undefined;
  let silent = false;
  for (;;) {
    if (text.charCodeAt(at) !== QUOTE) return undefined;
    at++;
    let bit = 0;
    for (const [key, keyBit] of KEYS) {
      if (text.startsWith(key, at)) {
        bit = keyBit;
        at += key.length;
        break;
      }
    }
    if (bit === 0 || (seen & bit) !== 0) return undefined;
    seen |= bit;
    if (bit === DATA) {
      if (text.charCodeAt(at) !== QUOTE) return undefined;
      dataStart = at + 1;
      dataEnd = text.indexOf('"', dataStart);
      if (dataEnd < 0) return undefined;
      at = dataEnd + 1;
    } else if (bit === SILENT) {
      if (text.startsWith('true', at)) [silent, at] = [true, at + 4];
      else if (text.startsWith('false', at)) at += 5;
      else if (text.startsWith('null', at)) at += 4;
      else return undefined;
    } else {
      const value = nullableString(text, at);
      if (!value) return undefined;
      at = value.end;
      if (bit === TIMESTAMP) timestamp = value.text;
      else participantRawID = value.text;
    }
    const next = text.charCodeAt(at++);
    if (next === COMMA) continue;
    if (next !== CLOSE) return undefined;
    break;
  }
  if (at !== text.length - 1 || text.charCodeAt(at) !== CLOSE || (seen & DATA) === 0) return undefined;
  const data = text.slice(dataStart, dataEnd);
  // An escape would make the value differ from the raw text (indexOf is a fast native scan).
  if (data.includes('\\')) return undefined;
  return { data, timestamp, participantRawID, silent };
}

/**
 * `null` or a JSON string without escapes starting at `at`, and where it ends; undefined for anything
 * else (a control character, which JSON forbids raw, or an escape).
 */
function nullableString(text: string, at: number): { text: string | undefined; end: number } | undefined {
  if (text.startsWith('null', at)) return { text: undefined, end: at + 4 };
  if (text.charCodeAt(at) !== QUOTE) return undefined;
  const end = text.indexOf('"', at + 1);
  if (end < 0) return undefined;
  for (let i = at + 1; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === BACKSLASH) return undefined;
  }
  return { text: text.slice(at + 1, end), end: end + 1 };
}
