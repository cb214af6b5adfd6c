import { describe, expect, it } from 'vitest';
import { createTools } from '../../../shared/conversation/tools';
import { makeCall, makeTurn } from './context';

describe('speech_lang', () => {
  it('switches the language of the call and asks the host to switch voice', async () => {
    const call = makeCall();
    const turn = makeTurn(call);
    const outcome = await turn.run(createTools(call), 'speech_lang', { lang: 'fr-FR' });
    expect(outcome).toMatchObject({ ok: true, result: expect.stringMatching(/now in fr-FR \(French\)/) });
    expect(turn.draft.language).toBe('fr-FR');
    expect(turn.actions).toEqual([{ type: 'switch_language', shortCode: 'fr-FR' }]);
    expect(turn.replayOn(turn.original)).toEqual(turn.draft);
  });

  it('does nothing when the call already speaks it', async () => {
    const call = makeCall();
    const turn = makeTurn(call);
    const outcome = await turn.run(createTools(call), 'speech_lang', { lang: 'en-US' });
    expect(outcome.result).toBe('The conversation is already in en-US (English).');
    expect(turn.actions).toEqual([]);
    expect(turn.mutations).toEqual([]);
  });

  it('only offers the languages of the call', async () => {
    const call = makeCall({
      lang: {
        default_short_code: 'fr-FR',
        availables: [
          { short_code: 'fr-FR', voice: 'fr-FR-DeniseNeural' },
          { short_code: 'de-DE', voice: 'de-DE-KatjaNeural', pronunciations_en: ['German'] },
        ],
      },
    });
    const turn = makeTurn(call);
    const tools = createTools(call);
    const refused = await turn.run(tools, 'speech_lang', { lang: 'en-US' });
    expect(refused).toMatchObject({
      ok: false,
      result:
        'speech_lang was not run: lang "en-US" is not an available language; use one of fr-FR, de-DE. Fix and call it again.',
    });
    const missing = await turn.run(tools, 'speech_lang', {});
    expect(missing.result).toBe(
      'speech_lang was not run: lang is missing; use one of fr-FR, de-DE. Fix and call it again.',
    );
    expect(turn.actions).toEqual([]);
    const switched = await turn.run(tools, 'speech_lang', { lang: 'de-DE' });
    expect(switched.result).toMatch(/now in de-DE \(German\)/);
    expect(tools.find((t) => t.name === 'speech_lang')?.description).toMatch(
      /Available: fr-FR, de-DE \(German\)\./,
    );
  });
});
