import { describe, expect, it } from 'vitest';
import { bytesToSamples, concatSamples, Pcm16Decoder, samplesToBytes } from '../../shared/audio/pcm';

describe('bytesToSamples and samplesToBytes', () => {
  const values = [-32768, -1, 0, 1, 32767, 258];
  const bytes = [0x00, 0x80, 0xff, 0xff, 0x00, 0x00, 0x01, 0x00, 0xff, 0x7f, 0x02, 0x01];

  it('read and write PCM16 little-endian', () => {
    expect(Array.from(bytesToSamples(Uint8Array.from(bytes)))).toEqual(values);
    expect(Array.from(samplesToBytes(Int16Array.from(values)))).toEqual(bytes);
  });

  it('reads bytes at an odd offset, copies them, and ignores an odd trailing byte', () => {
    const backing = Uint8Array.from([0xaa, ...bytes, 0x42]);
    const samples = bytesToSamples(backing.subarray(1));
    backing.fill(0);
    expect(Array.from(samples)).toEqual(values);
  });

  it('writes samples that are a view into a larger buffer', () => {
    const larger = Int16Array.from([9, ...values, 9]);
    expect(Array.from(samplesToBytes(larger.subarray(1, 7)))).toEqual(bytes);
  });
});

describe('Pcm16Decoder', () => {
  it('keeps a sample split between two network chunks', () => {
    const samples = Int16Array.from([1000, -2, 300, -32768, 32767]);
    const bytes = Buffer.from(samples.buffer);
    const decoder = new Pcm16Decoder();
    const decoded = concatSamples([
      decoder.decode(bytes.subarray(0, 1)),
      decoder.decode(new Uint8Array(0)),
      decoder.decode(bytes.subarray(1, 4)),
      decoder.decode(bytes.subarray(4, 5)),
      decoder.decode(bytes.subarray(5)),
    ]);
    expect(decoded).toEqual(samples);
  });
});

describe('concatSamples', () => {
  it('joins chunks in order, empty ones included', () => {
    const joined = concatSamples([Int16Array.from([1, 2]), new Int16Array(0), Int16Array.from([3])]);
    expect(Array.from(joined)).toEqual([1, 2, 3]);
    expect(concatSamples([])).toEqual(new Int16Array(0));
  });
});
