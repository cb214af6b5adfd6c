import { describe, expect, it } from 'vitest';
import {
  bytesToSamples,
  FRAME_BYTES,
  FRAME_MS,
  FRAME_SAMPLES,
  FrameAssembler,
  frameToBytes,
  readWav,
  resample,
  rmsDbfs,
  SAMPLE_RATE,
  toFrames,
  writeWav,
} from '../../shared/voice/audio';
import { concat, speechSamples, tone, whiteNoise } from '../support/speech';

/** A sine of `amplitude` at `hz`, `seconds` long, sampled at `rate`. */
function sine(rate: number, hz: number, seconds: number, amplitude = 10_000): Int16Array {
  const samples = new Int16Array(Math.round(rate * seconds));
  for (let i = 0; i < samples.length; i++)
    samples[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate));
  return samples;
}

/** The amplitude at `hz` (Goertzel over the middle half, away from the filter's start), in dB re `reference`. */
function levelDb(samples: Int16Array, hz: number, rate: number, reference = 10_000): number {
  const from = samples.length >> 2;
  const to = samples.length - from;
  let re = 0;
  let im = 0;
  for (let i = from; i < to; i++) {
    re += samples[i]! * Math.cos((2 * Math.PI * hz * i) / rate);
    im += samples[i]! * Math.sin((2 * Math.PI * hz * i) / rate);
  }
  return 20 * Math.log10((2 * Math.hypot(re, im)) / (to - from) / reference);
}

/** PCM16LE bytes of samples, built independently of the code under test. */
function le(samples: number[]): Buffer {
  const bytes = Buffer.alloc(samples.length * 2);
  samples.forEach((sample, i) => bytes.writeInt16LE(sample, i * 2));
  return bytes;
}

/** `bytes` pushed in chunks of the given sizes (cycled), then flushed. */
function assemble(assembler: FrameAssembler, bytes: Uint8Array, chunkSizes: number[]): Int16Array[] {
  const frames: Int16Array[] = [];
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = chunkSizes[i % chunkSizes.length]!;
    frames.push(...assembler.push(bytes.subarray(offset, offset + size)));
    offset += size;
  }
  const last = assembler.flush();
  return last ? [...frames, last] : frames;
}

describe('frame constants', () => {
  it('describe 20 ms of 16 kHz PCM16', () => {
    expect([SAMPLE_RATE, FRAME_MS, FRAME_SAMPLES, FRAME_BYTES]).toEqual([16_000, 20, 320, 640]);
    expect((SAMPLE_RATE * FRAME_MS) / 1000).toBe(FRAME_SAMPLES);
  });
});

describe('resample', () => {
  it('returns the input itself when the rates are equal', () => {
    const samples = sine(16_000, 440, 0.1);
    expect(resample(samples, 16_000, 16_000)).toBe(samples);
  });

  it.each([
    [8_000, 16_000, 16_000],
    [22_050, 16_000, 16_000],
    [24_000, 16_000, 16_000],
    [48_000, 16_000, 16_000],
    [16_000, 8_000, 8_000],
    [16_000, 24_000, 24_000],
    [16_000, 48_000, 48_000],
  ])('turns one second at %i Hz into one second at %i Hz (%i samples)', (from, to, expected) => {
    expect(resample(sine(from, 1000, 1), from, to).length).toBe(expected);
  });

  it.each([
    [8_000, 16_000],
    [22_050, 16_000],
    [24_000, 16_000],
    [48_000, 16_000],
    [16_000, 8_000],
    [16_000, 24_000],
    [16_000, 48_000],
  ])('keeps a 1 kHz tone at its level from %i Hz to %i Hz', (from, to) => {
    const output = resample(sine(from, 1000, 1), from, to);
    expect(Math.abs(levelDb(output, 1000, to))).toBeLessThan(0.1);
  });

  it('keeps the speech band when downsampling 24 kHz: 6 kHz within 0.5 dB', () => {
    expect(Math.abs(levelDb(resample(sine(24_000, 6000, 1), 24_000, 16_000), 6000, 16_000))).toBeLessThan(
      0.5,
    );
  });

  it.each([
    // A tone above the new Nyquist frequency folds back to rate − hz.
    [24_000, 9_000, 7_000, -45],
    [24_000, 10_000, 6_000, -55],
    [48_000, 20_000, 4_000, -55],
    [22_050, 10_000, 6_000, -50],
  ])(
    'filters out a tone that would alias when downsampling %i Hz: %i Hz → %i Hz below %i dB',
    (from, hz, alias, most) => {
      const output = resample(sine(from, hz, 1), from, 16_000);
      expect(levelDb(output, alias, 16_000)).toBeLessThan(most);
      expect(rmsDbfs(output.subarray(4000, 12_000))).toBeLessThan(rmsDbfs(sine(16_000, 1000, 1)) + most);
    },
  );

  it('keeps a constant signal constant once the filter has filled (unit gain in every phase)', () => {
    const output = resample(new Int16Array(2400).fill(1000), 24_000, 16_000);
    expect(new Set(output.subarray(100))).toEqual(new Set([1000]));
  });

  it('rejects a rate that is not a positive integer', () => {
    expect(() => resample(new Int16Array(10), 0, 16_000)).toThrow(RangeError);
    expect(() => resample(new Int16Array(10), 16_000, 44_100.5)).toThrow(RangeError);
  });
});

