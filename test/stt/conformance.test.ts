import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canUnderstand } from '../../shared/providers/stt/stt';
import { fixtures, spoken, writeFast, type RunningStt } from './support';

/**
 * What the voice session relies on, from every speech-to-text backend: the words of an utterance as
 * its final text, each utterance its own even when callers speak at once, partial results that are
 * a beginning of the final text, and '' (never a stale text or a hang) once an utterance is cancelled,
 * aborted, or the backend closed.
 */
describe.each(fixtures)('speech-to-text conformance: $name', (fixture) => {
  let running: RunningStt;
  beforeAll(async () => {
    running = await fixture.start();
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('understands yes or no in English', () => {
    expect(canUnderstand(running.stt, 'yes_no', 'en-US')).toBe(true);
  });

  it('gives the words of an utterance once it is finished', async () => {
    const text = 'plus one four two five five five zero one two three';
    running.willHear(text);
    const utterance = running.stt.startUtterance({ lang: 'en-US', expect: 'phone_number' });
    await writeFast(utterance, await spoken(text));
    expect(await utterance.finish()).toBe(text);
  });

  it('keeps the utterances of two callers speaking at once apart', async () => {
    const [yes, no] = [await spoken('yes'), await spoken('no thanks')];
    const first = running.stt.startUtterance({ lang: 'en-US', expect: 'yes_no' });
    running.willHear('yes');
    const second = running.stt.startUtterance({ lang: 'en-US', expect: 'yes_no' });
    running.willHear('no thanks');
    // Interleaved, frame by frame; the second caller stops first.
    for (let i = 0; i < Math.max(yes.length, no.length); i++) {
      const [a, b] = [yes[i], no[i]];
      if (a) first.write(a);
      if (b) second.write(b);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const [one, two] = await Promise.all([first.finish(), second.finish()]);
    expect({ one, two }).toEqual({ one: 'yes', two: 'no thanks' });
  });

  it('reports partial results while the caller speaks (streaming backends)', async () => {
    const text = 'john dot doe at example dot com';
    running.willHear(text);
    const utterance = running.stt.startUtterance({ lang: 'en-US', expect: 'email' });
    const partials: string[] = [];
    utterance.onPartial((partial) => partials.push(partial));
    await writeFast(utterance, await spoken(text));
    const final = await utterance.finish();
    expect(final).toBe(text);
    if (!fixture.streams) return;
    // Hypotheses change as more is heard (a grammar decoder's best path need not end the grammar), but
    // they are about this speech: some of them begin the final text.
    expect(partials.some((partial) => text.startsWith(partial))).toBe(true);
  });

  it('resolves a finish to an empty text once the utterance is cancelled', async () => {
    const utterance = running.stt.startUtterance({ lang: 'en-US' });
    await writeFast(utterance, (await spoken('yes')).slice(0, 20));
    const finished = utterance.finish();
    utterance.cancel();
    expect(await finished).toBe('');
  });

  it('resolves to an empty text at once when the signal is already aborted', async () => {
    const utterance = running.stt.startUtterance({ lang: 'en-US' });
    await writeFast(utterance, (await spoken('yes')).slice(0, 20));
    expect(await utterance.finish(AbortSignal.abort())).toBe('');
  });
});

describe.each(fixtures)('speech-to-text conformance on close: $name', (fixture) => {
  it('abandons the utterances in progress when closed', async () => {
    const running = await fixture.start();
    try {
      running.willHear('yes');
      const utterance = running.stt.startUtterance({ lang: 'en-US' });
      await writeFast(utterance, (await spoken('yes')).slice(0, 20));
      await running.stt.close();
      expect(await utterance.finish()).toBe('');
    } finally {
      await running.stop();
    }
  });
});
