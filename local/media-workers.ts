import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../shared/config';
import type { LatenessStats } from '../shared/voice/pacer';
import { IpcBatcher, unbatch, type Batch } from './ipc-batch';
import type { FromWorker, SpeechModule, ToWorker } from './media-protocol';
import { RemoteVoiceLoop } from './remote-voice-loop';
import type { Services } from '../shared/services';
import type { VoiceCalls } from './voice-calls';

/**
 * `MEDIA_WORKERS` (config `host.media_workers`): the calls' media work spread over media processes,
 * one per core by default. One Node event loop uses one core; the per-frame work (WebSocket framing,
 * decoding, VAD, turn detection, speech, pacing) is most of the host's CPU under load, so it runs in
 * `media-worker.ts` processes while the conversation, the workflow runner and the data folder stay in
 * the main process. The main process accepts each media WebSocket upgrade, checks it as before, and,
 * beyond the few calls it keeps itself (`host.media_calls_in_main`: their turns cross no IPC, see
 * sockets.ts), hands the socket itself to the media process with the fewest calls (Node 20's worker
 * threads cannot take a socket; a child process can). A call stays in its media process until it
 * ends, so its frames keep their order and each process's pacer keeps its calls on time. A media process that dies takes
 * only its own calls: their turns in flight are aborted (only what was heard is stored) and the calls
 * are hung up; a new process takes its place for new calls.
 */

export interface MediaWorkersOptions {
  readonly count: number;
  readonly config: Config;
  readonly services: Services;
  readonly voiceCalls: VoiceCalls;
  /** Benchmarks: the media processes' speech providers come from this module. */
  readonly speechModule?: SpeechModule;
}

/** How many media processes `host.media_workers` asks for: unset is one per core; 0 and 1 run in process. */
export function mediaWorkerCount(configured: number | undefined): number {
  const count = configured ?? availableParallelism();
  return count <= 1 ? 0 : count;
}

/** The media process's script, beside this one once built; none when running from TypeScript sources. */
export function mediaWorkerEntry(): string | undefined {
  const path = join(__dirname, 'media-worker.js');
  return __filename.endsWith('.js') && existsSync(path) ? path : undefined;
}

export interface MediaStats {
  readonly calls: (LatenessStats | null)[];
  readonly processes: readonly {
    readonly cpu: { readonly user: number; readonly system: number };
    readonly rss: number;
    readonly sessions: number;
    readonly framesProduced: number;
  }[];
}

const STARTUP_TIMEOUT_MS = 20_000;
const RESPAWN_DELAY_MS = 500;

class MediaProcess {
  readonly calls = new Map<string, RemoteVoiceLoop>();
  readonly ready: Promise<void>;
  /** It got as far as ready once: only such a process is replaced when it dies. */
  started = false;
  private readonly stats = new Map<number, (reply: Extract<FromWorker, { type: 'stats' }>) => void>();
  private nextStats = 0;
  private readonly batcher = new IpcBatcher<ToWorker>(
    (message) => this.post(message),
    // A turn's sentence: the media process starts its speech.
    (message) => message.type === 'event',
  );

  constructor(
    readonly child: ChildProcess,
    init: ToWorker,
  ) {
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('media process did not start')), STARTUP_TIMEOUT_MS);
      child.on('message', (received: FromWorker | Batch<FromWorker>) =>
        unbatch(received, (message) => {
          if (message.type === 'ready') {
            clearTimeout(timer);
            this.started = true;
            resolve();
          } else if (message.type === 'stats') this.stats.get(message.id)?.(message);
          else this.calls.get(message.callId)?.receive(message);
        }),
      );
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`media process exited (${signal ?? code})`));
      });
    });
    this.ready.catch(() => undefined);
    this.send(init);
  }

  send(message: ToWorker, socket?: Socket): void {
    if (!socket) return this.batcher.send(message);
    // A socket goes with its own message, after what was sent before it.
    this.batcher.flush();
    this.post(message, socket);
  }

  private post(message: ToWorker | Batch<ToWorker>, socket?: Socket): void {
    if (!this.child.connected) return;
    // A closed channel is the process dying: its 'exit' handles the calls.
    if (socket) this.child.send(message, socket, () => undefined);
    else this.child.send(message, () => undefined);
  }

  askStats(callIds: readonly string[], gc: boolean): Promise<Extract<FromWorker, { type: 'stats' }>> {
    const id = ++this.nextStats;
    return new Promise((resolve) => {
      this.stats.set(id, (reply) => {
        this.stats.delete(id);
        resolve(reply);
      });
      this.send({ type: 'stats', id, callIds, gc });
    });
  }
}

export class MediaWorkers {
  private readonly processes: MediaProcess[] = [];
  private closing = false;

  private constructor(
    private readonly entry: string,
    private readonly options: MediaWorkersOptions,
  ) {}

