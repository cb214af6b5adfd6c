import { appendFileSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { repairWavHeader, StereoWavRecorder } from '../../shared/audio/wav-recorder';
import { makeTempDir } from '../support/tmp';

/** The recording of a call as a stereo WAV on disk: caller left, bot right, on one timeline. */
const tmp = makeTempDir();
afterAll(() => tmp.remove());
let files = 0;
const RATE = 16_000;
const FRAME = 320; // 20 ms

function frame(value: number): Int16Array {
  return new Int16Array(FRAME).fill(value);
}

/** The file as a WAV reader sees it: its header fields and its two channels. */
function readStereo(path: string) {
  const bytes = readFileSync(path);
  expect(bytes.toString('ascii', 0, 4)).toBe('RIFF');
  expect(bytes.readUInt32LE(4)).toBe(bytes.length - 8);
  expect(bytes.toString('ascii', 8, 16)).toBe('WAVEfmt ');
  const channels = bytes.readUInt16LE(22);
  const dataBytes = bytes.readUInt32LE(40);
  expect(dataBytes).toBe(bytes.length - 44);
  const samples = new Int16Array(
    bytes.buffer.slice(bytes.byteOffset + 44, bytes.byteOffset + 44 + dataBytes),
  );
  const left = samples.filter((_, i) => i % 2 === 0);
  const right = samples.filter((_, i) => i % 2 === 1);
  return { channels, rate: bytes.readUInt32LE(24), left, right };
}

describe('the stereo WAV recorder', () => {
  it('puts each side on its channel where it happened, silence in between', async () => {
    let now = 0;
    const path = `${tmp.dir}/call-${++files}.wav`;
    const recorder = StereoWavRecorder.create({ path, sampleRate: RATE, now: () => now });
    // The caller speaks for 200 ms, then the bot answers 300 ms after they stopped, for 100 ms.
    for (let i = 0; i < 10; i++, now += 20) recorder.caller(frame(1000));
    now += 300;
    for (let i = 0; i < 5; i++, now += 20) recorder.bot(frame(-2000));
    await recorder.close();

    const { channels, rate, left, right } = readStereo(path);
    expect([channels, rate]).toEqual([2, RATE]);
    const ms = (n: number) => (n * RATE) / 1000;
    expect(left.length).toBe(ms(600));
    expect(left.slice(0, ms(200)).every((s) => s === 1000)).toBe(true);
    expect(left.slice(ms(200)).every((s) => s === 0)).toBe(true);
    expect(right.slice(0, ms(500)).every((s) => s === 0)).toBe(true);
    expect(right.slice(ms(500), ms(600)).every((s) => s === -2000)).toBe(true);
  });

  it('keeps a late burst of frames seamless rather than gapped', async () => {
    let now = 0;
    const path = `${tmp.dir}/call-${++files}.wav`;
    const recorder = StereoWavRecorder.create({ path, sampleRate: RATE, now: () => now });
    recorder.caller(frame(1));
    now = 80; // three frames held up by the network arrive at once
    for (let i = 0; i < 3; i++) recorder.caller(frame(1));
    await recorder.close();
    const { left } = readStereo(path);
    expect(left.length).toBe(4 * FRAME);
    expect(left.every((s) => s === 1)).toBe(true);
  });

  it('leaves a valid WAV on disk while the call goes on (a crash loses a moment at most)', async () => {
    let now = 0;
    const path = `${tmp.dir}/call-${++files}.wav`;
    const recorder = StereoWavRecorder.create({ path, sampleRate: RATE, now: () => now, flushEveryMs: 10 });
    for (let i = 0; i < 50; i++, now += 20) recorder.caller(frame(7));
    now += 500;
    await sleep(100); // a few flushes
    // Never closed, as when the process is killed: what is on disk already plays.
    const { left } = readStereo(path);
    expect(left.length).toBeGreaterThanOrEqual(RATE);
    expect(left.slice(0, RATE).every((s) => s === 7)).toBe(true);
    await recorder.close();
  });

  it('repairs the header of a file cut between its data and its header', async () => {
    const path = `${tmp.dir}/call-${++files}.wav`;
    const recorder = StereoWavRecorder.create({ path, sampleRate: RATE, now: () => 0 });
    recorder.bot(frame(5));
    await recorder.close();
    appendFileSync(path, Buffer.alloc(4 * 160 + 3, 1)); // 160 stereo samples and a torn one
    expect(repairWavHeader(path)).toBe(true);
    expect(readStereo(path).right.length).toBe(FRAME + 160);
    expect(repairWavHeader(path)).toBe(false);
  });

  it('refuses to overwrite a recording', async () => {
    const path = `${tmp.dir}/call-${++files}.wav`;
    await StereoWavRecorder.create({ path, sampleRate: RATE }).close();
    const errors: unknown[] = [];
    const again = StereoWavRecorder.create({ path, sampleRate: RATE, onError: (e) => errors.push(e) });
    await again.close();
    expect(String(errors[0])).toMatch(/EEXIST/);
  });
});
