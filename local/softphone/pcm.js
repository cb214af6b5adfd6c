/** PCM16LE ⇄ base64, the encoding of every audio frame on the media socket. */

export const STREAM_RATE = 16000;
/** 20 ms at 16 kHz. */
export const FRAME_SAMPLES = 320;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function bytesOf(int16) {
  const bytes = new Uint8Array(int16.buffer, int16.byteOffset, int16.byteLength);
  if (LITTLE_ENDIAN) return bytes;
  const swapped = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    swapped[i] = bytes[i + 1];
    swapped[i + 1] = bytes[i];
  }
  return swapped;
}

/** Base64 of the samples as 16-bit little-endian. */
export function pcmToBase64(int16) {
  const bytes = bytesOf(int16);
  if (typeof bytes.toBase64 === 'function') return bytes.toBase64();
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x2000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x2000));
  }
  return btoa(binary);
}

/** The samples in a base64 PCM16LE string, or null when it is not base64. */
export function base64ToPcm(text) {
  if (typeof text !== 'string') return null;
  let bytes;
  try {
    if (typeof Uint8Array.fromBase64 === 'function') bytes = Uint8Array.fromBase64(text);
    else {
      const binary = atob(text);
      bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    }
  } catch {
    return null;
  }
  const samples = new Int16Array(bytes.length >> 1);
  if (LITTLE_ENDIAN) samples.set(new Int16Array(bytes.buffer, bytes.byteOffset, samples.length));
  else for (let i = 0; i < samples.length; i++) samples[i] = (bytes[2 * i + 1] << 8) | bytes[2 * i];
  return samples;
}

/** 20 ms of silence, encoded once. */
export const SILENT_FRAME = pcmToBase64(new Int16Array(FRAME_SAMPLES));
