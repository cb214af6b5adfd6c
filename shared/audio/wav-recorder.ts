import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * A call's recording as a stereo WAV, written while the call goes on: the caller on the left channel,
 * the bot on the right (16-bit PCM). Each side's frames are placed on one timeline by when they
 * happened, so the file plays the conversation as it sounded, with its silences.
 *
 * Nothing is held longer than a moment: every `flushEveryMs` the settled part of the timeline is
 * appended to the file and the header's sizes rewritten, so a process that dies leaves a valid WAV
 * short of the last moment at most (and `repairWavHeader` fixes the one write it may have cut between
 * data and header). Writes go through one queue; a failing disk stops the recording, never the call.
 */

export interface WavRecorderOptions {
  readonly path: string;
  readonly sampleRate: number;
  /** Milliseconds since some origin (performance.now by default): where each frame goes on the timeline. */
  readonly now?: () => number;
  /** How often settled audio is written out. */
  readonly flushEveryMs?: number;
  /** Told once if writing fails (the recording then stops; the call goes on). */
  readonly onError?: (error: unknown) => void;
}

/** A frame may arrive this late (network jitter, a burst) and still join its side's audio seamlessly. */
const JITTER_MS = 100;
const HEADER_BYTES = 44;
const CHANNELS = 2;

type Side = 0 | 1;
interface Placed {
  readonly at: number;
  readonly samples: Int16Array;
}

export class StereoWavRecorder {
  private readonly now: () => number;
  private readonly start: number;
  private readonly rate: number;
  /** The jitter allowance in samples. */
  private readonly jitter: number;
  /** Per side: where its next frame goes at the earliest (in samples from the start). */
  private readonly cursor: [number, number] = [0, 0];
  private readonly pending: [Placed[], Placed[]] = [[], []];
  /** Samples per channel already in the file. */
  private written = 0;
  private queue: Promise<void>;
  private file: FileHandle | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failed = false;
  private closed = false;

  private constructor(
    private readonly options: WavRecorderOptions,
    handle: Promise<FileHandle>,
  ) {
    this.now = options.now ?? (() => performance.now());
    this.start = this.now();
    this.rate = options.sampleRate;
    this.jitter = Math.round((JITTER_MS * this.rate) / 1000);
    this.queue = handle.then(async (file) => {
      this.file = file;
      await file.write(wavHeader(this.rate, 0), 0, HEADER_BYTES, 0);
    });
    this.queue.catch((error: unknown) => this.fail(error));
    this.timer = setInterval(() => this.flush(false), options.flushEveryMs ?? 500);
    this.timer.unref();
  }

  /** Starts a recording in a new file (an existing file is refused: a recording is never overwritten). */
  static create(options: WavRecorderOptions): StereoWavRecorder {
    return new StereoWavRecorder(options, open(options.path, 'wx', 0o600));
  }

  /** A frame the caller sent. The samples are copied: the frame may be reused. */
  caller(samples: Int16Array): void {
    this.place(0, samples);
  }

  /** A frame the bot sent. */
  bot(samples: Int16Array): void {
    this.place(1, samples);
  }

  private place(side: Side, samples: Int16Array): void {
    if (this.closed || this.failed) return;
    const nowAt = this.samplesAt(this.now());
    // Late by less than the jitter allowance: right after the side's previous frame; otherwise (the side
    // starts again after a silence) at its time. Never before what is already in the file.
    const at = Math.max(this.cursor[side] >= nowAt - this.jitter ? this.cursor[side] : nowAt, this.written);
    this.pending[side].push({ at, samples: samples.slice() });
    this.cursor[side] = at + samples.length;
  }

  private samplesAt(time: number): number {
    return Math.max(0, Math.floor(((time - this.start) * this.rate) / 1000));
  }

  /**
   * Appends the settled part of the timeline: everything no frame can land on any more (older than the
   * jitter allowance), or everything when the recording ends.
   */
  private flush(all: boolean): void {
    if (this.failed) return;
    const settled = all ? Math.max(this.written, ...this.cursor) : this.samplesAt(this.now()) - this.jitter;
    const count = settled - this.written;
    if (count <= 0) return;
    const from = this.written;
    const out = new Int16Array(count * CHANNELS);
    for (const side of [0, 1] as const) {
      const keep: Placed[] = [];
      for (const placed of this.pending[side]) {
        const first = Math.max(placed.at, from);
        const last = Math.min(placed.at + placed.samples.length, settled);
        for (let i = first; i < last; i++) out[(i - from) * CHANNELS + side] = placed.samples[i - placed.at]!;
        if (placed.at + placed.samples.length > settled) keep.push(placed);
      }
      this.pending[side] = keep;
    }
    this.written = settled;
    const bytes = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    const dataBytes = settled * CHANNELS * 2;
    this.queue = this.queue
      .then(async () => {
        const file = this.file!;
        await file.write(bytes, 0, bytes.length, HEADER_BYTES + from * CHANNELS * 2);
        // The sizes last: a crash in between leaves a header that undercounts, never one that lies.
        await file.write(wavHeader(this.rate, dataBytes), 0, HEADER_BYTES, 0);
      })
      .catch((error: unknown) => this.fail(error));
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    clearInterval(this.timer);
    this.options.onError?.(error);
  }

  /** Seconds recorded so far (written or about to be). */
  get seconds(): number {
    return Math.max(this.written, ...this.cursor) / this.rate;
  }

  /** Writes what is left and closes the file. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return this.queue;
    this.closed = true;
    clearInterval(this.timer);
    this.flush(true);
    this.queue = this.queue.then(() => this.file?.close()).catch((error: unknown) => this.fail(error));
    return this.queue;
  }
}

/** The 44-byte header of a 16-bit PCM stereo WAV with `dataBytes` of samples. */
export function wavHeader(sampleRate: number, dataBytes: number): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(CHANNELS, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * CHANNELS * 2, 28);
  header.writeUInt16LE(CHANNELS * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

/**
 * Makes a recording left by a process that died mid-write valid again: the header's sizes are set to
 * the whole stereo samples the file holds, and a torn last one is cut. Returns whether anything changed.
 */
export function repairWavHeader(path: string): boolean {
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    const header = Buffer.alloc(HEADER_BYTES);
    if (size < HEADER_BYTES || readSync(fd, header, 0, HEADER_BYTES, 0) < HEADER_BYTES) return false;
    if (header.toString('ascii', 0, 4) !== 'RIFF' || header.toString('ascii', 36, 40) !== 'data')
      return false;
    const frameBytes = header.readUInt16LE(32);
    const dataBytes = size - HEADER_BYTES - ((size - HEADER_BYTES) % frameBytes);
    if (header.readUInt32LE(40) === dataBytes && size === HEADER_BYTES + dataBytes) return false;
    ftruncateSync(fd, HEADER_BYTES + dataBytes);
    writeSync(fd, wavHeader(header.readUInt32LE(24), dataBytes), 0, HEADER_BYTES, 0);
    return true;
  } finally {
    closeSync(fd);
  }
}
