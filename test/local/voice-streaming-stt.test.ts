import { describe, expect, it } from 'vitest';
import { SoftphoneClient } from '../../local/softphone-client';
import { toFrames } from '../../shared/voice/audio';
import { FAKE_STT_KEY, FakeSpeechService } from '../support/fake-speech-service';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { silence, speechSamples } from '../support/speech';
import { closeAfterEach } from '../support/close-after-each';
import { streamFrames } from '../support/stream-frames';

/**
 * A voice call recognised by Azure Speech, streamed: the real Speech SDK against a fake of the service's
 * WebSocket protocol that segments the audio itself and answers from a script. One stream for the whole
 * call; its finals end the caller's turn early, a slow final is cut at recognition_stt_complete_timeout_ms,
 * and only speech with words in it stops the bot.
 */

let host: RunningLocalHost | undefined;
let service: FakeSpeechService | undefined;
let phone: SoftphoneClient | undefined;
const closing = closeAfterEach();

let callId = '';

async function callBot(features: Record<string, unknown>, number: string): Promise<SoftphoneClient> {
  service = closing(await FakeSpeechService.start());
  host = closing(
    await startLocalHost({
      features,
      speech: { stt: { backend: 'azure', azure: { endpoint: service.endpoint, key: FAKE_STT_KEY } } },
    }),
  );
  phone = closing(await SoftphoneClient.connect(host.baseUrl));
  await phone.register(number);
  callId = await phone.dial();
  return phone;
}

/** Says `text`, then stays on the line in silence; the time the caller stopped talking and what the bot heard. */
async function sayThenWait(
  client: SoftphoneClient,
  text: string,
  silenceMs: number,
): Promise<{ heard: string; afterMs: number }> {
  const heard = client.next(
    (e) => e.type === 'transcript' && e.persona === 'human' && e.final === true,
    20_000,
  );
  const spokeUntil = await streamFrames(client, toFrames(await speechSamples(text)));
  const streaming = streamFrames(client, toFrames(silence(silenceMs)));
  const line = await heard;
  const afterMs = performance.now() - spokeUntil;
  await streaming;
  return { heard: String(line.text), afterMs };
}

describe('a voice call on streamed Azure Speech recognition', () => {
  it("ends the caller's turn on the service's final, before the silence window, over one stream per call", async () => {
    const client = await callBot(
      { vad_silence_timeout_ms: 3_000, recognition_stt_complete_timeout_ms: 1_000 },
      '+14255550141',
    );
    await client.next((e) => e.type === 'transcript' && e.persona === 'assistant');
    (service as FakeSpeechService).segmentationSilenceMs = 300;
    service?.script.push({ hypotheses: ['my name'], text: 'My name is John Smith.' });
    const first = await sayThenWait(client, 'My name is John Smith.', 3_500);
    expect(first.heard).toBe('My name is John Smith.');
    // The VAD alone would have waited 3 s of silence; the service's final came ~300 ms after the speech.
    expect(first.afterMs).toBeLessThan(1_500);

    service?.script.push({ text: 'Yes.' });
    const second = await sayThenWait(client, 'Yes.', 2_000);
    expect(second.heard).toBe('Yes.');
    // Both turns, the bot's talk and the silence between them went over one stream.
    expect(service?.turns).toHaveLength(1);
    expect(service?.turns[0]?.audioBytes).toBeGreaterThan(5 * 32_000);
  });

  it('waits at most recognition_stt_complete_timeout_ms for a slow final, then takes the last partial', async () => {
    const client = await callBot({ recognition_stt_complete_timeout_ms: 100 }, '+14255550142');
    await client.next((e) => e.type === 'transcript' && e.persona === 'assistant');
    service?.script.push({
      hypotheses: ['my name is john smith'],
      text: 'My name is John Smith.',
      finalDelayMs: 3_000,
    });
    const { heard, afterMs } = await sayThenWait(client, 'My name is John Smith.', 1_500);
    expect(heard).toBe('my name is john smith');
    // End of turn after the VAD's 500 ms, then at most 100 ms more: not the 3 s the final took.
    expect(afterMs).toBeLessThan(1_400);
  });

  it('waits for the final text when recognition_stt_complete_timeout_ms allows it', async () => {
    const client = await callBot({ recognition_stt_complete_timeout_ms: 5_000 }, '+14255550143');
    await client.next((e) => e.type === 'transcript' && e.persona === 'assistant');
    service?.script.push({
      hypotheses: ['my name is john smith'],
      text: 'My name is John Smith.',
      finalDelayMs: 1_000,
    });
    const { heard, afterMs } = await sayThenWait(client, 'My name is John Smith.', 2_500);
    expect(heard).toBe('My name is John Smith.');
    expect(afterMs).toBeGreaterThan(1_000);
  });

  it('keeps talking through speech with no words in it, and stops for words', async () => {
    const client = await callBot({ vad_cutoff_timeout_ms: 200 }, '+14255550144');
    // The hello is playing: sound over it that the service finds no words in.
    await client.next((e) => e.type === 'transcript' && e.persona === 'assistant');
    service?.script.push({ text: '' });
    const noise = toFrames(await speechSamples('Hmm, hmm.'));
    const framesBefore = client.received.frames;
    await streamFrames(client, [...noise, ...toFrames(silence(1_000))]);
    expect(client.received.stopAudio).toBe(0);
    // It was talking all along.
    expect(client.received.frames - framesBefore).toBeGreaterThan(50);
    expect(host?.voiceCalls.metrics.bargeIns).toHaveLength(0);

    // Speech with words over the bot: it stops once the service has heard them.
    client.say(callId, 'What do you need from me?');
    await client.next((e) => e.type === 'transcript' && e.persona === 'assistant');
    service?.script.push({ hypotheses: ['wait'], text: 'Wait, I have a question.' });
    await streamFrames(client, toFrames(await speechSamples('Wait, I have a question.')));
    expect(client.received.stopAudio).toBeGreaterThan(0);
    expect(host?.voiceCalls.metrics.bargeIns.length).toBeGreaterThan(0);
  });
});
