import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeMediaMessage,
  decodePlaybackMessage,
  encodeAudio,
  encodeDtmf,
  encodeInboundAudio,
  encodeMetadata,
  encodeStopAudio,
  MAX_MEDIA_MESSAGE_CHARS,
  type MediaMessage,
} from '../../shared/voice/acs-media';

/**
 * The ACS media streaming wire format, on messages shaped as ACS sends them (test/fixtures/acs-media,
 * after the examples of the audio streaming and real-time transcription quickstarts), round trips
 * through our encoders, and every message we refuse.
 */

function fixture(name: string): string {
  return readFileSync(join(__dirname, '../fixtures/acs-media', `${name}.json`), 'utf8');
}

function decoded(text: string): MediaMessage {
  const result = decodeMediaMessage(text);
  if (!result.ok) throw new Error(`refused: ${result.error}`);
  return result.message;
}

function refusal(text: string | Uint8Array): string {
  const result = decodeMediaMessage(text);
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.message)}`);
  return result.error;
}

/** 20 ms of a 440 Hz tone at 16 kHz, as our frames are. */
function toneFrame(): Int16Array {
  return Int16Array.from({ length: 320 }, (_, i) =>
    Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 16000)),
  );
}

function samplesOf(pcm: Buffer): Int16Array {
  return new Int16Array(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength));
}

describe('ACS media messages from ACS', () => {
  it('reads the stream format from AudioMetadata', () => {
    expect(decoded(fixture('audio-metadata'))).toEqual({
      kind: 'metadata',
      subscriptionId: '89e8cb59-b991-48b0-b154-1db84f16a077',
      encoding: 'PCM',
      sampleRate: 16000,
      channels: 1,
      frameBytes: 640,
    });
  });

  it('reads a caller audio frame with who is speaking and when', () => {
    const message = decoded(fixture('audio-data'));
    expect(message).toMatchObject({
      kind: 'audio',
      timestamp: '2025-03-12T09:41:09.220Z',
      participant: '4:+14255550123',
      silent: false,
    });
    if (message.kind !== 'audio') throw new Error('not audio');
    expect(message.pcm.length).toBe(640);
    const samples = samplesOf(message.pcm);
    expect(Math.max(...samples.map(Math.abs))).toBeGreaterThan(5000); // someone is talking
  });

  it('reads a silent frame as silent, and its samples as zeros', () => {
    const message = decoded(fixture('audio-data-silent'));
    expect(message).toMatchObject({ kind: 'audio', silent: true, participant: '4:+14255550123' });
    if (message.kind !== 'audio') throw new Error('not audio');
    expect(samplesOf(message.pcm).every((sample) => sample === 0)).toBe(true);
  });

  it('reads a frame of a mixed stream, which names no participant', () => {
    expect(decoded(fixture('audio-data-mixed'))).toMatchObject({
      kind: 'audio',
      participant: undefined,
      timestamp: '2025-03-12T09:41:09.260Z',
      silent: false,
    });
  });

  it('reads a key pressed on the phone', () => {
    expect(decoded(fixture('dtmf'))).toEqual({ kind: 'dtmf', digit: '5' });
  });

  it("reads ACS's own transcription, partial then final", () => {
    expect(decoded(fixture('transcription-intermediate'))).toEqual({
      kind: 'transcription',
      text: 'je voudrais déclarer',
      final: false,
      confidence: 0.71,
      participant: '4:+33612345678',
      // ACS times speech in 100-ns ticks: the serverless loop's barge-in reads how long the caller spoke.
      offsetMs: 2516998782481234400 / 10_000,
      durationMs: 980,
    });
    expect(decoded(fixture('transcription-final'))).toEqual({
      kind: 'transcription',
      text: 'Je voudrais déclarer un sinistre.',
      final: true,
      confidence: 0.695223331451416,
      participant: '4:+33612345678',
      offsetMs: 2516998782481234400 / 10_000,
      durationMs: 1_760,
    });
  });

  it('passes over TranscriptionMetadata and kinds ACS may add later, without an error', () => {
    expect(decoded(fixture('transcription-metadata'))).toEqual({
      kind: 'ignored',
      reason: 'TranscriptionMetadata is not used',
    });
    expect(decoded('{"kind":"SentimentData","sentimentData":{}}')).toEqual({
      kind: 'ignored',
      reason: 'unknown kind "SentimentData"',
    });
  });

  it('reads 24 kHz streams and metadata without a length, and a message given as bytes', () => {
    expect(
      decoded(
        '{"kind":"AudioMetadata","audioMetadata":{"subscriptionId":"s","encoding":"pcm","sampleRate":24000,"channels":1}}',
      ),
    ).toMatchObject({ sampleRate: 24000, frameBytes: 960, encoding: 'PCM' });
    // Narrowband clients (a telephony gateway) send 8 kHz; the voice loop resamples it.
    expect(
      decoded(
        '{"kind":"AudioMetadata","audioMetadata":{"subscriptionId":"s","encoding":"PCM","sampleRate":8000,"channels":1}}',
      ),
    ).toMatchObject({ sampleRate: 8000, frameBytes: 320 });
    const bytes = Buffer.from(fixture('dtmf'));
    expect(decodeMediaMessage(bytes)).toEqual({ ok: true, message: { kind: 'dtmf', digit: '5' } });
  });

  it('reads fields ACS writes as null as absent', () => {
    const text =
      '{"kind":"AudioData","audioData":{"timestamp":null,"participantRawID":null,"data":"AAAAAA==","silent":null}}';
    expect(decoded(text)).toMatchObject({
      kind: 'audio',
      timestamp: undefined,
      participant: undefined,
      silent: false,
    });
  });
});

describe('ACS media messages refused', () => {
  const audio = (fields: Record<string, unknown>) => JSON.stringify({ kind: 'AudioData', audioData: fields });

  it.each([
    ['not JSON', '{"kind":"AudioData",', /^malformed JSON/],
    ['an array', '[]', /^message must be a JSON object$/],
    ['no kind', '{"audioData":{}}', /^kind is required$/],
    ['a kind that is not a string', '{"kind":3}', /^kind must be a string$/],
    ['AudioData without audioData', '{"kind":"AudioData"}', /^audioData is required$/],
    ['audioData not an object', '{"kind":"AudioData","audioData":"AAAA"}', /^audioData must be an object$/],
    ['no data', audio({ silent: false }), /^audioData\.data is required$/],
    ['data not a string', audio({ data: 42 }), /^audioData\.data must be a string$/],
    ['data not base64', audio({ data: 'AAAA!!!!' }), /^audioData\.data is not base64$/],
    ['data with a dangling character', audio({ data: 'AAAAA' }), /^audioData\.data is not base64$/],
    [
      'an odd number of bytes',
      audio({ data: 'AAAA' }),
      /^audioData\.data has 3 bytes: not whole 16-bit samples$/,
    ],
    [
      'silent not a boolean',
      audio({ data: 'AAAAAA==', silent: 'no' }),
      /^audioData\.silent must be a boolean$/,
    ],
    [
      'timestamp not a string',
      audio({ data: 'AAAAAA==', timestamp: 17 }),
      /^audioData\.timestamp must be a string$/,
    ],
    [
      'participantRawID not a string',
      audio({ data: 'AAAAAA==', participantRawID: {} }),
      /^audioData\.participantRawID must be a string$/,
    ],
    [
      'an 11 kHz stream',
      '{"kind":"AudioMetadata","audioMetadata":{"subscriptionId":"s","encoding":"PCM","sampleRate":11025,"channels":1}}',
      /^audioMetadata\.sampleRate must be 8000, 16000 or 24000$/,
    ],
    [
      'stereo',
      '{"kind":"AudioMetadata","audioMetadata":{"subscriptionId":"s","encoding":"PCM","sampleRate":16000,"channels":2}}',
      /^audioMetadata\.channels must be 1 \(mono\)$/,
    ],
    [
      'an encoding other than PCM',
      '{"kind":"AudioMetadata","audioMetadata":{"subscriptionId":"s","encoding":"OPUS","sampleRate":16000,"channels":1}}',
      /^audioMetadata\.encoding must be PCM/,
    ],
    [
      'metadata without a subscription',
      '{"kind":"AudioMetadata","audioMetadata":{"encoding":"PCM","sampleRate":16000,"channels":1}}',
      /^audioMetadata\.subscriptionId is required$/,
    ],
    ['AudioMetadata without audioMetadata', '{"kind":"AudioMetadata"}', /^audioMetadata is required$/],
    [
      'a DTMF that is not a tone',
      '{"kind":"DtmfData","dtmfData":{"data":"X"}}',
      /^dtmfData\.data must be one DTMF tone/,
    ],
    [
      'two DTMF tones at once',
      '{"kind":"DtmfData","dtmfData":{"data":"12"}}',
      /^dtmfData\.data must be one DTMF tone/,
    ],
    [
      'a transcription without text',
      '{"kind":"TranscriptionData","transcriptionData":{"resultStatus":"Final"}}',
      /^transcriptionData\.text is required$/,
    ],
    [
      'a transcription confidence over 1',
      '{"kind":"TranscriptionData","transcriptionData":{"text":"hi","resultStatus":"Final","confidence":7}}',
      /^transcriptionData\.confidence/,
    ],
  ])('refuses %s', (_name, text, error) => {
    expect(refusal(text)).toMatch(error);
  });

  it('refuses a message over the size limit before parsing it', () => {
    const huge = audio({ data: 'A'.repeat(MAX_MEDIA_MESSAGE_CHARS) });
    expect(refusal(huge)).toBe(`message of ${huge.length} characters is over the 65536 limit`);
    expect(refusal(Buffer.from(huge))).toBe(`message of ${huge.length} bytes is over the 65536 limit`);
  });
});

describe('ACS media messages we send, and the softphone side', () => {
  it('sends audio in the format ACS plays, and the softphone reads it back', () => {
    const frame = toneFrame();
    const text = encodeAudio(frame);
    expect(JSON.parse(text)).toEqual({
      kind: 'AudioData',
      audioData: { data: Buffer.from(frame.buffer).toString('base64') },
    });
    const back = decodePlaybackMessage(text);
    if (!back.ok || back.message.kind !== 'audio') throw new Error('not audio');
    expect(samplesOf(back.message.pcm)).toEqual(frame);
  });

  it('encodes bytes and samples alike, and a frame that is a view into a larger buffer', () => {
    const frame = toneFrame();
    const bytes = new Uint8Array(frame.buffer);
    expect(encodeAudio(bytes)).toBe(encodeAudio(frame));
    const larger = new Int16Array(1000);
    larger.set(frame, 100);
    expect(encodeAudio(larger.subarray(100, 420))).toBe(encodeAudio(frame));
  });

  it('tells ACS to stop playing', () => {
    expect(JSON.parse(encodeStopAudio())).toEqual({ kind: 'StopAudio', stopAudio: {} });
    expect(decodePlaybackMessage(encodeStopAudio())).toEqual({ ok: true, message: { kind: 'stop' } });
  });

  it('the softphone refuses what our server never sends', () => {
    expect(decodePlaybackMessage('{"kind":"AudioData"}')).toEqual({
      ok: false,
      error: 'audioData is required',
    });
    expect(decodePlaybackMessage('{"kind":"DtmfData","dtmfData":{"data":"1"}}')).toEqual({
      ok: false,
      error: 'kind "DtmfData" is not AudioData or StopAudio',
    });
    expect(decodePlaybackMessage('{"kind":"AudioData","audioData":{"data":"AAAA"}}')).toEqual({
      ok: false,
      error: 'audioData.data has 3 bytes: not whole 16-bit samples',
    });
  });

  it('round-trips what the softphone sends as ACS would: metadata, audio, digits', () => {
    expect(decoded(encodeMetadata({ subscriptionId: 'softphone-1' }))).toEqual({
      kind: 'metadata',
      subscriptionId: 'softphone-1',
      encoding: 'PCM',
      sampleRate: 16000,
      channels: 1,
      frameBytes: 640,
    });
    const frame = toneFrame();
    const message = decoded(
      encodeInboundAudio(frame, {
        timestamp: new Date('2025-03-12T09:41:09.220Z'),
        participant: '4:+14255550123',
      }),
    );
    expect(message).toMatchObject({
      kind: 'audio',
      timestamp: '2025-03-12T09:41:09.220Z',
      participant: '4:+14255550123',
      silent: false,
    });
    if (message.kind !== 'audio') throw new Error('not audio');
    expect(samplesOf(message.pcm)).toEqual(frame);
    expect(decoded(encodeInboundAudio(new Int16Array(320), { silent: true }))).toMatchObject({
      silent: true,
      participant: undefined,
    });
    for (const digit of ['0', '9', '*', '#', 'a']) {
      expect(decoded(encodeDtmf(digit))).toEqual({ kind: 'dtmf', digit: digit.toUpperCase() });
    }
    expect(() => encodeDtmf('12')).toThrow(RangeError);
  });

  it('encodes the fixture audio exactly as ACS did', () => {
    const original = JSON.parse(fixture('audio-data')) as { audioData: Record<string, string> };
    const message = decoded(fixture('audio-data'));
    if (message.kind !== 'audio') throw new Error('not audio');
    const again = JSON.parse(
      encodeInboundAudio(message.pcm, {
        timestamp: message.timestamp ?? '',
        participant: message.participant ?? '',
      }),
    ) as { audioData: Record<string, string> };
    expect(again.audioData).toEqual(original.audioData);
  });
});
