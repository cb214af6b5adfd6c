import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { concatSamples } from '../../shared/audio/pcm';
import { AzureSpeechTts, type AzureSpeechTtsOptions } from '../../shared/providers/tts/azure-speech';
import { FAKE_SPEECH_KEY, FakeAzureSpeech } from '../support/fake-azure-speech';
import { speak } from './support';

describe('Azure Speech', () => {
  let fake: FakeAzureSpeech;
  let azure: AzureSpeechTts;
  const start = (options: Partial<AzureSpeechTtsOptions> = {}) => {
    azure = new AzureSpeechTts({
      key: FAKE_SPEECH_KEY,
      retryDelayMs: 10,
      ...options,
      endpoint: options.endpoint ?? fake.url,
    });
    return azure;
  };
  beforeEach(async () => {
    fake = await FakeAzureSpeech.start();
    start();
  });
  afterEach(async () => {
    await azure.close();
    await fake.close();
  });

  describe('SSML', () => {
    it("says the sentence in the language's default voice, at the normal rate, with no style", async () => {
      await speak(azure, { text: 'Bonjour, comment puis-je vous aider ?', lang: 'fr-FR' });
      expect(fake.requests).toEqual([
        expect.objectContaining({
          lang: 'fr-FR',
          voice: 'fr-FR-DeniseNeural',
          style: undefined,
          rate: undefined,
          text: 'Bonjour, comment puis-je vous aider ?',
        }),
      ]);
      expect(fake.requests[0]!.ssml).toBe(
        '<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" ' +
          'xmlns:mstts="https://www.w3.org/2001/mstts" xml:lang="fr-FR">' +
          '<voice name="fr-FR-DeniseNeural">Bonjour, comment puis-je vous aider ?</voice></speak>',
      );
    });

    it('says it with the style and rate of the call', async () => {
      await speak(azure, { text: 'Great news!', lang: 'en-US', style: 'cheerful', rate: 1.1 });
      await speak(azure, { text: 'I am sorry.', lang: 'en-US', style: 'sad', rate: 0.8 });
      await speak(azure, { text: 'Noted.', lang: 'en-US', style: 'none', rate: 1 });
      expect(fake.requests.map(({ style, rate }) => ({ style, rate }))).toEqual([
        { style: 'cheerful', rate: '+10%' },
        { style: 'sad', rate: '-20%' },
        { style: undefined, rate: undefined },
      ]);
    });

    it("uses the request's voice, else the configured one, else one of the same language", async () => {
      start({ voices: { 'fr-FR': 'fr-FR-HenriNeural' } });
      await speak(azure, { text: 'Un.', lang: 'fr-FR' });
      await speak(azure, { text: 'Deux.', lang: 'fr-FR', voice: 'fr-FR-VivienneMultilingualNeural' });
      await speak(azure, { text: 'Trois.', lang: 'fr-CA' });
      expect(fake.requests.map((request) => [request.lang, request.voice])).toEqual([
        ['fr-FR', 'fr-FR-HenriNeural'],
        ['fr-FR', 'fr-FR-VivienneMultilingualNeural'],
        ['fr-CA', 'fr-FR-HenriNeural'],
      ]);
      expect(azure.supports('fr-CA')).toBe(true);
      expect(azure.supports('ja-JP')).toBe(false);
      await expect(speak(azure, { text: 'こんにちは', lang: 'ja-JP' })).rejects.toThrow(
        'Azure Speech: no voice configured for ja-JP',
      );
    });

    it('reads markup, ampersands and quotes in the text as text', async () => {
      const text = `<script>alert("x")</script> R&D's <break time="3s"/> &amp; 5 > 3 \u0001`;
      const { audio } = await speak(azure, { text, lang: 'en-US', voice: 'en-US-Ava"><evil' });
      expect(audio.length).toBeGreaterThan(0); // the service accepted the SSML
      expect(fake.requests[0]).toMatchObject({
        text: text.replace('\u0001', ' '),
        voice: 'en-US-Ava"><evil',
      });
    });
  });

  describe('the request', () => {
    it('carries the key and the headers the service requires', async () => {
      await speak(azure, { text: 'Hello.', lang: 'en-US' });
      expect(fake.requests[0]!.headers).toMatchObject({
        'ocp-apim-subscription-key': FAKE_SPEECH_KEY,
        'content-type': 'application/ssml+xml',
        'x-microsoft-outputformat': 'raw-16khz-16bit-mono-pcm',
        'user-agent': 'call-center-ai',
      });
    });

    it('carries a bearer token from the token provider instead of a key', async () => {
      await fake.close();
      fake = await FakeAzureSpeech.start({ token: 'aad#resource#token-1' });
      let asked = 0;
      start({ key: undefined, token: async () => (asked++, 'aad#resource#token-1') });
      await speak(azure, { text: 'Hello.', lang: 'en-US' });
      await speak(azure, { text: 'Again.', lang: 'en-US' });
      expect(asked).toBe(2); // asked each time: the provider caches and refreshes
      expect(fake.requests[1]!.headers.authorization).toBe('Bearer aad#resource#token-1');
    });

    it('builds the regional endpoint from the region', () => {
      expect(() => new AzureSpeechTts({ key: 'k' })).toThrow('give a region or an endpoint');
      expect(() => new AzureSpeechTts({ region: 'westeurope' })).toThrow('give either key or token');
      expect(new AzureSpeechTts({ key: 'k', region: 'westeurope' }).supports('en-US')).toBe(true);
    });
  });

  describe('streaming', () => {
    it('hands over the first audio while the service is still sending', async () => {
      fake.holdLastChunk = true;
      const iterator = azure.synthesize({ text: 'A sentence of eight words to be spoken.', lang: 'en-US' });
      const chunks: Int16Array[] = [];
      const started = performance.now();
      for await (const chunk of iterator) {
        if (chunks.length === 0) {
          const firstChunkMs = performance.now() - started;
          expect(firstChunkMs).toBeLessThan(500);
          expect(fake.completed).toBe(0); // the service has not sent its last chunk yet
          setTimeout(() => fake.releaseLastChunk(), 50);
        }
        chunks.push(chunk);
      }
      expect(chunks.length).toBeGreaterThan(2);
      // Chunks were cut in the middle of samples: the audio is still exactly what was sent.
      expect(concatSamples(chunks)).toEqual(fake.sent[0]);
    });

    it('closes the connection when aborted, or when the caller stops reading', async () => {
      fake.chunkDelayMs = 100;
      const controller = new AbortController();
      for await (const _ of azure.synthesize(
        { text: 'one two three four', lang: 'en-US' },
        controller.signal,
      )) {
        controller.abort();
      }
      for await (const _ of azure.synthesize({ text: 'five six seven eight', lang: 'en-US' })) break;
      await expect.poll(() => fake.disconnected).toBe(2);
      expect(fake.completed).toBe(0);
    });

    it('stops quietly when aborted while waiting to retry', async () => {
      fake.failures.push({ status: 503 });
      start({ retryDelayMs: 5_000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = performance.now();
      expect(await speak(azure, { text: 'Hello.', lang: 'en-US' }, controller.signal)).toEqual({
        audio: new Int16Array(0),
        chunks: 0,
      });
      expect(performance.now() - started).toBeLessThan(1_000);
    });
  });

  describe('failures', () => {
    it('says when the key is refused, without retrying', async () => {
      start({ key: 'wrong-key' });
      await expect(speak(azure, { text: 'Hello.', lang: 'en-US' })).rejects.toThrow(
        /^Azure Speech refused the key \(401\): check the Speech resource's key .*invalid subscription key/,
      );
    });

    it("gives the service's reason for a bad request", async () => {
      fake.failures.push({ status: 400, body: 'The voice name en-US-Nobody is not supported.' });
      await expect(speak(azure, { text: 'Hello.', lang: 'en-US', voice: 'en-US-Nobody' })).rejects.toThrow(
        'Azure Speech refused the request (400): The voice name en-US-Nobody is not supported.',
      );
      expect(fake.requests).toHaveLength(1);
    });

    it('retries throttling and server errors before the first audio, twice', async () => {
      fake.failures.push({ status: 429 }, { status: 503 });
      const { audio } = await speak(azure, { text: 'Hello there.', lang: 'en-US' });
      expect(audio.length).toBeGreaterThan(0);
      expect(fake.requests).toHaveLength(3);

      fake.failures.push({ status: 500 }, { status: 502 }, { status: 503, body: 'Service Unavailable' });
      await expect(speak(azure, { text: 'Hello again.', lang: 'en-US' })).rejects.toThrow(
        'Azure Speech failed after 3 attempts (503: Service Unavailable)',
      );
      expect(fake.requests).toHaveLength(6);
    });

    it('says when the service cannot be reached', async () => {
      const url = fake.url;
      await fake.close();
      start({ endpoint: url });
      await expect(speak(azure, { text: 'Hello.', lang: 'en-US' })).rejects.toThrow(
        /^Azure Speech failed after 3 attempts \(fetch failed: .*ECONNREFUSED/,
      );
      fake = await FakeAzureSpeech.start();
    });

    it('gives up on a service that does not answer, or stops sending', async () => {
      start({ timeoutMs: 200 });
      fake.failures.push('hang');
      await expect(speak(azure, { text: 'Hello.', lang: 'en-US' })).rejects.toThrow(
        'Azure Speech did not answer within 200 ms',
      );
      fake.failures.push('stall');
      await expect(speak(azure, { text: 'Hello.', lang: 'en-US' })).rejects.toThrow(
        'Azure Speech stopped sending audio for 200 ms',
      );
    });

    it('reports a connection lost in the middle of the audio, without retrying', async () => {
      fake.failures.push('drop');
      const chunks: Int16Array[] = [];
      await expect(async () => {
        for await (const chunk of azure.synthesize({ text: 'one two three four five', lang: 'en-US' })) {
          chunks.push(chunk);
        }
      }).rejects.toThrow(/^Azure Speech broke off after \d+ bytes of audio/);
      expect(chunks.length).toBeGreaterThan(0); // what came was played; a retry would repeat it
      expect(fake.requests).toHaveLength(1);
    });
  });
});
