import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { concatSamples } from '../../shared/audio/pcm';
import { createLogger } from '../../shared/log';
import {
  OpenAiTranscription,
  type OpenAiTranscriptionOptions,
} from '../../shared/providers/stt/openai-transcription';
import { SpeechToTextError } from '../../shared/providers/stt/stt';
import { eventually } from '../support/eventually';
import {
  startFakeTranscriptionServer,
  type FakeTranscriptionServer,
} from '../support/fake-transcription-server';

/**
 * Speech to text through the real `openai` client against a local server speaking the
 * `/audio/transcriptions` API (multipart upload of a WAV), as OpenAI, Azure OpenAI or whisper.cpp do.
 */

let server: FakeTranscriptionServer;
beforeAll(async () => {
  server = await startFakeTranscriptionServer();
});
afterAll(async () => server?.close());
beforeEach(() => server.reset());

function stt(options: Partial<OpenAiTranscriptionOptions> = {}): OpenAiTranscription {
  return new OpenAiTranscription({
    endpoint: server.baseUrl,
    model: 'whisper-1',
    apiKey: 'sk-test',
    maxRetries: 0,
    ...options,
  });
}

/** `count` frames of 20 ms at 16 kHz: a tone whose samples also count up, so order and cuts show. */
function frames(count: number): Int16Array[] {
  return Array.from({ length: count }, (_, frame) =>
    Int16Array.from({ length: 320 }, (_, i) => Math.round(4000 * Math.sin((frame * 320 + i) / 7)) + frame),
  );
}

function bytesOf(samples: Int16Array | undefined): Buffer {
  return samples ? Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength) : Buffer.alloc(0);
}

async function failureOf(promise: Promise<unknown>): Promise<SpeechToTextError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SpeechToTextError);
  return error as SpeechToTextError;
}

/** Waits until the condition holds (polling, as the server records requests on its own schedule). */
function waitFor(condition: () => boolean): Promise<true> {
  return eventually(async () => condition() || undefined, 2_000, 5);
}

function lastRequest() {
  const request = server.requests.at(-1);
  if (!request) throw new Error('no request');
  return request;
}

