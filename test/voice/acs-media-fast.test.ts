import { describe, expect, it } from 'vitest';
import { readAudioDataText } from '../../shared/voice/acs-audio-data';
import {
  decodeMediaMessage,
  decodeMediaMessageWithSchemas,
  encodeInboundAudio,
  MAX_MEDIA_MESSAGE_CHARS,
  type Decoded,
  type MediaMessage,
} from '../../shared/voice/acs-media';

/**
 * The AudioData fast path (acs-audio-data.ts) against the general path it shortcuts (JSON.parse + zod):
 * for every message, well formed or not, `decodeMediaMessage` must give exactly what
 * `decodeMediaMessageWithSchemas` gives, the refusal's wording included. Messages come from a seeded
 * generator (the same set on every run): well-formed ones with every field variant, then structural
 * variants, then random byte-level mutations of both.
 */

/** mulberry32: a small seeded generator, so that a failure can be reproduced. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const rand = random(20261206);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;

/** Random bytes, cut from one pool (making each anew would take most of the test's time). */
const POOL = Buffer.from(Array.from({ length: 1 << 16 }, () => int(256)));
function bytes(length: number): Buffer {
  const start = int(POOL.length - length);
  return POOL.subarray(start, start + length);
}

/** Strings JSON and base64 might trip on. */
const AWKWARD = [
  '',
  'a"b',
  'back\\slash',
  'tab\there',
  'nul\u0000',
  'é€😀',
  '\ud800',
  '8:acs:x-y',
  'null',
  '4:+14255550123',
];

/** A value for an AudioData field: right types, wrong types, valid and broken base64. */
function fieldValue(): string {
  return pick([
    () => JSON.stringify(bytes(int(700)).toString('base64')),
    () => JSON.stringify(bytes(2 * int(350)).toString('base64')),
    () => JSON.stringify(bytes(int(30)).toString('base64').slice(0, int(40))),
    () => JSON.stringify(bytes(int(30)).toString('base64url')),
    () => JSON.stringify(pick(AWKWARD)),
    () => `"${pick(AWKWARD)}"`,
    () =>
      `"${bytes(64)
        .toString('base64')
        .replace(/A/g, pick(['\\n', '\n', '\\/', ' ', '=', '\u0001', '"']))}"`,
    () => pick(['null', 'true', 'false', '0', '12', '-1.5e3', '{}', '[]', '{"a":1}', '["x"]']),
  ])();
}

const FIELDS = ['data', 'timestamp', 'participantRawID', 'silent'];

/** AudioData built field by field: any order, sometimes missing, duplicated, extra or spaced. */
function structured(): string {
  const keys = FIELDS.filter(() => rand() < 0.85).sort(() => rand() - 0.5);
  if (rand() < 0.1) keys.push(pick(FIELDS));
  if (rand() < 0.1) keys.push(pick(['extra', 'Data', 'kind', '__proto__']));
  const space = () => (rand() < 0.05 ? pick([' ', '\n', '\t']) : '');
  const body = keys.map((key) => `${space()}"${key}"${space()}:${space()}${fieldValue()}`).join(',');
  const kind = rand() < 0.9 ? '"AudioData"' : pick(['"audioData"', '"AudioData "', '"DtmfData"', '1']);
  const audio = rand() < 0.95 ? `{${body}}` : pick(['null', '[]', '"x"', '1']);
  const order = rand() < 0.9 ? `"kind":${kind},"audioData":${audio}` : `"audioData":${audio},"kind":${kind}`;
  return `{${order}${rand() < 0.05 ? ',"extra":1' : ''}}${rand() < 0.03 ? pick([' ', 'x', '}']) : ''}`;
}

