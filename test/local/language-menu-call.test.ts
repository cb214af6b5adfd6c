import { describe, expect, it } from 'vitest';
import { SoftphoneClient } from '../../local/softphone-client';
import { toFrames } from '../../shared/voice/audio';
import {
  startFakeTranscriptionServer,
  type FakeTranscriptionServer,
} from '../support/fake-transcription-server';
import { eventually, startLocalHost, type RunningLocalHost } from '../support/local-host';
import { silence, speechSamples } from '../support/speech';
import { closeAfterEach } from '../support/close-after-each';
import { streamFrames } from '../support/stream-frames';

/**
 * The language menu on a local voice call, as the softphone uses it: real sockets, VAD and TTS; the
 * caller picks by keypad (DTMF on the media socket), by typing (the phone socket's `say`), or by voice
 * (transcribed by a local server speaking the OpenAI transcription API).
 */

let host: RunningLocalHost | undefined;
let transcription: FakeTranscriptionServer | undefined;
let phone: SoftphoneClient | undefined;
const closing = closeAfterEach();

/** Dials the bot with the menu on, and waits for the menu. */
async function callBot(number: string, overrides: Record<string, unknown> = {}) {
  host = closing(await startLocalHost({ conversation: { language_menu: true }, ...overrides }));
  phone = closing(await SoftphoneClient.connect(host.baseUrl));
  await phone.register(number);
  const callId = await phone.dial();
  const menu = await phone.next((e) => e.type === 'transcript' && e.persona === 'assistant');
  expect(String(menu.text)).toContain('To continue in English, press 1.');
  expect(String(menu.text)).toContain('Pour continuer en français, tapez 2.');
  return { callId, client: phone };
}

const botSays = (client: SoftphoneClient) =>
  client
    .next((e) => e.type === 'transcript' && e.persona === 'assistant', 15_000)
    .then((e) => String(e.text));

async function language(callId: string): Promise<string | undefined> {
  return (await host?.app.services.store.get(callId))?.language;
}

describe('the language menu on a local voice call', () => {
  it('takes a key pressed on the keypad, then greets in that language', async () => {
    const { callId, client } = await callBot('+14255550141');
    client.sendDigit('2');
    expect(await botSays(client)).toMatch(/^Bonjour/);
    expect(await language(callId)).toBe('fr-FR');
  });

  it('takes one key as the whole answer: the next key is a turn of the conversation', async () => {
    const { callId, client } = await callBot('+14255550144');
    // Pressed together, "23" would be no language at all; the menu takes the 2 alone.
    client.sendDigit('2');
    client.sendDigit('3');
    expect(await botSays(client)).toMatch(/^Bonjour/);
    await eventually(async () => {
      const call = await host?.app.services.store.get(callId);
      return call?.messages.some((m) => m.persona === 'human' && m.content === '3') ? true : undefined;
    }, 15_000);
    expect(await language(callId)).toBe('fr-FR');
  });

  it('takes the language typed in the softphone', async () => {
    const { callId, client } = await callBot('+14255550142');
    client.say(callId, 'Spanish');
    expect(await botSays(client)).toMatch(/^Hola/);
    expect(await language(callId)).toBe('es-ES');
  });

  it('takes the language said aloud, then listens in it', async () => {
    transcription = closing(await startFakeTranscriptionServer());
    transcription.enqueue({ text: 'French, please.' });
    transcription.enqueue({ text: 'Ma voiture a été rayée.' });
    const { callId, client } = await callBot('+14255550143', {
      speech: { stt: { openai: { endpoint: transcription.baseUrl, api_key: 'test-key' } } },
    });
    const speech = toFrames(await speechSamples('French, please.'));
    await streamFrames(client, [...speech, ...toFrames(silence(800))]);
    expect(await botSays(client)).toMatch(/^Bonjour/);
    expect(await language(callId)).toBe('fr-FR');
    // The menu was heard in the call's default language; the next turn is transcribed in French.
    expect(transcription.requests[0]?.language).toBe('en');
    await streamFrames(client, [...speech, ...toFrames(silence(800))]);
    await eventually(async () => (transcription!.requests.length >= 2 ? true : undefined));
    expect(transcription.requests[1]?.language).toBe('fr');
  });
});