describe('toFrames', () => {
  it('cuts samples into 320-sample frames, the last padded with silence', () => {
    const samples = Int16Array.from({ length: 700 }, (_, i) => i + 1);
    const frames = toFrames(samples);
    expect(frames.map((frame) => frame.length)).toEqual([320, 320, 320]);
    expect(frames[1]![0]).toBe(321);
    expect(Array.from(frames[2]!.subarray(58, 62))).toEqual([699, 700, 0, 0]);
    expect(frames[2]!.subarray(60).every((sample) => sample === 0)).toBe(true);
  });

  it('gives no frame for no samples, and exactly one for exactly one frame', () => {
    expect(toFrames(new Int16Array(0))).toEqual([]);
    expect(toFrames(new Int16Array(320).fill(7))).toEqual([new Int16Array(320).fill(7)]);
  });
});

describe('bytesToSamples and frameToBytes', () => {
  const values = [-32768, -1, 0, 1, 32767, 258];
  const bytes = [0x00, 0x80, 0xff, 0xff, 0x00, 0x00, 0x01, 0x00, 0xff, 0x7f, 0x02, 0x01];

  it('read and write PCM16 little-endian', () => {
    expect(Array.from(bytesToSamples(Uint8Array.from(bytes)))).toEqual(values);
    expect(Array.from(frameToBytes(Int16Array.from(values)))).toEqual(bytes);
  });

  it('reads bytes at an odd offset, copies them, and ignores an odd trailing byte', () => {
    const backing = Uint8Array.from([0xaa, ...bytes, 0x42]);
    const samples = bytesToSamples(backing.subarray(1));
    backing.fill(0);
    expect(Array.from(samples)).toEqual(values);
  });

  it('writes a frame that is a view into a larger buffer', () => {
    const larger = Int16Array.from([9, ...values, 9]);
    expect(Array.from(frameToBytes(larger.subarray(1, 7)))).toEqual(bytes);
  });
});

describe('FrameAssembler', () => {
  it('cuts 16 kHz bytes in chunks of any size (odd ones too) into the same frames as toFrames', () => {
    const samples = whiteNoise(1010, -20);
    const expected = toFrames(samples);
    for (const sizes of [[FRAME_BYTES], [1], [7, 333, 641, 2], [1000], [samples.length * 2]]) {
      expect(assemble(new FrameAssembler(16_000), frameToBytes(samples), sizes)).toEqual(expected);
    }
  });

  it('joins a sample split across two pushes', () => {
    const assembler = new FrameAssembler(16_000);
    const bytes = le([1234, -5678, ...new Array<number>(318).fill(0)]);
    expect(assembler.push(bytes.subarray(0, 3))).toEqual([]);
    expect(assembler.push(new Uint8Array(0))).toEqual([]);
    const [frame] = assembler.push(bytes.subarray(3));
    expect(Array.from(frame!.subarray(0, 3))).toEqual([1234, -5678, 0]);
  });

  it('gives undefined on flush when nothing is left, and a padded frame otherwise', () => {
    const assembler = new FrameAssembler(16_000);
    expect(assembler.flush()).toBeUndefined();
    expect(assembler.push(le([5, 6, 7]))).toEqual([]);
    const last = assembler.flush();
    expect(last?.length).toBe(320);
    expect(Array.from(last!.subarray(0, 4))).toEqual([5, 6, 7, 0]);
    expect(assembler.flush()).toBeUndefined();
  });

  it.each([8_000, 22_050, 24_000, 48_000])(
    'turns each 20 ms chunk at %i Hz into one 16 kHz frame at once',
    (rate) => {
      const assembler = new FrameAssembler(rate);
      const chunk = frameToBytes(sine(rate, 1000, FRAME_MS / 1000));
      for (let i = 0; i < 10; i++) expect(assembler.push(chunk).length).toBe(1);
      expect(assembler.flush()).toBeUndefined();
    },
  );

  it.each([8_000, 22_050, 24_000, 48_000])(
    'resamples a stream at %i Hz the same however it is cut, as resample does for the whole',
    (rate) => {
      const samples = sine(rate, 1000, 0.5);
      const expected = toFrames(resample(samples, rate, 16_000));
      const bytes = frameToBytes(samples);
      expect(assemble(new FrameAssembler(rate), bytes, [(rate / 50) * 2])).toEqual(expected);
      expect(assemble(new FrameAssembler(rate), bytes, [1, 99, 1001, 7])).toEqual(expected);
    },
  );
});