/** What ACS and our softphone send. */
function wellFormed(): string {
  return encodeInboundAudio(bytes(rand() < 0.8 ? 640 : int(1000)), {
    ...(rand() < 0.5 ? { participant: pick(AWKWARD) } : {}),
    ...(rand() < 0.5 ? { timestamp: pick([new Date(int(2 ** 40)).toISOString(), ...AWKWARD]) } : {}),
    silent: rand() < 0.3,
  });
}

/** One random edit: a character changed, inserted, removed, or the text cut short. */
function mutate(text: string): string {
  const at = int(text.length + 1);
  const char = pick(['"', '\\', ',', '}', '{', ':', ' ', '\u0000', 'A', '=', 'n', '1', '\u00e9']);
  switch (int(4)) {
    case 0:
      return text.slice(0, at) + char + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + char + text.slice(at);
    case 2:
      return text.slice(0, at) + text.slice(at + 1);
    default:
      return text.slice(0, at);
  }
}

/** Whether two results are the same: same refusal, or same message with the same audio. */
function same(a: Decoded<MediaMessage>, b: Decoded<MediaMessage>): boolean {
  if (!a.ok || !b.ok) return !a.ok && !b.ok && a.error === b.error;
  const [x, y] = [a.message, b.message];
  if (x.kind !== 'audio' || y.kind !== 'audio') return JSON.stringify(x) === JSON.stringify(y);
  return (
    x.pcm.equals(y.pcm) &&
    x.timestamp === y.timestamp &&
    x.participant === y.participant &&
    x.silent === y.silent &&
    Object.keys(x).join() === Object.keys(y).join()
  );
}

/** A result for a failure message: the audio as its length (JSON.stringify turns Buffers into arrays). */
const show = (result: Decoded<MediaMessage>) =>
  JSON.stringify(
    result.ok && result.message.kind === 'audio'
      ? { ...result.message, pcm: `${result.message.pcm.length} bytes` }
      : result,
  );

describe('AudioData fast path', () => {
  it('gives exactly what the JSON.parse + zod path gives, on 300,000 generated messages', () => {
    const mismatches: string[] = [];
    let readByFastPath = 0;
    let accepted = 0;
    const check = (text: string) => {
      if (readAudioDataText(text)) readByFastPath++;
      const fast = decodeMediaMessage(text);
      const reference = decodeMediaMessageWithSchemas(text);
      if (fast.ok) accepted++;
      if (!same(fast, reference) && mismatches.length < 5)
        mismatches.push(`${JSON.stringify(text)}\n  fast: ${show(fast)}\n  ref:  ${show(reference)}`);
    };
    for (let i = 0; i < 50_000; i++) {
      const good = wellFormed();
      const shaped = structured();
      check(good);
      check(shaped);
      let mutated = good;
      for (let edits = 1 + int(3); edits > 0; edits--) mutated = mutate(mutated);
      check(mutated);
      check(mutate(shaped));
      check(mutate(good));
      check(i % 2 === 0 ? mutate(mutate(shaped)) : good.replace('"AudioData"', '"AudioData" '));
    }
    expect(mismatches).toEqual([]);
    // Not a vacuous comparison: the fast path read a good share, and both paths accepted and refused.
    expect(readByFastPath).toBeGreaterThan(50_000);
    expect(accepted).toBeGreaterThan(60_000);
    expect(accepted).toBeLessThan(240_000);
  }, 120_000); // ~5 s on a quiet machine, 15–30 s on a busy one

  it('takes the fast path for what ACS and the softphone send, and still refuses what is over the size limit', () => {
    const frame = encodeInboundAudio(bytes(640), { participant: '4:+14255550123', silent: false });
    expect(readAudioDataText(frame)).toMatchObject({ participantRawID: '4:+14255550123', silent: false });
    const huge = encodeInboundAudio(bytes(MAX_MEDIA_MESSAGE_CHARS));
    expect(readAudioDataText(huge)).toBeDefined();
    expect(decodeMediaMessage(huge)).toEqual({
      ok: false,
      error: expect.stringMatching(/over the 65536 limit/),
    });
  });
});
