import { describe, expect, it } from 'vitest';
import { readWav, readWavHeader, writeWav } from '../../shared/audio/wav';
import { speechSamples } from '../support/speech';

/** PCM16LE bytes of samples, built independently of the code under test. */
function le(samples: number[]): Buffer {
  const bytes = Buffer.alloc(samples.length * 2);
  samples.forEach((sample, i) => bytes.writeInt16LE(sample, i * 2));
  return bytes;
}

/** A RIFF chunk, padded to an even length; `size` is what the header claims. */
function chunk(id: string, body: Buffer, size = body.length): Buffer {
  const header = Buffer.alloc(8);
  header.write(id, 0, 'latin1');
  header.writeUInt32LE(size, 4);
  return Buffer.concat([header, body, Buffer.alloc(body.length % 2)]);
}

/** A WAV file from its parts, to read what other programs write. */
function wav(format: Buffer, data: Buffer, { dataSize = data.length, before = [] as Buffer[] } = {}): Buffer {
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

describe('writeWav and readWav', () => {
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

  it('reads a file written by another program', () => {
    const samples = [0, 1, -1, 32767, -32768];
    expect(readWav(wav(fmt(1, 1, 16_000, 16), le(samples)))).toEqual({
      sampleRate: 16_000,
      samples: Int16Array.from(samples),
    });
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

  it.each([0, 0xffffffff, 0x7ffff000, 1000])(
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

describe('readWavHeader', () => {
  it('reads the header of a WAV streamed to a pipe, whose size is a placeholder', () => {
    const streamed = wav(fmt(1, 1, 22_050, 16), le(new Array<number>(10).fill(0)), { dataSize: 0x7ffff000 });
    expect(readWavHeader(streamed.subarray(0, 30))).toBeUndefined(); // not enough yet
    expect(readWavHeader(streamed)).toEqual({ sampleRate: 22_050, dataOffset: 44, dataBytes: undefined });
  });

  it('waits for a chunk before the samples to be whole', () => {
    const file = wav(fmt(1, 1, 16_000, 16), le([1, 2]), { before: [chunk('LIST', Buffer.alloc(20))] });
    expect(readWavHeader(file.subarray(0, 30))).toBeUndefined();
    expect(readWavHeader(file)).toEqual({ sampleRate: 16_000, dataOffset: 72, dataBytes: 4 });
  });

  it('refuses what is not PCM16 mono: a stream is passed on as it comes, with no mixing down', () => {
    expect(() => readWavHeader(wav(fmt(1, 2, 16_000, 16), le([0, 0, 0, 0])))).toThrow(/PCM16 mono only/);
    expect(() => readWavHeader(wav(fmt(1, 1, 16_000, 8), Buffer.alloc(4)))).toThrow(/expected PCM16/);
    expect(() => readWavHeader(Buffer.from('<html>Bad Gateway</html>'))).toThrow(/Not a WAV file/);
  });
});
