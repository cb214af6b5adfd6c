/**
 * RIFF/WAVE files of PCM16: read whole (any number of channels, mixed down to mono), read as a stream
 * (the header, then the samples as they come), and written (mono, the canonical 44-byte header).
 */

import { bytesToSamples, checkSampleRate, samplesToBytes } from './pcm';

export interface WavHeader {
  readonly sampleRate: number;
  /** Where the samples start. */
  readonly dataOffset: number;
  /** How many bytes of samples the header announces; `undefined` when unknown (a WAV streamed to a pipe). */
  readonly dataBytes: number | undefined;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/**
 * A writer that cannot seek back to fill in the data size once it knows it (espeak-ng --stdout) leaves
 * 0 or a placeholder of 0x7fff0000 or more: the samples then run to the end of the file.
 */
const PLACEHOLDER_SIZE = 0x7fff0000;
const NOT_A_WAV = 'Not a WAV file: no RIFF/WAVE header';

interface Format {
  readonly channels: number;
  readonly sampleRate: number;
}

/** What the chunks before the samples say, as far as the bytes go. */
interface Chunks {
  /** Once the fmt chunk is whole. */
  readonly format?: Format;
  /** Once the data chunk is reached: where the samples start, and how many bytes when known. */
  readonly data?: { readonly offset: number; readonly bytes: number | undefined };
}

/**
 * The header of a PCM16 mono WAV, or `undefined` when `bytes` ends before the samples start (read more).
 * Mono only, unlike readWav: a stream's samples are passed on as they arrive, with no chance to mix them.
 */
export function readWavHeader(bytes: Uint8Array): WavHeader | undefined {
  const { format, data } = readChunks(bytes);
  if (!format || !data) return undefined;
  if (format.channels !== 1) {
    throw new Error(`Unsupported WAV stream: ${format.channels} channels, PCM16 mono only`);
  }
  return { sampleRate: format.sampleRate, dataOffset: data.offset, dataBytes: data.bytes };
}

/**
 * A whole PCM16 WAV file's sample rate and samples; stereo (or more channels) is mixed down to mono.
 * Chunks other than `fmt ` and `data` (LIST, fact…) are skipped. Samples whose size is unknown, or said to
 * run past the end, run to the end of the file.
 */
export function readWav(bytes: Uint8Array): { sampleRate: number; samples: Int16Array } {
  const { format, data } = readChunks(bytes);
  if (!format) throw new Error(bytes.length < 12 ? NOT_A_WAV : 'Invalid WAV file: no fmt chunk');
  if (!data) throw new Error('Invalid WAV file: no data chunk');
  const end = Math.min(bytes.length, data.offset + (data.bytes ?? Infinity));
  const samples = bytesToSamples(bytes.subarray(data.offset, end));
  return { sampleRate: format.sampleRate, samples: mixDown(samples, format.channels) };
}

/** A mono PCM16 WAV file: the 44-byte canonical header, then the samples. */
export function writeWav(samples: Int16Array, sampleRate: number): Buffer {
  checkSampleRate(sampleRate);
  const dataBytes = samples.length * 2;
  const wav = Buffer.alloc(44 + dataBytes);
  wav.write('RIFF', 0, 'latin1');
  wav.writeUInt32LE(36 + dataBytes, 4);
  wav.write('WAVE', 8, 'latin1');
  wav.write('fmt ', 12, 'latin1');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(WAVE_FORMAT_PCM, 20);
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28); // bytes per second
  wav.writeUInt16LE(2, 32); // bytes per sample frame
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'latin1');
  wav.writeUInt32LE(dataBytes, 40);
  samplesToBytes(samples).copy(wav, 44);
  return wav;
}

/** The chunks before the samples, as far as `bytes` goes. Throws for what is not a PCM16 WAV. */
function readChunks(bytes: Uint8Array): Chunks {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < 12) return {};
  if (view.toString('latin1', 0, 4) !== 'RIFF' || view.toString('latin1', 8, 12) !== 'WAVE') {
    throw new Error(NOT_A_WAV);
  }
  let format: Format | undefined;
  for (let offset = 12; offset + 8 <= view.length;) {
    const id = view.toString('latin1', offset, offset + 4);
    const size = view.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'data') {
      if (!format) throw new Error('Invalid WAV file: data chunk before the fmt chunk');
      const known = size !== 0 && size < PLACEHOLDER_SIZE;
      return { format, data: { offset: body, bytes: known ? size : undefined } };
    }
    // Read a chunk whole or not at all: in a stream, the next bytes complete it.
    if (body + size > view.length) break;
    if (id === 'fmt ') format = readFormat(view.subarray(body, body + size));
    // Chunks are padded to an even size.
    offset = body + size + (size % 2);
  }
  return { format };
}

function readFormat(chunk: Buffer): Format {
  if (chunk.length < 16) throw new Error('Invalid WAV file: fmt chunk too short');
  const encoding = chunk.readUInt16LE(0);
  const bitsPerSample = chunk.readUInt16LE(14);
  // WAVE_FORMAT_EXTENSIBLE names the real encoding in the first 2 bytes of its sub-format GUID.
  const actual =
    encoding === WAVE_FORMAT_EXTENSIBLE && chunk.length >= 26 ? chunk.readUInt16LE(24) : encoding;
  if (actual !== WAVE_FORMAT_PCM || bitsPerSample !== 16) {
    throw new Error(
      `Unsupported WAV encoding: format ${actual} with ${bitsPerSample} bits per sample, expected PCM16`,
    );
  }
  const channels = chunk.readUInt16LE(2);
  if (channels === 0) throw new Error('Invalid WAV file: 0 channels');
  return { channels, sampleRate: chunk.readUInt32LE(4) };
}

function mixDown(interleaved: Int16Array, channels: number): Int16Array {
  if (channels === 1) return interleaved;
  const mono = new Int16Array(Math.floor(interleaved.length / channels));
  for (let i = 0, source = 0; i < mono.length; i++) {
    let sum = 0;
    for (let channel = 0; channel < channels; channel++) sum += interleaved[source++]!;
    mono[i] = Math.round(sum / channels);
  }
  return mono;
}
