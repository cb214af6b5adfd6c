import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/local-host';
import { played, ServerlessVoiceRig, type LiveCall } from '../support/serverless-voice-rig';

/**
 * The language menu on the serverless voice loop (ACS, Web PubSub and the caller's transcription stream
 * are fakes at their protocol boundary): the menu plays first, a key (continuous DTMF callbacks) or the
 * language said (a final transcription) picks, and the hello plays in that language's neural voice while
 * ACS's transcription switches to it.
 */

let rig: ServerlessVoiceRig;
beforeAll(async () => {
  rig = await ServerlessVoiceRig.start({}, { conversation: { language_menu: true } });
});
afterAll(async () => {
  await rig?.close();
});

function ssmlOf(call: LiveCall, n: number): string {
  const body = rig.plays(call)[n - 1]?.body as { playSources: { ssml: { ssmlText: string } }[] };
  return body.playSources[0]?.ssml.ssmlText ?? '';
}

async function hearMenu(call: LiveCall): Promise<void> {
  const menu = await rig.hear(call, 1);
  expect(menu).toContain('To continue in English, press 1.');
  expect(menu).toContain('Pour continuer en français, tapez 2.');
}

const locales = (call: LiveCall) =>
  rig.requestsOf(call, ':updateTranscription').map((r) => (r.body as { locale?: string }).locale);

describe('the language menu on the serverless voice loop', () => {
  it('takes a key: the hello plays in the language picked, and transcription follows it', async () => {
    const call = await rig.connectedCall('+33612000101');
    await hearMenu(call);
    // The caller presses 2 and, at once, 3: the menu's keys are one digit each, so 2 is the whole
    // answer without the 2 s pause that ends other keypad entries (waiting, "23" would be one entry that
    // picks nothing, and the menu would be said again). The 3 goes to the conversation.
    const key = (tone: string) => ({
      type: 'Microsoft.Communication.ContinuousDtmfRecognitionToneReceived',
      data: { tone },
    });
    await rig.callback(call, [key('two'), key('three')]);
    const hello = await eventually(async () => rig.plays(call)[1], 8_000);
    expect(played(hello).text).toMatch(/^Bonjour/);
    expect(ssmlOf(call, 2)).toContain('<voice name="fr-FR-DeniseNeural">');
    expect(locales(call)).toEqual(['fr-FR']);
    const stored = await rig.storedCall(call.callId);
    expect(stored.language).toBe('fr-FR');
    expect(stored.language_menu).toBeNull();
    await call.caller.close();
  });

  it('takes the language said, from the transcription in the default locale', async () => {
    const call = await rig.connectedCall('+33612000102');
    await hearMenu(call);
    await call.caller.say('Spanish, please');
    const hello = await eventually(async () => rig.plays(call)[1]);
    expect(played(hello).text).toMatch(/^Hola/);
    expect(ssmlOf(call, 2)).toContain('<voice name="es-ES-ElviraNeural">');
    expect(locales(call)).toEqual(['es-ES']);
    // The caller's next words go to the model, in Spanish, and are stored; the choice is not.
    await rig.hear(call, 2);
    await call.caller.say('Me llamo Juan Pérez');
    await rig.hear(call, 3);
    const stored = await eventually(async () => {
      const state = await rig.storedCall(call.callId);
      return state.messages.some((m) => m.persona === 'human') ? state : undefined;
    });
    expect(stored.messages.filter((m) => m.persona === 'human').map((m) => m.content)).toEqual([
      'Me llamo Juan Pérez',
    ]);
    await call.caller.close();
  });
});
