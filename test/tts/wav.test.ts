import { describe, expect, it } from 'vitest';
import { decodeWav, Pcm16Decoder, readWavHeader, resample, Resampler } from '../../shared/providers/tts/wav';
import { join, rms } from './support';

/** `seconds` of a sine at `frequency`, amplitude 10,000. */
function tone(frequency: number, rate: number, seconds: number): Int16Array {
  return Int16Array.from({ length: Math.round(rate * seconds) }, (_, index) =>
    Math.round(10_000 * Math.sin((2 * Math.PI * frequency * index) / rate)),
  );
}

/** The gain in dB of a tone through a resampling, measured away from the edges. */
function gain(frequency: number, from: number, to: number): number {
  const output = resample(tone(frequency, from, 1), from, to);
  return 20 * Math.log10(rms(output.subarray(200, -200)) / (10_000 / Math.SQRT2));
}

/** Frequency from the count of upward zero crossings. */
function frequencyOf(samples: Int16Array, rate: number): number {
  let crossings = 0;
  for (let index = 1; index < samples.length; index++) {
    if (samples[index - 1]! < 0 && samples[index]! >= 0) crossings++;
  }
  return (crossings * rate) / samples.length;
}

function wav(sampleRate: number, samples: Int16Array, dataSize = samples.length * 2): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + dataSize, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataSize, 40);
  return Buffer.concat([header, Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength)]);
}

describe('resampling espeak-ng 22.05 kHz to 16 kHz', () => {
  it('keeps the length, the pitch and the loudness of speech frequencies', () => {
    const output = resample(tone(440, 22_050, 2), 22_050, 16_000);
    expect(output.length).toBe(32_000);
    expect(frequencyOf(output, 16_000)).toBeCloseTo(440, -1);
    for (const frequency of [100, 1_000, 3_400, 6_000]) {
      expect(Math.abs(gain(frequency, 22_050, 16_000))).toBeLessThan(0.2);
    }
  });

  it('removes what 16 kHz cannot carry instead of folding it back as a false tone', () => {
    expect(gain(9_000, 22_050, 16_000)).toBeLessThan(-40);
    expect(gain(10_000, 22_050, 16_000)).toBeLessThan(-60);
  });

  it('gives the same audio streamed in odd chunks as all at once', () => {
    const input = tone(300, 22_050, 1);
    const streamed = new Resampler(22_050, 16_000);
    const chunks: Int16Array[] = [];
    for (let start = 0; start < input.length; start += 777) {
      chunks.push(streamed.push(input.subarray(start, start + 777)));
    }
    chunks.push(streamed.flush());
    expect(join(chunks)).toEqual(resample(input, 22_050, 16_000));
  });

  it('also goes up, from an 8 kHz voice', () => {
    const output = resample(tone(1_000, 8_000, 1), 8_000, 16_000);
    expect(output.length).toBe(16_000);
    expect(frequencyOf(output, 16_000)).toBeCloseTo(1_000, -1);
    expect(Math.abs(gain(1_000, 8_000, 16_000))).toBeLessThan(0.2);
  });
});

describe('reading WAV and PCM16', () => {
  it('decodes a whole WAV file', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768]);
    expect(decodeWav(wav(16_000, samples))).toEqual({ sampleRate: 16_000, samples });
  });

  it('reads the header of a WAV streamed to a pipe, whose size is a placeholder', () => {
    const streamed = wav(22_050, new Int16Array(10), 0x7ffff000);
    expect(readWavHeader(streamed.subarray(0, 30))).toBeUndefined(); // not enough yet
    expect(readWavHeader(streamed)).toEqual({ sampleRate: 22_050, dataOffset: 44, dataBytes: undefined });
  });

  it('refuses what is not PCM16 mono', () => {
    const stereo = wav(16_000, new Int16Array(4));
    stereo.writeUInt16LE(2, 22);
    expect(() => readWavHeader(stereo)).toThrow(/PCM16 mono only/);
    expect(() => readWavHeader(Buffer.from('<html>Bad Gateway</html>'))).toThrow(/not a WAV/);
  });

  it('keeps a sample split between two network chunks', () => {
    const samples = Int16Array.from([1000, -2, 300, -32768, 32767]);
    const bytes = Buffer.from(samples.buffer);
    const decoder = new Pcm16Decoder();
    const decoded = join([
      decoder.decode(bytes.subarray(0, 1)),
      decoder.decode(bytes.subarray(1, 4)),
      decoder.decode(bytes.subarray(4, 5)),
      decoder.decode(bytes.subarray(5)),
    ]);
    expect(decoded).toEqual(samples);
  });
});
