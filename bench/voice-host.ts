import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { startLocalHost, type LocalHost } from '../local/host';
import { loadConfig } from '../shared/config';
import { silentLogger } from '../shared/log';
import type { LatenessStats } from '../shared/voice/pacer';
import { fakeProviders, type FixedLatencies } from './voice-fakes';

/**
 * The load test's host: the real local host on fixed-latency fakes, in a process of its own (started by
 * voice-load.ts with `child_process.fork`), so that the load generator does not run on its event loop.
 * It answers the generator's requests over IPC with what only it can see: its sessions' outbound frame
 * lateness, the answer and barge-in latencies its sessions report, its CPU time, memory and event-loop
 * delay. Run with --expose-gc, so that memory is measured after a full collection.
 */

export interface VoiceHostOptions {
  readonly latencies: FixedLatencies;
  readonly msPerChar: number;
  /** `host.media_workers` (undefined: the default, one media process per core). */
  readonly mediaWorkers?: number;
}

export type VoiceHostRequest =
  | { readonly id: number; readonly type: 'memory' }
  /** Starts a measurement window: CPU time, event-loop delay, answers and barge-ins from now on. */
  | { readonly id: number; readonly type: 'start_window' }
  | { readonly id: number; readonly type: 'end_window' }
  | { readonly id: number; readonly type: 'lateness'; readonly callIds: readonly string[] }
  | { readonly id: number; readonly type: 'exit' };

export interface HostMemory {
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
  readonly sessions: number;
}

export interface HostWindow {
  readonly seconds: number;
  /** CPU time (user + system) over wall time: 100 is one core busy all the time. */
  readonly cpuPercent: number;
  /** Of which in the kernel (socket reads and writes, mostly). */
  readonly systemCpuPercent: number;
  /** Of which in the main process (conversation, store, IPC; with media processes, no media). */
  readonly mainCpuPercent: number;
  /** Garbage-collection pauses: how many, their total and the longest, ms. */
  readonly gc: { readonly count: number; readonly totalMs: number; readonly maxMs: number };
  /** Event-loop delay, ms. */
  readonly loopDelay: { readonly p50: number; readonly p99: number; readonly max: number };
  /** Each answer's latency, ms: end of the caller's turn detected → first frame out. */
  readonly answerMs: readonly number[];
  /** Each barge-in's latency, ms: the frame that reached the cutoff received → StopAudio sent. */
  readonly bargeInMs: readonly number[];
  /** Per clock tick: the slot's start → the tick's last frame sent, ms (what the last call served got). */
  readonly tickMs: readonly number[];
  /** Frames the fake TTS produced (some are dropped by barge-ins). */
  readonly framesSynthesized: number;
}

export type VoiceHostReply =
  | { readonly id: number; readonly type: 'memory'; readonly memory: HostMemory }
  | { readonly id: number; readonly type: 'window'; readonly window: HostWindow }
  | { readonly id: number; readonly type: 'lateness'; readonly calls: readonly (LatenessStats | null)[] }
  | { readonly id: number; readonly type: 'ok' }
  | { readonly id: number; readonly type: 'error'; readonly message: string };

/** `mediaWorkers`: how many media processes the host runs its calls' media in (0: in process). */
export type VoiceHostReady = { readonly type: 'ready'; readonly url: string; readonly mediaWorkers: number };

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '') as VoiceHostOptions;
  const dir = mkdtempSync(join(tmpdir(), 'callcenter-bench-voice-host-'));
  const hostSettings =
    options.mediaWorkers === undefined ? {} : { host: { media_workers: options.mediaWorkers } };
  const source = { env: {}, cwd: dir, overrides: { data_dir: dir, ...hostSettings } };
  const fakes = fakeProviders(options.latencies, { msPerChar: options.msPerChar });
  const host = await startLocalHost(loadConfig(source), {
    log: silentLogger,
    configSource: source,
    port: 0,
    speech: fakes.speech,
    chatModels: fakes.chatModels,
    // With media processes, each makes the same fakes for its calls' STT and TTS.
    mediaWorkerSpeech: {
      path: join(__dirname, 'voice-worker-speech.js'),
      argument: { latencies: options.latencies, msPerChar: options.msPerChar },
    },
  });
  const window = new MeasurementWindow(host, () => fakes.tts.framesProduced);
  process.on('message', (request: VoiceHostRequest) => {
    answer(request, host, window).then(
      (reply) => {
        if (request.type === 'exit') {
          rmSync(dir, { recursive: true, force: true });
          // (Without media processes there is nothing to stop: the optional chain must not skip the exit.)
          void (host.mediaWorkers?.close() ?? Promise.resolve()).finally(() => process.exit(0));
          return;
        }
        process.send?.(reply);
      },
      (error: unknown) =>
        process.send?.({ id: request.id, type: 'error', message: String(error) } satisfies VoiceHostReply),
    );
  });
  process.send?.({
    type: 'ready',
    url: host.url,
    mediaWorkers: host.mediaWorkers?.size ?? 0,
  } satisfies VoiceHostReady);
}

