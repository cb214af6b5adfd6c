import { createLogger, type Logger } from '../log';
import { callMetrics } from '../telemetry/metrics';

/**
 * Outbound audio paced in real time: the bot's speech goes to the caller one 20 ms frame per 20 ms, as
 * a phone line plays it, not as fast as the synthesizer makes it. Sending ahead would fill ACS's buffer
 * with audio a barge-in could no longer take back, and we would not know what the caller really heard.
 */

/** Called once per slot with the slot's number (counted from the clock's start) and the time. */
export type SlotListener = (slot: number, now: number) => void;

/** Wakes `wake` once after `delayMs`; returns a function that cancels it. */
export type ScheduleWake = (wake: () => void, delayMs: number) => () => void;

export interface FrameClockOptions {
  readonly frameMs?: number;
  /** Monotonic time in ms. */
  readonly now?: () => number;
  /** How the clock wakes up: an unref'd setTimeout, unless a test drives time by hand. */
  readonly schedule?: ScheduleWake;
  /** Where a listener's error is reported: one call's bug must not stop the other calls' audio. */
  readonly log?: Logger;
}

/**
 * One timer for the whole process drives every call's outbound audio (500 calls must not mean 500
 * timers). Drift-free: each tick works out which 20 ms slot it is in from the time since the start,
 * rather than counting ticks, and the next wake-up is aimed at the next slot's start, so a late
 * wake-up does not push the later ones back. The timer runs only while someone subscribes.
 */
export class FrameClock {
  readonly frameMs: number;
  readonly now: () => number;
  private readonly schedule: ScheduleWake;
  private readonly log: Logger;
  /** One entry per subscription, so the same function may subscribe twice. */
  private readonly subscriptions = new Set<{ readonly listener: SlotListener }>();
  private startedAt = 0;
  private lastSlot = -1;
  private cancelWake: (() => void) | undefined;

  constructor(options: FrameClockOptions = {}) {
    this.frameMs = options.frameMs ?? 20;
    this.now = options.now ?? (() => performance.now());
    this.schedule = options.schedule ?? unrefTimeout;
    this.log = options.log ?? createLogger();
  }

  /** Listens from the next slot on; returns the unsubscribe function. */
  subscribe(listener: SlotListener): () => void {
    const subscription = { listener };
    this.subscriptions.add(subscription);
    if (!this.running) this.start();
    return () => {
      if (this.subscriptions.delete(subscription) && this.subscriptions.size === 0) this.stop();
    };
  }

  get subscribers(): number {
    return this.subscriptions.size;
  }

  /** Whether a wake-up is scheduled (only while someone subscribes). */
  get running(): boolean {
    return this.cancelWake !== undefined;
  }

  /** When a slot is scheduled to start. */
  timeOfSlot(slot: number): number {
    return this.startedAt + slot * this.frameMs;
  }

  /** One call's audio failed (its socket broke): logged, and the other calls go on. */
  reportError(error: unknown): void {
    this.log.error('outbound audio failed for one slot', { error: String(error) });
  }

  /** The slot `time` falls in (meaningful while the clock runs). */
  slotAt(time: number): number {
    return Math.max(0, Math.floor((time - this.startedAt) / this.frameMs));
  }

  private start(): void {
    this.startedAt = this.now();
    this.lastSlot = -1;
    // Slot 0 starts now: audio queued on an idle clock goes out at once.
    this.cancelWake = this.schedule(this.tick, 0);
  }

  private stop(): void {
    this.cancelWake?.();
    this.cancelWake = undefined;
  }

  private readonly tick = (): void => {
    this.cancelWake = undefined;
    const now = this.now();
    const slot = this.slotAt(now);
    // Timers may fire a little early: a slot already served waits for the next one.
    if (slot > this.lastSlot) {
      this.lastSlot = slot;
      for (const subscription of this.subscriptions) {
        try {
          subscription.listener(slot, now);
        } catch (error) {
          this.reportError(error);
        }
      }
    }
    // A listener may have unsubscribed the last (stopping the clock) or restarted it.
    if (this.subscriptions.size > 0 && !this.running) {
      const nextSlotAt = this.timeOfSlot(this.lastSlot + 1);
      this.cancelWake = this.schedule(this.tick, Math.max(0, Math.ceil(nextSlotAt - this.now())));
    }
  };
}

