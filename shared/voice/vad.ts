/**
 * Voice activity detection: WebRTC's VAD (libfvad, compiled to WASM by @echogarden/fvad-wasm) behind an
 * energy gate.
 */

import { FRAME_SAMPLES, rmsDbfs, SAMPLE_RATE, type Frame } from './audio';

export interface VoiceActivityDetector {
  /** Whether this 20 ms frame (16 kHz) holds speech. */
  isSpeech(frame: Frame): boolean;
  reset(): void;
  close(): void;
}

/** What we use of the Emscripten module (the package ships no types). */
interface FvadModule {
  _fvad_new(): number;
  _fvad_set_mode(handle: number, mode: number): number;
  _fvad_set_sample_rate(handle: number, sampleRate: number): number;
  /** 1 for speech, 0 for none, −1 for an invalid frame length. */
  _fvad_process(handle: number, frame: number, length: number): number;
  _fvad_reset(handle: number): void;
  _fvad_free(handle: number): void;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  /** Replaced when the WASM memory grows: read it at each use, never keep it. */
  readonly HEAP16: Int16Array;
}

let fvadModule: Promise<FvadModule> | undefined;

/** Loads the WASM module once per process; a failed load is retried by the next caller. */
function loadFvad(): Promise<FvadModule> {
  fvadModule ??= (async () => {
    // The package is ESM only: a real dynamic import, which TypeScript keeps as is in our CommonJS
    // output (module node20). The specifier is a variable so that TypeScript does not look for the types
    // the package does not have.
    const specifier: string = '@echogarden/fvad-wasm';
    const { default: createModule } = (await import(specifier)) as { default: () => Promise<FvadModule> };
    return createModule();
  })().catch((error: unknown) => {
    fvadModule = undefined;
    throw error;
  });
  return fvadModule;
}

/**
 * Maps the `vad_threshold` flag (0..1, default 0.5, higher = stricter) onto fvad's aggressiveness mode
 * in four equal steps: [0, 0.25) → 0, [0.25, 0.5) → 1, [0.5, 0.75) → 2, [0.75, 1] → 3.
 *
 * Measured (test/voice/vad.test.ts) with this mapping and energyFloorDbfs, frames called speech:
 *
 *   threshold                          0      0.25    0.5    0.75   1
 *   Flite speech, 239 frames           216    211     203    195    190
 *   the same 30 dB quieter             177    163     152    140    105
 *   digital silence, 100 frames        0      0       0      0      0
 *   white noise −60 dBFS, 100 frames   6      1       0      0      0
 *   white noise −50 dBFS               5      5       4      1      0
 *   white noise −30 dBFS               100    79      4      4      4
 *   440 Hz tone −40 dBFS               7      7       4      4      4
 *   440 Hz tone −30 dBFS               100    7       5      4      4
 *   440 Hz tone or white noise −20     100    100     100    100    100
 *
 * Every new sound is speech for its first 80–140 ms, while fvad's noise estimate catches up. From mode
 * 2 on that is 80 ms for noise, under the turn detector's minimum speech (100 ms), which is why the
 * default lands there; modes 0 and 1 give 100–140 ms, enough to start a turn, and take steady noise
 * at −30 dBFS (a loud line) for speech. No mode tells a loud steady tone from a voice (a −30 dBFS tone
 * still starts a turn in mode 2): WebRTC's VAD models the spectrum's energy, not speech.
 */
export function vadModeFor(threshold: number): 0 | 1 | 2 | 3 {
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new RangeError(`vad_threshold must be in 0..1, got ${threshold}`);
  }
  if (threshold < 0.25) return 0;
  if (threshold < 0.5) return 1;
  if (threshold < 0.75) return 2;
  return 3;
}

/**
 * The level under which a frame is never speech, whatever fvad says: −65 dBFS at threshold 0, −55 at
 * 0.5, −45 at 1. fvad flags faint sounds (noise at −70 dBFS when it starts, its own hangover after the
 * last word), while telephone speech is around −26 dBFS (ITU-T's nominal level), its loud syllables
 * higher (Flite's: −20 to −10). A stricter threshold also asks for a closer voice, so distant talk (a
 * TV, a colleague) stays out while a soft caller still passes.
 */
function energyFloorDbfs(threshold: number): number {
  return -65 + 20 * threshold;
}

/**
 * A detector: one fvad handle in the shared module, with its own input buffer in WASM memory. Close it
 * when the call ends: WASM memory is not garbage-collected.
 */
export async function createWebRtcVad(options: { threshold: number }): Promise<VoiceActivityDetector> {
  const mode = vadModeFor(options.threshold);
  const floorDbfs = energyFloorDbfs(options.threshold);
  const fvad = await loadFvad();
  const handle = fvad._fvad_new();
  if (handle === 0) throw new Error('fvad: out of memory creating a detector');
  const input = fvad._malloc(FRAME_SAMPLES * 2);
  // fvad_reset also sets the mode and sample rate back to their defaults (0 and 8 kHz).
  const configure = (): boolean =>
    fvad._fvad_set_mode(handle, mode) === 0 && fvad._fvad_set_sample_rate(handle, SAMPLE_RATE) === 0;
  if (input === 0 || !configure()) {
    fvad._free(input);
    fvad._fvad_free(handle);
    throw new Error('fvad: could not set up a detector');
  }
  let closed = false;

  return {
    isSpeech(frame) {
      if (closed) throw new Error('The voice activity detector is closed');
      if (frame.length !== FRAME_SAMPLES) {
        throw new RangeError(`A frame holds ${FRAME_SAMPLES} samples, got ${frame.length}`);
      }
      fvad.HEAP16.set(frame, input >> 1);
      // fvad sees every frame, quiet ones included: its noise estimate and hangover follow the audio.
      const result = fvad._fvad_process(handle, input, FRAME_SAMPLES);
      if (result < 0) throw new Error('fvad: could not process the frame');
      return result === 1 && rmsDbfs(frame) >= floorDbfs;
    },
    reset() {
      if (closed) return;
      fvad._fvad_reset(handle);
      configure();
    },
    close() {
      if (closed) return;
      closed = true;
      fvad._free(input);
      fvad._fvad_free(handle);
    },
  };
}
