/**
 * PCM16 mono samples, the audio every part of the app passes around, and the little-endian bytes that
 * telephony, TTS services and WAV files carry them in.
 *
 * The voice loop converts every frame of every call, so conversions copy whole chunks at once, never a
 * sample at a time.
 */

import { endianness } from 'node:os';

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/**
 * Little-endian PCM16 bytes to samples, chunk by chunk. A network or pipe chunk may end in the middle of a
 * sample: its odd last byte is kept for the next chunk.
 */
export class Pcm16Decoder {
  private oddByte: number | undefined;

  /** Whether an odd byte of the last chunk waits for the next one. */
  get carrying(): boolean {
    return this.oddByte !== undefined;
  }

  decode(bytes: Uint8Array): Int16Array {
    if (bytes.length === 0) return new Int16Array(0);
    const carried = this.oddByte === undefined ? 0 : 1;
    const whole = (carried + bytes.length) & ~1;
    // A fresh buffer is aligned for an Int16Array, whatever the input's byteOffset.
    const copy = new Uint8Array(whole);
    if (this.oddByte !== undefined) copy[0] = this.oddByte;
    copy.set(bytes.subarray(0, whole - carried), carried);
    this.oddByte = whole - carried < bytes.length ? bytes[bytes.length - 1] : undefined;
    if (!LITTLE_ENDIAN_HOST) Buffer.from(copy.buffer).swap16();
    return new Int16Array(copy.buffer);
  }
}

/**
 * `decoder.decode(bytes)`, but the samples share the bytes' memory when they can (an even number of
 * bytes at an even offset, no odd byte carried, a little-endian host: every 20 ms media message). The
 * caller gives `bytes` up: it must not change them while the samples are in use. Saves a copy and an
 * off-heap allocation per frame on the voice loop's inbound path.
 */
export function decodeSharing(decoder: Pcm16Decoder, bytes: Uint8Array): Int16Array {
  if (LITTLE_ENDIAN_HOST && !decoder.carrying && (bytes.byteOffset & 1) === 0 && (bytes.length & 1) === 0) {
    return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1);
  }
  return decoder.decode(bytes);
}

/** PCM16LE samples from bytes (copied; any alignment). An odd trailing byte is ignored. */
export function bytesToSamples(bytes: Uint8Array): Int16Array {
  return new Pcm16Decoder().decode(bytes);
}

/**
 * The samples as PCM16LE bytes. On a little-endian host (every machine this runs on) the Buffer shares
 * the samples' memory rather than copying them: do not change the samples while the bytes are in use.
 */
export function samplesToBytes(samples: Int16Array): Buffer {
  const view = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  return LITTLE_ENDIAN_HOST ? view : Buffer.from(view).swap16();
}

/** Throws unless `rate` can be a sample rate: a positive whole number of samples per second. */
export function checkSampleRate(rate: number): void {
  if (!Number.isInteger(rate) || rate <= 0) throw new RangeError(`Invalid sample rate: ${rate}`);
}

/** The chunks one after the other, in a new array. */
export function concatSamples(chunks: readonly Int16Array[]): Int16Array {
  const joined = new Int16Array(chunks.reduce((length, chunk) => length + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}
