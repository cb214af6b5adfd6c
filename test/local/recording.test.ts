import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SoftphoneClient } from '../../local/softphone-client';
import { wavHeader } from '../../shared/audio/wav-recorder';
import { reportLink } from '../../shared/http/report-token';
import { toFrames, type Frame } from '../../shared/voice/audio';
import { eventually, startLocalHost, type RunningLocalHost } from '../support/local-host';
import { speechSamples } from '../support/speech';
import { makeTempDir } from '../support/tmp';

/**
 * A recorded call on the local host (`recording_enabled`): the caller hears the consent message first,
 * a stereo WAV of both sides lands in the data folder while the call goes on, and operators (not the
 * caller's report) get it; a WAV a stopped host left half-written is repaired at the next start.
 */

let host: RunningLocalHost;
let speech: Frame[];

beforeAll(async () => {
  host = await startLocalHost({ features: { recording_enabled: true } });
  speech = toFrames(await speechSamples('Hello, my name is Jane Doe.'));
});
afterAll(async () => host?.close());

/** The file's channels: caller left, bot right. */
function channels(wav: Buffer) {
  expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
  expect(wav.readUInt16LE(22)).toBe(2);
  expect(wav.readUInt32LE(24)).toBe(16_000);
  expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
  const samples = new Int16Array(wav.buffer.slice(wav.byteOffset + 44, wav.byteOffset + wav.length));
  const energy = (side: number) =>
    samples.reduce((sum, s, i) => (i % 2 === side ? sum + Math.abs(s) : sum), 0);
  return { seconds: samples.length / 2 / 16_000, caller: energy(0), bot: energy(1) };
}

describe('a recorded call on the local host', () => {
  it('says so first, and keeps a stereo WAV of both sides for operators only', async () => {
    const phone = await SoftphoneClient.connect(host.baseUrl);
    let callId = '';
    try {
      await phone.register('+14255550130');
      callId = await phone.dial();
      const hello = await phone.next((e) => e.type === 'transcript' && e.persona === 'assistant');
      expect(String(hello.text)).toMatch(/^This call is recorded to handle your request/);
      // The caller speaks while the hello plays (a barge-in), in real time.
      await eventually(async () => (phone.received.frames >= 50 ? true : undefined));
      for (const frame of speech) {
        phone.sendFrame(frame);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // While the call goes on, the file on disk already plays.
      const during = await eventually(async () => {
        const [part] = readdirSync(join(host.dir, 'recordings')).filter((n) => n.endsWith('.wav.part'));
        const bytes = part && readFileSync(join(host.dir, 'recordings', part));
        return bytes && bytes.length > 44 + 16_000 * 4 ? bytes : undefined;
      });
      expect(channels(during).seconds).toBeGreaterThan(0.5);
      phone.hangUp(callId);
      await phone.next((e) => e.type === 'ended');
    } finally {
      await phone.close();
    }

    const call = await eventually(async () => {
      const stored = await host.app.services.store.get(callId);
      return stored?.recordings.length === 1 ? stored : undefined;
    });
    expect(call.recordings[0]).toMatchObject({ backend: 'local', file: expect.stringMatching(/\.wav$/) });
    const response = await eventually(async () => {
      const r = await fetch(`${host.baseUrl}/api/call/${callId}/recording`);
      return r.status === 200 ? r : undefined;
    });
    expect(response.headers.get('content-type')).toBe('audio/wav');
    const wav = Buffer.from(await response.arrayBuffer());
    const { seconds, caller, bot } = channels(wav);
    expect(seconds).toBeGreaterThan(speech.length * 0.02);
    // Both sides are in it, each on its own channel.
    expect(caller).toBeGreaterThan(0);
    expect(bot).toBeGreaterThan(0);
    expect(readdirSync(join(host.dir, 'recordings'))).toEqual([call.recordings[0]!.file]);

    // The operators' list links it; the caller's report page does not.
    const list = await fetch(`${host.baseUrl}/api/report?format=html`).then((r) => r.text());
    expect(list).toContain(`/api/call/${callId}/recording`);
    const link = new URL(reportLink(host.baseUrl, host.app.services.reportSecret, callId, new Date(), 1));
    const report = await fetch(`${host.baseUrl}${link.pathname}${link.search}`).then((r) => r.text());
    expect(report).not.toContain('recording');
    expect(report).not.toContain('.wav');
  });

  it('answers 404 naming the field for a call without that recording', async () => {
    const none = await fetch(`${host.baseUrl}/api/call/7b2f0d4e-9c55-4c1e-8f0a-3f1b2c3d4e5f/recording`);
    expect(none.status).toBe(404);
    const bad = await fetch(`${host.baseUrl}/api/call/7b2f0d4e-9c55-4c1e-8f0a-3f1b2c3d4e5f/recording?n=x`);
    expect(bad.status).toBe(400);
  });
});

describe('recording off (the default)', () => {
  it('says nothing about it and writes no file', async () => {
    const plain = await startLocalHost();
    const phone = await SoftphoneClient.connect(plain.baseUrl);
    try {
      await phone.register('+14255550131');
      const callId = await phone.dial();
      const hello = await phone.next((e) => e.type === 'transcript' && e.persona === 'assistant');
      expect(String(hello.text)).not.toMatch(/recorded/);
      await eventually(async () => (phone.received.frames >= 10 ? true : undefined));
      phone.hangUp(callId);
      await phone.next((e) => e.type === 'ended');
      expect((await plain.app.services.store.get(callId))?.recordings).toEqual([]);
      expect(existsSync(join(plain.dir, 'recordings'))).toBe(false);
    } finally {
      await phone.close();
      await plain.close();
    }
  });
});

describe('a recording left half-written by a stopped host', () => {
  it('is repaired and given its final name at the next start', async () => {
    const data = makeTempDir();
    try {
      // As a killed process leaves it: samples past what the header counts, and a torn last one.
      mkdirSync(join(data.dir, 'recordings'));
      const stereoSamples = 1_000;
      writeFileSync(
        join(data.dir, 'recordings', 'call.wav.part'),
        Buffer.concat([wavHeader(16_000, 0), Buffer.alloc(stereoSamples * 4 + 2, 1)]),
      );
      const restarted = await startLocalHost({ data_dir: data.dir });
      await restarted.close();
      expect(readdirSync(join(data.dir, 'recordings'))).toEqual(['call.wav']);
      const wav = readFileSync(join(data.dir, 'recordings', 'call.wav'));
      expect(wav.readUInt32LE(40)).toBe(stereoSamples * 4);
      expect(wav.length).toBe(44 + stereoSamples * 4);
    } finally {
      data.remove();
    }
  });
});