describe('OpenAI-compatible transcription', () => {
  it("returns the caller's words, asking for the call's language and the configured model", async () => {
    // whisper.cpp starts its text with a space.
    server.enqueue({ text: ' Je voudrais déclarer un sinistre.' });
    const utterance = stt().startUtterance({ lang: 'fr-FR' });
    for (const frame of frames(40)) utterance.write(frame);
    expect(await utterance.finish()).toBe('Je voudrais déclarer un sinistre.');
    expect(lastRequest()).toMatchObject({
      route: 'openai',
      model: 'whisper-1',
      language: 'fr',
      fileName: 'utterance.wav',
      fileType: 'audio/wav',
    });
    expect(lastRequest().headers.authorization).toBe('Bearer sk-test');
  });

  it('uploads exactly the audio written, as a 16 kHz mono WAV of the same duration', async () => {
    server.enqueue({ text: 'hello' });
    const written = frames(50);
    const utterance = stt().startUtterance({ lang: 'en-US' });
    for (const frame of written) utterance.write(frame);
    await utterance.finish();
    const wav = lastRequest().wav;
    expect(wav).toMatchObject({ sampleRate: 16000, channels: 1, bitsPerSample: 16, durationMs: 1000 });
    expect(bytesOf(wav?.samples).equals(bytesOf(concatSamples(written)))).toBe(true);
  });

  it('lets the model guess the language when the tag has no two-letter code', async () => {
    server.enqueue({ text: 'Magandang araw' });
    const utterance = stt().startUtterance({ lang: 'fil-PH' });
    for (const frame of frames(20)) utterance.write(frame);
    expect(await utterance.finish()).toBe('Magandang araw');
    expect(lastRequest().language).toBeUndefined();
  });

  it('does not send an utterance shorter than 200 ms: a click or a breath has no words', async () => {
    const before = server.requests.length;
    const short = stt().startUtterance({ lang: 'en-US' });
    for (const frame of frames(9)) short.write(frame);
    expect(await short.finish()).toBe('');
    expect(server.requests.length).toBe(before);

    server.enqueue({ text: 'yes' });
    const enough = stt().startUtterance({ lang: 'en-US' });
    for (const frame of frames(10)) enough.write(frame);
    expect(await enough.finish()).toBe('yes');
    expect(server.requests.length).toBe(before + 1);
  });

  it('keeps the first 60 s of a longer utterance, and says so in the log', async () => {
    server.enqueue({ text: 'a very long story' });
    const lines: string[] = [];
    const utterance = stt({ log: createLogger('info', (line) => lines.push(line)) }).startUtterance({
      lang: 'en-US',
    });
    const written = frames(3_100); // 62 s
    for (const frame of written) utterance.write(frame);
    expect(await utterance.finish()).toBe('a very long story');
    const wav = lastRequest().wav;
    expect(wav?.durationMs).toBe(60_000);
    // Compared as bytes: element-wise equality of a million samples takes seconds.
    expect(bytesOf(wav?.samples).equals(bytesOf(concatSamples(written.slice(0, 3_000))))).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/WARN +utterance too long: only its beginning is transcribed max_ms=60000/);
  });

  it("resolves '' promptly when the turn is abandoned mid-request, and hangs up on the server", async () => {
    server.enqueue({ text: 'too late', delayMs: 5_000 });
    const utterance = stt().startUtterance({ lang: 'en-US' });
    for (const frame of frames(25)) utterance.write(frame);
    const abort = new AbortController();
    const before = server.requests.length;
    const result = utterance.finish(abort.signal);
    await waitFor(() => server.requests.length > before);
    const abortedAt = performance.now();
    abort.abort();
    expect(await result).toBe('');
    expect(performance.now() - abortedAt).toBeLessThan(200);
    await waitFor(() => lastRequest().clientAborted);
  });

  it("resolves '' at once when already aborted, and when cancelled or closed while waiting", async () => {
    const before = server.requests.length;
    const aborted = stt().startUtterance({ lang: 'en-US' });
    for (const frame of frames(25)) aborted.write(frame);
    expect(await aborted.finish(AbortSignal.abort())).toBe('');
    expect(server.requests.length).toBe(before);

    server.enqueue({ text: 'never', delayMs: 5_000 }, { text: 'never', delayMs: 5_000 });
    const backend = stt();
    const cancelled = backend.startUtterance({ lang: 'en-US' });
    const closed = backend.startUtterance({ lang: 'en-US' });
    for (const frame of frames(25)) {
      cancelled.write(frame);
      closed.write(frame);
    }
    const results = [cancelled.finish(), closed.finish()];
    await waitFor(() => server.requests.length === before + 2);
    cancelled.cancel();
    expect(await results[0]).toBe('');
    await backend.close();
    expect(await results[1]).toBe('');
  });

  it('names the endpoint and the status when the key is refused, never the key', async () => {
    const guarded = await startFakeTranscriptionServer({ apiKey: 'sk-right' });
    try {
      const utterance = stt({ endpoint: guarded.baseUrl, apiKey: 'sk-wrong-secret' }).startUtterance({
        lang: 'en-US',
      });
      for (const frame of frames(25)) utterance.write(frame);
      const error = await failureOf(utterance.finish());
      expect(error.kind).toBe('unauthorized');
      expect(error.message).toBe(
        `transcription at ${guarded.baseUrl}/audio/transcriptions refused the credentials (401)`,
      );
      // The server's own message quotes the key: it is not passed on.
      expect(guarded.requests[0]?.headers.authorization).toBe('Bearer sk-wrong-secret');
      expect(error.message).not.toContain('sk-wrong-secret');
    } finally {
      await guarded.close();
    }
  });

  it('says what failed on a server error, a rate limit or a refused upload', async () => {
    const attempt = async () => {
      const utterance = stt().startUtterance({ lang: 'en-US' });
      for (const frame of frames(25)) utterance.write(frame);
      return failureOf(utterance.finish());
    };
    server.enqueue({
      failWithStatus: 500,
      errorMessage: 'The server had an error while processing your request.',
    });
    expect(await attempt()).toMatchObject({
      kind: 'server',
      message: `transcription at ${server.baseUrl}/audio/transcriptions failed (500): The server had an error while processing your request.`,
    });
    server.enqueue({ failWithStatus: 429 });
    expect(await attempt()).toMatchObject({ kind: 'rate_limited' });
    server.enqueue({ failWithStatus: 400, errorMessage: 'Audio file is too short.' });
    expect(await attempt()).toMatchObject({
      kind: 'bad_request',
      message: expect.stringMatching(/refused the request \(400\): Audio file is too short\.$/) as unknown,
    });
  });

  it('tries once more after a passing failure, by default', async () => {
    server.enqueue({ failWithStatus: 503, retryAfterMs: 10 }, { text: 'second time lucky' });
    const before = server.requests.length;
    const utterance = stt({ maxRetries: undefined }).startUtterance({ lang: 'en-US' });
    for (const frame of frames(25)) utterance.write(frame);
    expect(await utterance.finish()).toBe('second time lucky');
    expect(server.requests.length).toBe(before + 2);
  });

  it('gives up with a clear error when the endpoint does not answer in time', async () => {
    server.enqueue({ text: 'slow', delayMs: 3_000 });
    const utterance = stt({ timeoutMs: 200 }).startUtterance({ lang: 'en-US' });
    for (const frame of frames(25)) utterance.write(frame);
    const started = performance.now();
    const error = await failureOf(utterance.finish());
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(
      `transcription at ${server.baseUrl}/audio/transcriptions did not answer within 200 ms`,
    );
  });

  it('says so when nothing listens at the endpoint', async () => {
    const gone = await startFakeTranscriptionServer();
    await gone.close();
    const utterance = stt({ endpoint: gone.baseUrl }).startUtterance({ lang: 'en-US' });
    for (const frame of frames(25)) utterance.write(frame);
    const error = await failureOf(utterance.finish());
    expect(error.kind).toBe('connection');
    expect(error.message).toContain(
      `transcription at ${gone.baseUrl}/audio/transcriptions could not be reached`,
    );
  });

  it('calls an Azure OpenAI whisper deployment with its api-key header and api-version', async () => {
    server.enqueue({ text: 'Bonjour' });
    const azure = stt({
      endpoint: `${server.azureEndpoint}/`,
      model: 'whisper',
      apiKey: 'azure-key',
      azureApiVersion: '2024-06-01',
    });
    expect(azure.kind).toBe('azure-openai');
    const utterance = azure.startUtterance({ lang: 'fr-FR' });
    for (const frame of frames(25)) utterance.write(frame);
    expect(await utterance.finish()).toBe('Bonjour');
    const request = lastRequest();
    expect(request).toMatchObject({
      route: 'azure',
      path: '/openai/deployments/whisper/audio/transcriptions',
      deployment: 'whisper',
      apiVersion: '2024-06-01',
      language: 'fr',
    });
    expect(request.headers['api-key']).toBe('azure-key');
    expect(request.headers.authorization).toBeUndefined();
    expect(request.wav?.durationMs).toBe(500);

    server.enqueue({ failWithStatus: 401 });
    const refused = azure.startUtterance({ lang: 'fr-FR' });
    for (const frame of frames(25)) refused.write(frame);
    expect((await failureOf(refused.finish())).message).toBe(
      `transcription at ${server.azureEndpoint}/openai/deployments/whisper/audio/transcriptions refused the credentials (401)`,
    );
  });
});