const unrefTimeout: ScheduleWake = (wake, delayMs) => {
  const timer = setTimeout(wake, delayMs);
  // A process with nothing left to do but pace silence may exit.
  timer.unref();
  return () => clearTimeout(timer);
};

export interface OutboundAudioOptions<Tag> {
  readonly clock: FrameClock;
  readonly send: (frame: Int16Array) => void;
  /** The first frame of a tag's audio went out (once, however many times the tag is enqueued in a row). */
  readonly onStarted?: (tag: Tag) => void;
  /** The last queued frame of a tag's audio went out (again if more of it is enqueued after). */
  readonly onPlayed?: (tag: Tag) => void;
  /** Everything queued was played and the last frame's 20 ms are over (not called after `clear`). */
  readonly onIdle?: () => void;
  /** Most frames sent in one slot to catch up after a late tick (default 3). */
  readonly maxBurst?: number;
}

export interface LatenessStats {
  /** Frames sent. */
  readonly count: number;
  /** Send time − the slot's scheduled time, in ms (0.1 ms resolution, values over 100 ms count as 100). */
  readonly p50: number;
  readonly p99: number;
  /** Exact. */
  readonly max: number;
  /** Slots given up because the event loop was later than `maxBurst` slots: gaps the caller heard. */
  readonly skippedSlots: number;
}

/** A run of frames with one tag: enqueuing more with the tag of the last run extends it. */
interface Run<Tag> {
  readonly tag: Tag;
  readonly frames: Int16Array[];
  next: number;
}

/**
 * A call's outbound audio queue. Items are tagged (e.g. sentence index) so the voice session knows what
 * was actually played. On each clock slot it sends the frames that are due (one per slot, catching up
 * if the event loop was late, but at most `maxBurst`; older slots are dropped and counted), and
 * records lateness = send time − the slot's scheduled time. It subscribes to the clock only while it
 * has audio to play.
 *
 * When a tag's audio stops coming for a moment (a slow synthesizer), the queue runs dry and the tag is
 * reported played; more of its frames later do not start it again, but are reported played again.
 */
export class OutboundAudio<Tag = unknown> {
  private readonly runs: Run<Tag>[] = [];
  private queued = 0;
  private unsubscribe: (() => void) | undefined;
  /** The slot the next frame is due in; undefined until the first slot after the queue was empty. */
  private nextSlot: number | undefined;
  private lastSentSlot = -1;
  private closed = false;
  private readonly maxBurst: number;
  private readonly lateness = new LatenessHistogram();
  private skippedSlots = 0;
  /** The tag whose audio went out last: more of it after the queue ran dry is not a new start. */
  private lastStarted: { readonly tag: Tag } | undefined;
  /** Counts clear/close/idle, so a slot notices when a callback cleared the queue under it. */
  private generation = 0;

  constructor(private readonly options: OutboundAudioOptions<Tag>) {
    this.maxBurst = options.maxBurst ?? 3;
  }

  enqueue(frames: readonly Int16Array[], tag: Tag): void {
    if (this.closed) return;
    const last = this.runs.at(-1);
    if (last && Object.is(last.tag, tag)) for (const frame of frames) last.frames.push(frame);
    else this.runs.push({ tag, frames: [...frames], next: 0 });
    this.queued += frames.length;
    if (this.unsubscribe) return;
    this.unsubscribe = this.options.clock.subscribe(this.onSlot);
    // An idle line starts at once rather than at the shared clock's next tick (up to 20 ms later: the
    // largest part of the answer latency our own code added under load). The frame is on time by
    // definition, and the next ones follow the clock's slots.
    const { clock } = this.options;
    const now = clock.now();
    const slot = clock.slotAt(now);
    if (slot <= this.lastSentSlot) return; // this slot already carried a frame of ours
    try {
      this.serve(slot, now);
    } catch (error) {
      clock.reportError(error);
    }
  }

  /** Drop everything queued (barge-in); returns the tags that had started but not finished, and those never started. */
  clear(): { interrupted: Tag[]; dropped: Tag[] } {
    const interrupted = new Set<Tag>();
    const dropped = new Set<Tag>();
    for (const run of this.runs) {
      (run.next > 0 || this.isLastStarted(run.tag) ? interrupted : dropped).add(run.tag);
    }
    this.runs.length = 0;
    this.queued = 0;
    this.lastStarted = undefined;
    this.becomeIdle();
    return { interrupted: [...interrupted], dropped: [...dropped] };
  }

