import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, longText, rms, seconds, sentence, speak, wordCount, type RunningTts } from './support';

/**
 * What the voice loop relies on, from every text-to-speech backend: 16 kHz speech of a sensible length,
 * the speaking rate honoured, blank text as silence, and an abort that stops the audio at once.
 */
describe.each(fixtures)('text-to-speech conformance: $name', (fixture) => {
  let running: RunningTts;
  beforeAll(async () => {
    if (!fixture.unavailable) running = await fixture.start();
  });
  afterAll(async () => {
    await running?.stop();
  });
  const test = it.skipIf(fixture.unavailable !== undefined);
  if (fixture.unavailable) it.skip(`skipped: ${fixture.unavailable}`, () => undefined);

  const request = (text: string, rate?: number) => ({
    text,
    lang: fixture.lang,
    ...(rate === undefined ? {} : { rate }),
  });

  test('says which languages it speaks', () => {
    expect(running.tts.supports(fixture.lang)).toBe(true);
    expect(running.tts.supports('xx-XX')).toBe(false);
  });

  test('speaks a sentence as audible 16 kHz speech of a plausible length', async () => {
    const text = sentence(fixture.lang);
    const { audio } = await speak(running.tts, request(text));
    // People speak 120 to 200 words a minute (0.3 to 0.5 s a word); allow for pauses and slow voices.
    const perWord = seconds(audio) / wordCount(text);
    expect(perWord).toBeGreaterThan(0.2);
    expect(perWord).toBeLessThan(0.8);
    // Not silence: speech is around -20 dBFS (3,000); -40 dBFS (330) would be a whisper.
    expect(rms(audio)).toBeGreaterThan(330);
  });

  test('speaks faster at a higher rate and slower at a lower one', async () => {
    const text = 'Please hold on while I look up your contract in our files.';
    const [slow, normal, fast] = await Promise.all(
      [0.8, 1, 1.25].map(async (rate) => seconds((await speak(running.tts, request(text, rate))).audio)),
    );
    expect(fast).toBeLessThan(normal! * 0.9);
    expect(slow).toBeGreaterThan(normal! * 1.1);
  });

  test.each(['', '   ', ' \n\t '])('says nothing for blank text %j, without an error', async (text) => {
    expect(await speak(running.tts, request(text))).toEqual({ audio: new Int16Array(0), chunks: 0 });
  });

  test('stops at once when aborted in the middle, without an error', async () => {
    const text = longText(fixture.lang, 'abort');
    const controller = new AbortController();
    let abortedAt: number | undefined;
    const abort = () => {
      abortedAt ??= performance.now();
      controller.abort();
    };
    // At the first chunk, or after 30 ms if the first chunk comes later (Flite sends one chunk at the end).
    const timer = setTimeout(abort, 30);
    let received = 0;
    let chunksAfterAbort = 0;
    for await (const chunk of running.tts.synthesize(request(text), controller.signal)) {
      if (abortedAt !== undefined) chunksAfterAbort++;
      received += chunk.length;
      abort();
    }
    clearTimeout(timer);
    expect(abortedAt).toBeDefined();
    expect(performance.now() - abortedAt!).toBeLessThan(150);
    expect(chunksAfterAbort).toBe(0);
    // Far less than the ~40 s the whole text lasts.
    expect(received / 16_000).toBeLessThan((wordCount(text) * 0.2) / 2);
  });

  test('says nothing when already aborted', async () => {
    const signal = AbortSignal.abort();
    expect(await speak(running.tts, request(sentence(fixture.lang)), signal)).toEqual({
      audio: new Int16Array(0),
      chunks: 0,
    });
  });

  test('keeps concurrent sentences apart', async () => {
    const short = 'Thank you.';
    const long = 'Could you please spell your family name for me, letter by letter, slowly?';
    const [shortAudio, longAudio] = await Promise.all([
      speak(running.tts, request(short)),
      speak(running.tts, request(long)),
    ]);
    expect(seconds(shortAudio.audio)).toBeGreaterThan(0.2);
    expect(seconds(longAudio.audio)).toBeGreaterThan(seconds(shortAudio.audio) * 3);
  });

  test('still works after a caller stopped reading early', async () => {
    for await (const chunk of running.tts.synthesize(request(longText(fixture.lang, 'break')))) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    const { audio } = await speak(running.tts, request('Goodbye.'));
    expect(seconds(audio)).toBeGreaterThan(0.2);
  });

  test('refuses to speak once closed', async () => {
    const other = await fixture.start();
    await other.stop();
    await expect(speak(other.tts, request('Hello.'))).rejects.toThrow(/closed/);
  });
});