describe('WAV files', () => {
  /** A RIFF chunk, padded to an even length; `size` is what the header claims. */
  function chunk(id: string, body: Buffer, size = body.length): Buffer {
    const header = Buffer.alloc(8);
    header.write(id, 0, 'latin1');
    header.writeUInt32LE(size, 4);
    return Buffer.concat([header, body, Buffer.alloc(body.length % 2)]);
  }
  /** A WAV file from its parts, to read what other programs write. */
  function wav(
    format: Buffer,
    data: Buffer,
    { dataSize = data.length, before = [] as Buffer[] } = {},
  ): Buffer {
    const chunks = Buffer.concat([...before, chunk('fmt ', format), chunk('data', data, dataSize)]);
    return Buffer.concat([Buffer.from('RIFF'), Buffer.from([0, 0, 0, 0]), Buffer.from('WAVE'), chunks]);
  }
  function fmt(
    encoding: number,
    channels: number,
    rate: number,
    bits: number,
    extra = Buffer.alloc(0),
  ): Buffer {
    const body = Buffer.alloc(16);
    body.writeUInt16LE(encoding, 0);
    body.writeUInt16LE(channels, 2);
    body.writeUInt32LE(rate, 4);
    body.writeUInt32LE((rate * channels * bits) / 8, 8);
    body.writeUInt16LE((channels * bits) / 8, 12);
    body.writeUInt16LE(bits, 14);
    return Buffer.concat([body, extra]);
  }

  it('writes a 44-byte header and reads back the same samples and rate', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768]);
    const file = writeWav(samples, 24_000);
    expect(file.length).toBe(54);
    expect(file.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(file.readUInt32LE(4)).toBe(46);
    expect(file.subarray(8, 16).toString('latin1')).toBe('WAVEfmt ');
    expect([
      file.readUInt16LE(20),
      file.readUInt16LE(22),
      file.readUInt32LE(24),
      file.readUInt16LE(34),
    ]).toEqual([1, 1, 24_000, 16]);
    expect(file.readUInt32LE(40)).toBe(10);
    expect(readWav(file)).toEqual({ sampleRate: 24_000, samples });
  });

  it("round-trips real speech (Flite's, itself read from the WAV file Flite writes)", async () => {
    const samples = await speechSamples('Hello.');
    expect(samples.length).toBeGreaterThan(8000);
    expect(readWav(writeWav(samples, 16_000)).samples).toEqual(samples);
  });

  it('skips LIST and odd-sized chunks and mixes stereo down to mono', () => {
    const stereo = le([100, 300, -100, -300, 32767, 32767, 1, 2]);
    const file = wav(fmt(1, 2, 8000, 16), stereo, {
      before: [chunk('LIST', Buffer.from('INFOISFT\x03\x00\x00\x00ab\x00')), chunk('junk', Buffer.from('x'))],
    });
    expect(readWav(file)).toEqual({ sampleRate: 8000, samples: Int16Array.from([200, -200, 32767, 2]) });
  });

  it('accepts WAVE_FORMAT_EXTENSIBLE holding PCM16', () => {
    const extension = Buffer.alloc(24);
    extension.writeUInt16LE(22, 0);
    extension.writeUInt16LE(1, 8); // the sub-format GUID starts with the format code
    const file = wav(fmt(0xfffe, 1, 16_000, 16, extension), le([7, 8]));
    expect(Array.from(readWav(file).samples)).toEqual([7, 8]);
  });

  it.each([0, 0xffffffff, 1000])(
    'takes the rest of the file when the data size is %i (streamed or cut WAV)',
    (size) => {
      const file = wav(fmt(1, 1, 16_000, 16), le([1, 2, 3]), { dataSize: size });
      expect(Array.from(readWav(file).samples)).toEqual([1, 2, 3]);
    },
  );

  it('says what is wrong with a file it cannot read', () => {
    expect(() => readWav(Buffer.from('ID3\x04 not a wav at all'))).toThrow(
      'Not a WAV file: no RIFF/WAVE header',
    );
    expect(() => readWav(wav(fmt(3, 1, 16_000, 32), Buffer.alloc(8)))).toThrow(
      'Unsupported WAV encoding: format 3 with 32 bits per sample, expected PCM16',
    );
    expect(() => readWav(wav(fmt(1, 1, 8000, 8), Buffer.alloc(8)))).toThrow(
      'Unsupported WAV encoding: format 1 with 8 bits per sample, expected PCM16',
    );
    const noData = writeWav(new Int16Array(0), 16_000).subarray(0, 36);
    expect(() => readWav(noData)).toThrow('Invalid WAV file: no data chunk');
    const noFormat = Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVE'), chunk('LIST', Buffer.alloc(4))]);
    expect(() => readWav(noFormat)).toThrow('Invalid WAV file: no fmt chunk');
  });
});

describe('rmsDbfs', () => {
  it('is -Infinity for digital silence', () => {
    expect(rmsDbfs(new Int16Array(320))).toBe(-Infinity);
  });

  it('is 0 dBFS at full scale and the level a tone or noise was made at', () => {
    expect(rmsDbfs(new Int16Array(320).fill(-32768))).toBe(0);
    expect(rmsDbfs(tone(20, 1000, -20))).toBeCloseTo(-20, 2);
    expect(rmsDbfs(whiteNoise(1000, -40))).toBeCloseTo(-40, 1);
    expect(rmsDbfs(concat(tone(20, 1000, -20), new Int16Array(320)))).toBeCloseTo(-23.01, 2);
  });
});
