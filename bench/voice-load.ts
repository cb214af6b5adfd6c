import { fork, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { featuresSchema } from '../shared/config';
import type { Frame } from '../shared/voice/audio';
import type { LatenessStats } from '../shared/voice/pacer';
import { restorePriority, yieldToHost } from './priority';
import { summarize, type Summary } from './stats';
import { FramePump, ScriptedCaller, type CallerScript } from './voice-caller';
import { FIXED_LATENCIES, providerMs } from './voice-fakes';
import type {
  HostMemory,
  HostWindow,
  VoiceHostOptions,
  VoiceHostReady,
  VoiceHostReply,
  VoiceHostRequest,
} from './voice-host';

/**
 * The media-call load test: N scripted softphones (the browser page's protocol, over real sockets) call
 * a host running in a child process (voice-host.ts) on fixed-latency fakes. First the calls are set up
 * and stay silent once the bot has greeted them (memory per idle call, after a GC in the host); then
 * they stream silence (what listening costs); then each says its line in real time, waits for the
 * answer, and lets it play or, one turn in three, talks over it. The host reports its outbound frame
 * lateness (every session's own histogram), answer and barge-in latencies, CPU time and event-loop
 * delay; the generator counts the frames it got and checks that it kept its own pace.
 */

export interface VoiceLoadOptions {
  readonly calls: number;
  /** The caller's line. */
  readonly speech: readonly Frame[];
  /** How long the calls converse (their first lines staggered over the first part of it). */
  readonly activeSec: number;
  /** How long all calls stream silence. */
  readonly silentSec: number;
  /** Length of the bot's audio per character of text (65 is a calm voice; quick mode uses less). */
  readonly msPerChar: number;
  /** More node flags for the host process (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, `--trace-gc`). */
  readonly hostFlags?: readonly string[];
  /** The host's `host.media_workers` (undefined: its default, one media process per core). */
  readonly mediaWorkers?: number;
  /** The generator's nice value while it runs the calls (0: the host's priority). */
  readonly generatorNice?: number;
}

export interface VoiceLoadResult {
  readonly calls: number;
  /** Media processes the host ran the calls' media in (0: in its main process). */
  readonly mediaWorkers: number;
  /** The generator's nice value during the run. */
  readonly generatorNice: number;
  /** Dialling every call, 10 at a time: connect, register, dial, media stream open. */
  readonly setupSec: number;
  /** Calls that could not be set up (overload), and the first reason. */
  readonly failedDials: number;
  readonly firstFailure: string | undefined;
  /** Voice sessions up in the host once every call was dialled. */
  readonly sessions: number;
  readonly memory: {
    /** Host RSS after a GC, before any call (after one warm-up call). */
    readonly baselineMiB: number;
    /** Host RSS growth after a GC with the calls up and silent (the bot greeted them), per call. */
    readonly rssPerIdleCallKiB: number;
    readonly heapPerIdleCallKiB: number;
  };
  /** All calls streaming silence. */
  readonly silent: HostWindow;
  readonly active: HostWindow & {
    /** Answer latency − the fakes' nominal 180 ms. */
    readonly overhead: Summary | undefined;
    readonly answer: Summary | undefined;
    readonly bargeIn: Summary | undefined;
    /** Client's view: the frame completing the cutoff window sent → StopAudio received. */
    readonly bargeInClient: Summary | undefined;
    /** Only with the calls in the main process (a media process's clock is its own). */
    readonly tick: Summary | undefined;
  };
  /** Outbound frame lateness, from each call's own histogram (whole call, greeting included). */
  readonly lateness: {
    /** Over calls: each call's p99. */
    readonly callP99: Summary;
    /** Over calls: each call's p50. */
    readonly callP50: Summary;
    readonly max: number;
    readonly skippedSlots: number;
  };
  /** Counted once the bot fell silent (`settled`; false: it was still talking after 30 s). */
  readonly frames: {
    readonly sentByHost: number;
    readonly receivedByCallers: number;
    readonly settled: boolean;
  };
  readonly callers: {
    readonly turns: number;
    readonly answers: number;
    readonly unanswered: number;
    readonly bargeIns: number;
    readonly missedStops: number;
  };
  /** The generator's own pace: slot start → its last frame of the tick sent, and CPU. */
  readonly generator: {
    readonly lateness: Summary;
    readonly skippedSlots: number;
    readonly cpuPercent: number;
  };
  /**
   * CPU time per call per second of wall time, ms: the primary figure (a ratio, so it survives a noisy
   * machine better than latencies do). Host while conversing and while all calls stream silence; the
   * generator while conversing.
   */
  readonly cpuPerCallSecond: {
    readonly hostActive: number;
    readonly hostSilent: number;
    readonly generatorActive: number;
  };
  /**
   * CPU used on the machine during the active window by everything but the host and the generator
   * (other people's tests, the kernel's network work), % of one core: the figures are noisier with it.
   */
  readonly othersCpuPercent: number;
}

const HOST_SCRIPT = resolve(__dirname, 'voice-host.js');
const DIAL_CONCURRENCY = 10;

export async function benchVoiceLoad(options: VoiceLoadOptions): Promise<VoiceLoadResult> {
  const hostOptions: VoiceHostOptions = {
    latencies: FIXED_LATENCIES,
    msPerChar: options.msPerChar,
    ...(options.mediaWorkers === undefined ? {} : { mediaWorkers: options.mediaWorkers }),
  };
  const host = await VoiceHostProcess.start(hostOptions, options.hostFlags ?? []);
  // After the host started, which must not inherit it; restored at the end (as root; an ordinary user
  // may only lower its own priority, so the rest of that bench run keeps it).
  const priorityBefore = yieldToHost(options.generatorNice ?? 0);
  // Calls differ a little, so that they do not take turns in step: pauses, and which answers they
  // talk over (one in three, the first for a third of them).
  const script = (i: number): CallerScript => ({
    speech: options.speech,
    bargeIn: (turn) => (turn + i) % 3 === 0,
    bargeInAfterMs: 500,
    pauseMs: 500 + ((i * 137) % 1_000),
    answerTimeoutMs: 8_000,
    // The host runs on the default features.
    cutoffMs: featuresSchema.parse({}).vad_cutoff_timeout_ms,
  });
  const callers: ScriptedCaller[] = [];
  const pump = new FramePump(callers);
  try {
    // One call first, so that what every call loads once (the VAD's WASM, prepared statements) is in
    // the baseline.
    const warmUp = await ScriptedCaller.dial(host.url, phoneNumber(0), script(0));
    if (!(await untilQuiet([warmUp], 0, 10_000))) throw new Error('the warm-up call heard nothing');
    await warmUp.close();
    await sleep(500);
    const baseline = await host.memory();

    // Under overload a call may fail to set up (the softphone gives up after 10 s): counted, not fatal.
    const setupStarted = performance.now();
    let next = 0;
    let failedDials = 0;
    let firstFailure: string | undefined;
    const dialer = async () => {
      while (next < options.calls) {
        const i = next++;
        try {
          callers.push(await ScriptedCaller.dial(host.url, phoneNumber(i + 1), script(i)));
        } catch (error) {
          failedDials++;
          firstFailure ??= String(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(DIAL_CONCURRENCY, options.calls) }, dialer));
    const setupSec = (performance.now() - setupStarted) / 1_000;
    if (callers.length === 0) throw new Error(`no call could be set up: ${firstFailure}`);
    await untilQuiet(callers, 500, 60_000);
    const idle = await host.memory();

    pump.start();
    for (const caller of callers) caller.stream();
    await host.startWindow();
    await sleep(options.silentSec * 1_000);
    const silent = await host.endWindow();

    await host.startWindow();
    const machineBefore = machineCpuMs();
    const generatorCpu = process.cpuUsage();
    const activeStarted = performance.now();
    pump.lateness.length = 0;
    pump.skippedSlots = 0;
    // First lines spread over about one turn's time (less in a short run), as independent calls are.
    const stagger = Math.min(8_000, (options.activeSec * 1_000) / 2);
    callers.forEach((caller, i) => caller.stream(activeStarted + (i / callers.length) * stagger));
    await sleep(options.activeSec * 1_000);
    const window = await host.endWindow();
    const generatorSec = (performance.now() - activeStarted) / 1_000;
    const generatorUsage = process.cpuUsage(generatorCpu);
    const machineCpuPercent = ((machineCpuMs() - machineBefore) / 1_000 / generatorSec) * 100;
    const generator = {
      lateness: summarize(pump.lateness),
      skippedSlots: pump.skippedSlots,
      cpuPercent: ((generatorUsage.user + generatorUsage.system) / 1e6 / generatorSec) * 100,
    };

    // Let the answers being played end, so that what was sent has arrived, then count.
    for (const caller of callers) caller.hush();
    const settled = await untilQuiet(callers, 400, 30_000);
    const lateness = (await host.lateness(callers.map((c) => c.callId))).filter(
      (stats): stats is LatenessStats => stats !== null,
    );
    pump.stop();

    const stats = callers.map((c) => c.stats);
    const sum = (pick: (s: (typeof stats)[number]) => number) =>
      stats.reduce((total, s) => total + pick(s), 0);
    const stopAudioMs = stats.flatMap((s) => s.stopAudioMs);
    const nominal = providerMs(FIXED_LATENCIES);
    const kib = (bytes: number) => bytes / 1024 / callers.length;
    // % of one core = 10 ms of CPU per second; shared by the calls up.
    const msPerCallSecond = (cpuPercent: number) => (cpuPercent * 10) / callers.length;
    const summary = (samples: readonly number[]) => (samples.length > 0 ? summarize(samples) : undefined);
    return {
      calls: options.calls,
      mediaWorkers: host.mediaWorkers,
      generatorNice: options.generatorNice ?? 0,
      setupSec,
      failedDials,
      firstFailure,
      sessions: idle.sessions,
      memory: {
        baselineMiB: baseline.rss / 2 ** 20,
        rssPerIdleCallKiB: kib(idle.rss - baseline.rss),
        heapPerIdleCallKiB: kib(idle.heapUsed - baseline.heapUsed),
      },
      silent,
      active: {
        ...window,
        answer: summary(window.answerMs),
        overhead: summary(window.answerMs.map((ms) => ms - nominal)),
        bargeIn: summary(window.bargeInMs),
        bargeInClient: summary(stopAudioMs),
        tick: summary(window.tickMs),
      },
      lateness: latenessOverCalls(lateness),
      frames: {
        sentByHost: lateness.reduce((total, s) => total + s.count, 0),
        receivedByCallers: callers.reduce((total, c) => total + c.phone.received.frames, 0),
        settled,
      },
      callers: {
        turns: sum((s) => s.turns),
        answers: sum((s) => s.answers),
        unanswered: sum((s) => s.unanswered),
        bargeIns: sum((s) => s.bargeIns),
        missedStops: sum((s) => s.missedStops),
      },
      generator,
      cpuPerCallSecond: {
        hostActive: msPerCallSecond(window.cpuPercent),
        hostSilent: msPerCallSecond(silent.cpuPercent),
        generatorActive: msPerCallSecond(generator.cpuPercent),
      },
      othersCpuPercent: Math.max(0, machineCpuPercent - window.cpuPercent - generator.cpuPercent),
    };
  } finally {
    pump.stop();
    restorePriority(priorityBefore);
    await host.exit();
    await Promise.all(callers.map((caller) => caller.close().catch(() => undefined)));
  }
}

/**
 * The distribution over calls of each call's p50 and p99 (the sessions keep a histogram each, and
 * expose only its percentiles). The worst call's p99 bounds the p99 of all frames together: in each
 * call at most 1% of frames are later than it.
 */
function latenessOverCalls(calls: readonly LatenessStats[]): VoiceLoadResult['lateness'] {
  const talking = calls.filter((s) => s.count > 0);
  if (talking.length === 0) throw new Error('no call sent any audio');
  return {
    callP99: summarize(talking.map((s) => s.p99)),
    callP50: summarize(talking.map((s) => s.p50)),
    max: Math.max(...talking.map((s) => s.max)),
    skippedSlots: calls.reduce((total, s) => total + s.skippedSlots, 0),
  };
}

/** CPU time used on the whole machine so far, all cores, ms. */
function machineCpuMs(): number {
  return cpus().reduce((total, { times }) => total + times.user + times.nice + times.sys + times.irq, 0);
}

/** Distinct valid French mobile numbers: one per softphone. */
function phoneNumber(i: number): string {
  return `+336${String(20_000_000 + i).slice(-8)}`;
}

/**
 * Waits until every caller has heard the bot and none has for `quietMs` (what it said is over); false
 * when that did not happen within `timeoutMs` (an overloaded host).
 */
async function untilQuiet(callers: readonly ScriptedCaller[], quietMs: number, timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const heard = callers.every((c) => c.lastAudio > 0);
    const last = Math.max(...callers.map((c) => c.lastAudio));
    if (heard && performance.now() - last >= quietMs) return true;
    await sleep(50);
  }
  return false;
}

/** The host child process, and its requests over IPC. */
class VoiceHostProcess {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (r: VoiceHostReply) => void; reject: (e: Error) => void }
  >();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly mediaWorkers: number,
  ) {
    child.on('message', (reply: VoiceHostReply) => {
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.type === 'error') waiter?.reject(new Error(`voice host: ${reply.message}`));
      else waiter?.resolve(reply);
    });
    child.on('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`voice host exited (${code})`));
      this.pending.clear();
    });
  }

  static async start(options: VoiceHostOptions, flags: readonly string[]): Promise<VoiceHostProcess> {
    const child = fork(HOST_SCRIPT, [JSON.stringify(options)], {
      execArgv: ['--expose-gc', ...flags],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await new Promise<VoiceHostReady>((resolveReady, reject) => {
      child.once('message', (message: VoiceHostReady) => resolveReady(message));
      child.once('exit', (code) => reject(new Error(`voice host exited (${code}) before it was ready`)));
    });
    return new VoiceHostProcess(child, ready.url, ready.mediaWorkers);
  }

  async memory(): Promise<HostMemory> {
    const reply = await this.request({ type: 'memory' });
    if (reply.type !== 'memory') throw new Error(`unexpected reply ${reply.type}`);
    return reply.memory;
  }

  async startWindow(): Promise<void> {
    await this.request({ type: 'start_window' });
  }

  async endWindow(): Promise<HostWindow> {
    const reply = await this.request({ type: 'end_window' });
    if (reply.type !== 'window') throw new Error(`unexpected reply ${reply.type}`);
    return reply.window;
  }

  async lateness(callIds: readonly string[]): Promise<readonly (LatenessStats | null)[]> {
    const reply = await this.request({ type: 'lateness', callIds });
    if (reply.type !== 'lateness') throw new Error(`unexpected reply ${reply.type}`);
    return reply.calls;
  }

  async exit(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolveExit) => this.child.once('exit', resolveExit));
    this.child.send({ id: 0, type: 'exit' } satisfies VoiceHostRequest);
    await exited;
  }

  private request(body: DistributiveOmit<VoiceHostRequest, 'id'>): Promise<VoiceHostReply> {
    const id = this.nextId++;
    return new Promise((resolveReply, reject) => {
      this.pending.set(id, { resolve: resolveReply, reject });
      this.child.send({ ...body, id });
    });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