  /** A frame was sent in the current slot or frames are queued. */
  get playing(): boolean {
    return this.unsubscribe !== undefined;
  }

  get queuedFrames(): number {
    return this.queued;
  }

  latenessStats(): LatenessStats {
    return { ...this.lateness.summary(), skippedSlots: this.skippedSlots };
  }

  /** Stops for good: queued audio is dropped without callbacks, later frames are ignored. */
  close(): void {
    this.closed = true;
    this.runs.length = 0;
    this.queued = 0;
    this.becomeIdle();
  }

  private readonly onSlot = (slot: number): void => this.serve(slot);

  /** Sends what is due in `slot`; `startedAt`: the line was idle and starts now, so now is on time. */
  private serve(slot: number, startedAt?: number): void {
    const clock = this.options.clock;
    if (this.runs.length === 0) {
      // Frames that come later start at the slot they are first seen in: a dry queue is not lateness.
      this.nextSlot = undefined;
      // Stay playing until the last frame's slot is over, so `playing` covers its 20 ms.
      if (slot > this.lastSentSlot) {
        this.becomeIdle();
        this.options.onIdle?.();
      }
      return;
    }
    let due = slot - (this.nextSlot ?? slot) + 1;
    if (due > this.maxBurst) {
      this.skippedSlots += due - this.maxBurst;
      due = this.maxBurst;
    }
    let sendingSlot = slot - due + 1;
    const generation = this.generation;
    while (due > 0) {
      const run = this.runs[0];
      if (!run) break;
      if (run.next === 0 && !this.isLastStarted(run.tag)) {
        this.lastStarted = { tag: run.tag };
        this.options.onStarted?.(run.tag);
      }
      // A callback may have cleared or closed the queue: nothing more goes out in this slot then.
      if (this.generation !== generation) return;
      const frame = run.frames[run.next];
      if (frame) {
        run.next++;
        this.queued--;
        this.options.send(frame);
        // The time after sending, not the tick's: calls served earlier in the same tick delay this one.
        const lateMs = clock.now() - (startedAt ?? clock.timeOfSlot(sendingSlot));
        this.lateness.record(lateMs);
        callMetrics().framesOutLatency.record(lateMs);
        startedAt = undefined;
        this.lastSentSlot = sendingSlot++;
        due--;
      }
      if (run.next >= run.frames.length) {
        this.runs.shift();
        this.options.onPlayed?.(run.tag);
        if (this.generation !== generation) return;
      }
    }
    // Ran dry mid-burst: frames that come later are not behind schedule, they start afresh.
    this.nextSlot = this.runs.length > 0 ? sendingSlot : undefined;
  }

  private isLastStarted(tag: Tag): boolean {
    return this.lastStarted !== undefined && Object.is(this.lastStarted.tag, tag);
  }

  private becomeIdle(): void {
    this.generation++;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.nextSlot = undefined;
    // A stopped clock numbers its slots from 0 again when it restarts.
    this.lastSentSlot = -1;
  }
}

/** 0.1 ms buckets up to 100 ms: constant memory (4 KiB a call) however long the call. */
class LatenessHistogram {
  private static readonly RESOLUTION = 10;
  private static readonly BUCKETS = 1001;
  private buckets: Uint32Array | undefined;
  private count = 0;
  private max = 0;

  record(ms: number): void {
    const late = Math.max(0, ms);
    this.buckets ??= new Uint32Array(LatenessHistogram.BUCKETS);
    const bucket = Math.min(LatenessHistogram.BUCKETS - 1, Math.round(late * LatenessHistogram.RESOLUTION));
    this.buckets[bucket] = (this.buckets[bucket] ?? 0) + 1;
    this.count++;
    if (late > this.max) this.max = late;
  }

  summary(): { count: number; p50: number; p99: number; max: number } {
    return { count: this.count, p50: this.percentile(0.5), p99: this.percentile(0.99), max: this.max };
  }

  private percentile(fraction: number): number {
    if (!this.buckets || this.count === 0) return 0;
    const rank = Math.ceil(fraction * this.count);
    let seen = 0;
    for (let bucket = 0; bucket < this.buckets.length; bucket++) {
      seen += this.buckets[bucket] ?? 0;
      if (seen >= rank) return bucket / LatenessHistogram.RESOLUTION;
    }
    return this.max;
  }
}
