import { describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/log';
import { FrameClock, OutboundAudio, type ScheduleWake } from '../../shared/voice/pacer';

/**
 * Outbound audio paced in real time: one frame per 20 ms slot, driven by one clock for all calls.
 * Most tests move time by hand (ManualTime drives the clock's wake-ups); one runs on real timers.
 */

/** Time that moves only when the test says; the clock's wake-ups fire when their time is passed. */
class ManualTime {
  now = 0;
  private wakes: { at: number; wake: () => void }[] = [];

  readonly schedule: ScheduleWake = (wake, delayMs) => {
    const entry = { at: this.now + delayMs, wake };
    this.wakes.push(entry);
    return () => {
      this.wakes = this.wakes.filter((other) => other !== entry);
    };
  };

  get pendingWakes(): number {
    return this.wakes.length;
  }

  /** Moves time forward, firing each wake-up at its due time (a punctual timer, `lateMs` late). */
  advance(ms: number, lateMs = 0): void {
    const end = this.now + ms;
    for (;;) {
      const next = this.wakes.filter((entry) => entry.at + lateMs <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.wakes = this.wakes.filter((entry) => entry !== next);
      this.now = Math.max(this.now, next.at + lateMs);
      next.wake();
    }
    this.now = end;
  }

  /** The event loop was blocked for `ms`: the wake-ups that fell due fire late, all at the end. */
  block(ms: number): void {
    this.now += ms;
    this.advance(0);
  }
}

function frames(count: number, from = 0): Int16Array[] {
  return Array.from({ length: count }, (_, i) => Int16Array.of(from + i));
}

/** One call's outbound audio on a hand-driven clock, with what it sent and reported. */
function setup(options: { maxBurst?: number } = {}) {
  const time = new ManualTime();
  const clock = new FrameClock({ now: () => time.now, schedule: time.schedule });
  const sent: { at: number; sample: number }[] = [];
  const events: string[] = [];
  const audio = new OutboundAudio<string>({
    clock,
    send: (frame) => sent.push({ at: time.now, sample: frame[0] ?? NaN }),
    onStarted: (tag) => events.push(`started ${tag}`),
    onPlayed: (tag) => events.push(`played ${tag}`),
    onIdle: () => events.push('idle'),
    ...options,
  });
  return { time, clock, audio, sent, events };
}

describe('outbound audio pacing', () => {
  it('sends one frame per 20 ms, in order, the first at once', () => {
    const { time, audio, sent } = setup();
    audio.enqueue(frames(5), 'hello');
    time.advance(0);
    expect(sent).toEqual([{ at: 0, sample: 0 }]);
    time.advance(200);
    expect(sent).toEqual([0, 20, 40, 60, 80].map((at, i) => ({ at, sample: i })));
    expect(audio.latenessStats()).toMatchObject({ count: 5, p50: 0, p99: 0, max: 0, skippedSlots: 0 });
  });

  it('starts an idle line at once even when the shared clock is busy with other calls', () => {
    const { time, clock, audio, sent } = setup();
    const other = new OutboundAudio<string>({ clock, send: () => undefined });
    other.enqueue(frames(50), 'another call');
    time.advance(47);
    audio.enqueue(frames(3), 'answer');
    // Not at the next tick (60 ms): now, and the rest on the clock's slots.
    expect(sent.map((s) => s.at)).toEqual([47]);
    time.advance(40);
    expect(sent.map((s) => s.at)).toEqual([47, 60, 80]);
    expect(audio.latenessStats()).toMatchObject({ count: 3, max: 0 });
  });

  it('does not drift when every wake-up is late: frames follow the wall clock, not the tick count', () => {
    const { time, audio, sent } = setup();
    audio.enqueue(frames(500), 'long');
    // Each wake-up fires 7 ms after it was due; counting ticks would send one frame per 27 ms.
    time.advance(2000, 7);
    expect(sent.length).toBeGreaterThanOrEqual(99);
    expect(sent.length).toBeLessThanOrEqual(101);
    expect(audio.latenessStats()).toMatchObject({ p50: 7, max: 7, skippedSlots: 0 });
  });

  it('catches up after a blocked event loop with at most 3 frames, and counts the slots it gave up', () => {
    const { time, audio, sent } = setup();
    audio.enqueue(frames(10), 'sentence');
    time.advance(0);
    time.block(100); // slots 1 to 5 were due; 5 is current
    expect(sent.map((frame) => frame.at)).toEqual([0, 100, 100, 100]);
    expect(audio.latenessStats()).toMatchObject({ count: 4, max: 40, skippedSlots: 2 });
    // Back on schedule: one frame per slot again.
    time.advance(40);
    expect(sent.map((frame) => frame.at).slice(4)).toEqual([120, 140]);
  });

  it('sends a burst of up to maxBurst frames when configured', () => {
    const { time, audio, sent } = setup({ maxBurst: 1 });
    audio.enqueue(frames(10), 'sentence');
    time.advance(0);
    time.block(100);
    expect(sent).toHaveLength(2);
    expect(audio.latenessStats().skippedSlots).toBe(4);
  });

  it('reports each sentence started and played as its frames go out, then idle once', () => {
    const { time, audio, events } = setup();
    audio.enqueue(frames(2), 's1');
    audio.enqueue(frames(1), 's2');
    time.advance(0);
    expect(events).toEqual(['started s1']);
    time.advance(20);
    expect(events).toEqual(['started s1', 'played s1']);
    time.advance(20);
    expect(events).toEqual(['started s1', 'played s1', 'started s2', 'played s2']);
    expect(audio.playing).toBe(true); // the last frame is still playing for its 20 ms
    time.advance(20);
    expect(events.at(-1)).toBe('idle');
    expect(audio.playing).toBe(false);
    time.advance(1000);
    expect(events.filter((event) => event === 'idle')).toHaveLength(1);
  });

  it('treats frames enqueued in pieces under one tag as one sentence, even if the queue ran dry between', () => {
    const { time, audio, events, sent } = setup();
    // A streaming synthesizer hands over each sentence in chunks.
    audio.enqueue(frames(2), 's1');
    audio.enqueue(frames(2, 2), 's1');
    time.advance(60);
    expect(events).toEqual(['started s1', 'played s1']);
    // The synthesizer was slow: more of s1 arrives after the queue ran dry.
    time.advance(60);
    audio.enqueue(frames(1, 4), 's1');
    time.advance(40);
    expect(sent.map((frame) => frame.sample)).toEqual([0, 1, 2, 3, 4]);
    expect(events).toEqual(['started s1', 'played s1', 'idle', 'played s1', 'idle']);
    // Frames after a dry spell are not late: they start at the slot they are first seen in.
    expect(audio.latenessStats().max).toBe(0);
  });

  it('reports an empty sentence started and played without spending a slot', () => {
    const { time, audio, events, sent } = setup();
    audio.enqueue(frames(3), 's1');
    time.advance(100); // played, idle: the clock stopped
    audio.enqueue([], 's2');
    audio.enqueue(frames(1, 9), 's3');
    time.advance(0);
    expect(sent.map((frame) => frame.sample)).toEqual([0, 1, 2, 9]);
    expect(events).toEqual([
      'started s1',
      'played s1',
      'idle',
      'started s2',
      'played s2',
      'started s3',
      'played s3',
    ]);
    time.advance(20);
    expect(events.at(-1)).toBe('idle');
    expect(audio.playing).toBe(false);
  });

  it('clear() on barge-in stops at once, and says which sentence was cut and which never played', () => {
    const { time, audio, events, sent } = setup();
    audio.enqueue(frames(3), 's1');
    audio.enqueue(frames(3), 's2');
    audio.enqueue(frames(2), 's3');
    time.advance(60); // s1 played (0, 20, 40), s2's first frame at 60
    expect(events).toEqual(['started s1', 'played s1', 'started s2']);
    expect(audio.queuedFrames).toBe(4);

    expect(audio.clear()).toEqual({ interrupted: ['s2'], dropped: ['s3'] });
    expect(audio.playing).toBe(false);
    expect(audio.queuedFrames).toBe(0);
    time.advance(1000);
    expect(sent).toHaveLength(4);
    expect(events).toEqual(['started s1', 'played s1', 'started s2']); // no idle: the caller knows
  });

  it('sends nothing more in a slot whose callback cleared the queue', () => {
    const time = new ManualTime();
    const clock = new FrameClock({ now: () => time.now, schedule: time.schedule });
    const sent: number[] = [];
    const audio: OutboundAudio<string> = new OutboundAudio<string>({
      clock,
      send: (frame) => sent.push(frame[0] ?? NaN),
      // The session hears the caller just as the second sentence starts.
      onStarted: (tag) => (tag === 's2' ? audio.clear() : undefined),
    });
    audio.enqueue(frames(1), 's1');
    audio.enqueue(frames(2, 10), 's2');
    time.advance(100);
    expect(sent).toEqual([0]);
    expect(audio.playing).toBe(false);
  });

  it('plays what is enqueued after a clear, starting again at once', () => {
    const { time, audio, sent, events } = setup();
    audio.enqueue(frames(5), 's1');
    time.advance(20);
    audio.clear();
    audio.enqueue(frames(1, 100), 's1');
    time.advance(0);
    expect(sent.map((frame) => frame.sample)).toEqual([0, 1, 100]);
    // A sentence said again after a barge-in is a new start.
    expect(events.filter((event) => event === 'started s1')).toHaveLength(2);
  });

  it('stops for good on close: queued audio is dropped silently and later audio ignored', () => {
    const { time, clock, audio, sent, events } = setup();
    audio.enqueue(frames(5), 's1');
    time.advance(0);
    audio.close();
    audio.enqueue(frames(5), 's2');
    time.advance(200);
    expect(sent).toHaveLength(1);
    expect(events).toEqual(['started s1']);
    expect(clock.running).toBe(false);
  });
});

describe('the frame clock', () => {
  it('runs one timer for every call, and only while one of them has audio to play', () => {
    const time = new ManualTime();
    const clock = new FrameClock({ now: () => time.now, schedule: time.schedule });
    const calls = Array.from({ length: 3 }, () => new OutboundAudio({ clock, send: () => undefined }));
    expect(clock.running).toBe(false);
    expect(time.pendingWakes).toBe(0);

    calls[0]?.enqueue(frames(2), 'a');
    calls[1]?.enqueue(frames(4), 'b');
    expect(clock.subscribers).toBe(2);
    expect(time.pendingWakes).toBe(1);
    time.advance(60);
    expect(clock.subscribers).toBe(1); // the first call finished its 2 frames
    expect(time.pendingWakes).toBe(1);
    time.advance(100);
    expect(clock.subscribers).toBe(0);
    expect(clock.running).toBe(false);
    expect(time.pendingWakes).toBe(0);
  });

  it('numbers slots from its start, and starts afresh after stopping', () => {
    const time = new ManualTime();
    const clock = new FrameClock({ now: () => time.now, schedule: time.schedule });
    const slots: number[] = [];
    const unsubscribe = clock.subscribe((slot) => slots.push(slot));
    time.advance(45);
    expect(slots).toEqual([0, 1, 2]);
    unsubscribe();
    unsubscribe(); // twice is harmless
    time.advance(1000);
    clock.subscribe((slot) => slots.push(slot));
    time.advance(0);
    expect(slots).toEqual([0, 1, 2, 0]);
    expect(clock.timeOfSlot(1)).toBe(1065);
  });

  it("keeps pacing the other calls when one call's audio fails, and logs it", () => {
    const time = new ManualTime();
    const lines: string[] = [];
    const clock = new FrameClock({
      now: () => time.now,
      schedule: time.schedule,
      log: createLogger('error', (line) => lines.push(line)),
    });
    const broken = new OutboundAudio({
      clock,
      send: () => {
        throw new Error('socket closed');
      },
    });
    let healthyFrames = 0;
    const healthy = new OutboundAudio({ clock, send: () => healthyFrames++ });
    broken.enqueue(frames(3), 'a');
    healthy.enqueue(frames(3), 'b');
    time.advance(40);
    expect(healthyFrames).toBe(3);
    expect(lines[0]).toMatch(/outbound audio failed for one slot error="Error: socket closed"/);
  });
});

describe('outbound audio on real timers', () => {
  it('plays a 1 s clip in 1 s: 50 frames, each close to its slot', async () => {
    const clock = new FrameClock();
    const sentAt: number[] = [];
    let becameIdle: () => void = () => undefined;
    const idle = new Promise<void>((resolve) => (becameIdle = resolve));
    const audio = new OutboundAudio({
      clock,
      send: () => sentAt.push(performance.now()),
      onIdle: () => becameIdle(),
    });
    audio.enqueue(frames(50), 'clip');
    await idle;

    const first = sentAt[0] ?? 0;
    const withinOneSecond = sentAt.filter((at) => at - first < 1000).length;
    expect(withinOneSecond).toBeGreaterThanOrEqual(48);
    expect(withinOneSecond).toBeLessThanOrEqual(52);
    const stats = audio.latenessStats();
    expect(stats.count).toBe(50);
    // How late the frames are is a benchmark's business (bench/), not a test's: the machine is shared.
    expect(clock.running).toBe(false);
  });
});
