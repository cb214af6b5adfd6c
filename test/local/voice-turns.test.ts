import { describe, expect, it } from 'vitest';
import { SoftphoneClient } from '../../local/softphone-client';
import { toFrames } from '../../shared/voice/audio';
import { eventually, startLocalHost, type RunningLocalHost } from '../support/local-host';
import {
  startFakeTranscriptionServer,
  type FakeTranscriptionServer,
} from '../support/fake-transcription-server';
import { silence, speechSamples } from '../support/speech';
import { closeAfterEach } from '../support/close-after-each';
import { streamFrames } from '../support/stream-frames';

/**
 * How the caller's turns reach the bot on a voice call: spoken (VAD → end of turn → transcription),
 * keyed in (DTMF), or not at all (silence prompts, then a goodbye). Real sockets, real VAD and Flite;
 * the transcription endpoint is a local server speaking the OpenAI API.
 */

let host: RunningLocalHost | undefined;
let transcription: FakeTranscriptionServer | undefined;
let phone: SoftphoneClient | undefined;
const closing = closeAfterEach();

async function callBot(overrides: Record<string, unknown>, number: string): Promise<string> {
  host = closing(await startLocalHost(overrides));
  phone = closing(await SoftphoneClient.connect(host.baseUrl));
  await phone.register(number);
  const callId = await phone.dial();
  // The hello, heard to the end.
  await phone.next((e) => e.type === 'transcript' && e.persona === 'assistant');
  return callId;
}

describe('turns on a voice call', () => {
  it('transcribes what the caller says once they stop talking, and answers it', async () => {
    transcription = closing(await startFakeTranscriptionServer());
    transcription.enqueue({ text: 'My name is John Smith.' });
    const callId = await callBot(
      { speech: { stt: { openai: { endpoint: transcription.baseUrl, api_key: 'test-key' } } } },
      '+14255550131',
    );
    const client = phone as SoftphoneClient;
    const speech = toFrames(await speechSamples('My name is John Smith.'));
    await streamFrames(client, [
      ...toFrames(silence(6_000)).slice(0, 20),
      ...speech,
      ...toFrames(silence(800)),
    ]);

    const heard = await client.next((e) => e.type === 'transcript' && e.persona === 'human', 15_000);
    expect(heard.text).toBe('My name is John Smith.');
    const upload = transcription.requests.at(-1);
    expect(upload?.language).toBe('en');
    // The whole utterance went to the transcriber, its first syllable included.
    expect(upload?.wav?.durationMs).toBeGreaterThan((speech.length - 10) * 20);
    await eventually(async () => {
      const call = await host?.app.services.store.get(callId);
      return call?.claim.policyholder_name === 'John Smith' ? true : undefined;
    });
    expect(host?.voiceCalls.metrics.answers.length).toBeGreaterThan(0);
  });

  it('takes keypad digits as one turn when the caller presses #', async () => {
    const callId = await callBot({}, '+14255550132');
    const client = phone as SoftphoneClient;
    for (const digit of ['4', '2', '#']) client.sendDigit(digit);
    const keyed = await client.next((e) => e.type === 'transcript' && e.persona === 'human');
    expect(keyed.text).toBe('42');
    await eventually(async () => {
      const call = await host?.app.services.store.get(callId);
      return call?.messages.some((m) => m.persona === 'human' && m.content === '42') ? true : undefined;
      // Stored once the answer has been played: the caller might still interrupt it.
    }, 20_000);
  });

  it('prompts a silent caller, then says goodbye and hangs up after recognition_retry_max prompts', async () => {
    const callId = await callBot(
      { features: { phone_silence_timeout_sec: 1, recognition_retry_max: 1 } },
      '+14255550133',
    );
    const client = phone as SoftphoneClient;
    let ended = false;
    const end = client
      .next((e) => e.type === 'ended', 30_000)
      .then((event) => {
        ended = true;
        return event;
      });
    const streaming = streamFrames(client, toFrames(silence(25_000)), () => ended);
    const prompt = await client.next((e) => e.type === 'transcript' && e.persona === 'assistant', 15_000);
    expect(String(prompt.text)).toMatch(/still (there|here)/i);
    expect(await end).toMatchObject({ call_id: callId, reason: 'completed' });
    await streaming;
    const call = await host?.app.services.store.get(callId);
    expect(call?.lifecycle).toMatchObject({ state: 'ended' });
  });
});
