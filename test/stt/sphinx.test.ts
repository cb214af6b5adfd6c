import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedRecognizer } from '../../shared/providers/stt/sphinx';
import { canUnderstand } from '../../shared/providers/stt/stt';
import { spoken, writeFast } from './support';

/**
 * The embedded recogniser's own promises: it listens for what the question asks, says what it cannot
 * understand (free text, other languages), reports speech outside its grammar as not understood rather
 * than as a grammar phrase, and hears an answer again when the question changes under it.
 */

let stt: EmbeddedRecognizer;
beforeAll(async () => {
  stt = new EmbeddedRecognizer();
  await stt.ready();
});
afterAll(async () => stt?.close());

async function hear(text: string, expect: Parameters<EmbeddedRecognizer['startUtterance']>[0]['expect']) {
  const utterance = stt.startUtterance({ lang: 'en-US', ...(expect ? { expect } : {}) });
  await writeFast(utterance, await spoken(text));
  return utterance.finish();
}

describe('embedded recogniser', () => {
  it('says it cannot take free text or languages other than English', () => {
    expect(canUnderstand(stt, 'free_text', 'en-US')).toBe(false);
    expect(canUnderstand(stt, 'email', 'fr-FR')).toBe(false);
    expect(canUnderstand(stt, 'datetime', 'en-GB')).toBe(true);
  });

  it('reports free speech as not understood rather than as the nearest grammar phrase', async () => {
    expect(await hear('the car hit a tree on the motorway and the bumper is broken', 'free_text')).toBe('');
    expect(await hear('my neighbour saw everything from his window', 'yes_no')).toBe('');
  });

  it("understands the caller's commands whatever the question", async () => {
    expect(await hear('I want to talk to an agent', 'phone_number')).toBe('i want to talk to an agent');
  });

  it('hears an answer again for the new question when the question changes while the caller speaks', async () => {
    const utterance = stt.startUtterance({ lang: 'en-US', expect: 'name' });
    const frames = await spoken('jane dot smith at example dot com');
    await writeFast(utterance, frames.slice(0, 40));
    utterance.retarget?.('email');
    await writeFast(utterance, frames.slice(40));
    expect(await utterance.finish()).toBe('jane dot smith at example dot com');
  });

  it('gives an empty text for a French call (no French grammar)', async () => {
    const utterance = stt.startUtterance({ lang: 'fr-FR', expect: 'yes_no' });
    await writeFast(utterance, await spoken('yes'));
    expect(await utterance.finish()).toBe('');
  });
});