async function answer(
  request: VoiceHostRequest,
  host: LocalHost,
  window: MeasurementWindow,
): Promise<VoiceHostReply> {
  const { id } = request;
  switch (request.type) {
    case 'memory':
      return { id, type: 'memory', memory: await memoryAfterGc(host) };
    case 'start_window':
      await window.start();
      return { id, type: 'ok' };
    case 'end_window':
      return { id, type: 'window', window: await window.end() };
    case 'lateness': {
      // The calls in this process (the first ones stay: `host.media_calls_in_main`) and in media processes.
      const here = request.callIds.map((callId) => host.voiceCalls.get(callId)?.latenessStats() ?? null);
      const there = host.mediaWorkers ? (await host.mediaWorkers.stats(request.callIds)).calls : [];
      return { id, type: 'lateness', calls: here.map((stats, i) => stats ?? there[i] ?? null) };
    }
    case 'exit':
      return { id, type: 'ok' };
  }
}

/**
 * Memory after a full collection (twice: the first may leave finalized objects for the second). With
 * media processes, their RSS (after their own GC) is added; heap figures are the main process's.
 */
async function memoryAfterGc(host: LocalHost): Promise<HostMemory> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the voice host needs --expose-gc');
  gc();
  gc();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  const media = (await host.mediaWorkers?.stats([], true))?.processes ?? [];
  const mediaRss = media.reduce((sum, p) => sum + p.rss, 0);
  return { rss: rss + mediaRss, heapUsed, external, arrayBuffers, sessions: host.voiceCalls.size };
}

/** CPU time of the host, µs: the main process plus its media processes. */
async function hostCpu(host: LocalHost): Promise<HostCpu> {
  const main = process.cpuUsage();
  const media = (await host.mediaWorkers?.stats([]))?.processes ?? [];
  return media.reduce(
    (sum, p) => ({
      ...sum,
      user: sum.user + p.cpu.user,
      system: sum.system + p.cpu.system,
      frames: sum.frames + p.framesProduced,
    }),
    { user: main.user, system: main.system, main: main.user + main.system, frames: 0 },
  );
}

interface HostCpu {
  readonly user: number;
  readonly system: number;
  /** The main process's user + system. */
  readonly main: number;
  readonly frames: number;
}

const LOOP_DELAY_RESOLUTION_MS = 10;

class MeasurementWindow {
  private readonly loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  private startedAt = 0;
  private cpu: HostCpu = { user: 0, system: 0, main: 0, frames: 0 };
  private framesBefore = 0;
  private readonly tickMs: number[] = [];
  private unsubscribe: (() => void) | undefined;
  private gc = { count: 0, totalMs: 0, maxMs: 0 };
  private readonly gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      this.gc.count++;
      this.gc.totalMs += entry.duration;
      this.gc.maxMs = Math.max(this.gc.maxMs, entry.duration);
    }
  });

  constructor(
    private readonly host: LocalHost,
    private readonly framesSynthesized: () => number,
  ) {}

  async start(): Promise<void> {
    const { metrics, clock } = this.host.voiceCalls;
    metrics.answers.length = 0;
    metrics.bargeIns.length = 0;
    this.tickMs.length = 0;
    this.cpu = await hostCpu(this.host);
    this.framesBefore = this.framesSynthesized() + this.cpu.frames;
    this.loopDelay.reset();
    this.loopDelay.enable();
    this.gc = { count: 0, totalMs: 0, maxMs: 0 };
    this.gcObserver.observe({ entryTypes: ['gc'] });
    // The clock calls its listeners one after the other in the tick; a microtask queued by one runs
    // once the whole tick is over, every call's frames sent. (It keeps the clock running meanwhile,
    // which with calls talking it does anyway.)
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    // With media processes the calls run on their clocks, not this one: nothing to measure here.
    if (!this.host.mediaWorkers)
      this.unsubscribe = clock.subscribe((slot) => {
        queueMicrotask(() => {
          if (this.tickMs.length < 200_000) this.tickMs.push(clock.now() - clock.timeOfSlot(slot));
        });
      });
    this.startedAt = performance.now();
  }

  async end(): Promise<HostWindow> {
    const now = await hostCpu(this.host);
    const seconds = (performance.now() - this.startedAt) / 1_000;
    const cpu = { user: now.user - this.cpu.user, system: now.system - this.cpu.system };
    this.loopDelay.disable();
    this.gcObserver.disconnect();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    const { metrics } = this.host.voiceCalls;
    // The histogram holds the sampling timer's intervals: its delay is what exceeds the resolution.
    const ms = (ns: number) => Math.max(0, ns / 1e6 - LOOP_DELAY_RESOLUTION_MS);
    return {
      seconds,
      cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
      systemCpuPercent: (cpu.system / 1e6 / seconds) * 100,
      mainCpuPercent: ((now.main - this.cpu.main) / 1e6 / seconds) * 100,
      gc: { ...this.gc },
      loopDelay: {
        p50: ms(this.loopDelay.percentile(50)),
        p99: ms(this.loopDelay.percentile(99)),
        max: ms(this.loopDelay.max),
      },
      answerMs: metrics.answers.map((a) => a.answerMs),
      bargeInMs: [...metrics.bargeIns],
      tickMs: [...this.tickMs],
      framesSynthesized: this.framesSynthesized() + now.frames - this.framesBefore,
    };
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