  /**
   * Forks the media processes without waiting for them: the host is up meanwhile (a media process
   * loads its speech models in the background), and the first call given to one waits until it is ready.
   */
  static start(entry: string, options: MediaWorkersOptions): MediaWorkers {
    const workers = new MediaWorkers(entry, options);
    for (let i = 0; i < options.count; i++) workers.spawn(i);
    return workers;
  }

  get size(): number {
    return this.processes.length;
  }

  /** The media processes' ids, in slot order (tests, benchmarks). */
  get pids(): number[] {
    return this.processes.map((p) => p.child.pid ?? 0);
  }

  /** Which media process runs the call (tests, benchmarks); undefined if none. */
  pidOf(callId: string): number | undefined {
    return this.processes.find((p) => p.calls.has(callId))?.child.pid;
  }

  /**
   * Hands an authorized media upgrade over to the least busy media process. Answers false when the
   * socket is still ours (the call could not be set up here): the caller refuses it.
   */
  async handOver(
    callId: string,
    req: IncomingMessage,
    socket: Socket,
    head: Buffer,
    /** The media process cut the socket off for flooding (as `serveMedia`'s `onFlood`). */
    onFlood: () => void,
  ): Promise<boolean> {
    const { voiceCalls, services } = this.options;
    let handedOver = false;
    try {
      await voiceCalls.openRemote(callId, async (conversation, line) => {
        const target = await this.leastBusy();
        const loop = new RemoteVoiceLoop(callId, conversation, {
          store: services.store,
          observer: voiceCalls.observerFor(callId),
          send: (message) => target.send(message),
          onClosed: (closed) => {
            target.calls.delete(callId);
            voiceCalls.close(callId, closed);
          },
          onFlood,
        });
        target.calls.set(callId, loop);
        const request = {
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          headers: req.headers,
          head: head.toString('base64'),
        };
        target.send({ type: 'open', callId, request, call: line }, socket);
        handedOver = true;
        try {
          await loop.opened;
        } catch (error) {
          if (target.calls.get(callId) === loop) target.calls.delete(callId);
          throw error;
        }
        return loop;
      });
    } catch (error) {
      services.log.warn('media stream not started', { call_id: callId, error: String(error) });
    }
    return handedOver;
  }

  /**
   * Benchmarks: outbound lateness of these calls (null: not found), and each media process's CPU time
   * (µs since it started), RSS (after a full GC when `gc` and the processes run with --expose-gc, which
   * they inherit from the main process) and the frames its speech module's TTS made.
   */
  async stats(callIds: readonly string[], gc = false): Promise<MediaStats> {
    const replies = await Promise.all(this.processes.map((p) => p.askStats(callIds, gc)));
    return {
      calls: callIds.map((_, i) => replies.map((r) => r.calls[i]).find((c) => c) ?? null),
      processes: replies.map(({ cpu, rss, sessions, framesProduced }) => ({
        cpu,
        rss,
        sessions,
        framesProduced,
      })),
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      this.processes.map(async ({ child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }),
    );
  }

  private async leastBusy(): Promise<MediaProcess> {
    const live = this.processes.filter((p) => p.child.connected && p.child.exitCode === null);
    const target = live.sort((a, b) => a.calls.size - b.calls.size)[0];
    if (!target) throw new Error('no media process is running');
    await target.ready;
    return target;
  }

  private spawn(slot: number): void {
    const { config, speechModule } = this.options;
    const child = fork(this.entry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const media = new MediaProcess(child, {
      type: 'init',
      config,
      ...(speechModule ? { speechModule } : {}),
    });
    this.processes[slot] = media;
    child.once('exit', (code, signal) => this.onExit(slot, media, code, signal));
  }

  /** A media process ended: its calls lost their audio, so they are hung up; a new one takes the slot. */
  private onExit(slot: number, media: MediaProcess, code: number | null, signal: string | null): void {
    if (this.closing) return;
    const { services, voiceCalls } = this.options;
    const calls = [...media.calls.entries()];
    services.log.error('media process ended: its calls are hung up', {
      pid: media.child.pid,
      code,
      signal,
      calls: calls.length,
    });
    media.calls.clear();
    for (const [callId, loop] of calls) {
      loop.lost();
      voiceCalls.close(callId, loop);
      services.telephony.hangUp(callId).catch((error: unknown) => {
        services.log.warn('call of a dead media process not hung up', {
          call_id: callId,
          error: String(error),
        });
      });
    }
    // One that never started (its speech models failed to load) would fail again: not replaced, and
    // calls go to the others (with none left, media streams are refused with 503).
    if (!media.started) return;
    // After a pause: a process that dies as soon as it starts must not be respawned in a tight loop.
    setTimeout(() => {
      if (!this.closing && this.processes[slot] === media) this.spawn(slot);
    }, RESPAWN_DELAY_MS).unref();
  }
}
