import { readFileSync } from 'node:fs';

/**
 * Which of a call's skipped audio slots the machine, not the host, is to blame for. The pacer skips a
 * slot when the event loop comes back more than its burst (3 slots, 60 ms) late. On a loaded machine
 * (other test files, other processes: load ≥ 8 on 2 cores) the host's main thread can be runnable yet
 * kept off the CPU for a few hundred ms: no server change can prevent that, and a test that counts
 * those slots fails at random. Linux accounts that time exactly, per thread: the second number of
 * `/proc/<pid>/task/<tid>/schedstat` is the nanoseconds spent waiting on a run queue.
 *
 * A watcher ticks every few ms on the host's event loop (the test runs the host in-process). When the
 * loop was late (a stall), the slots skipped in that stall are excused up to the whole slots the thread
 * spent waiting for a CPU during it; the rest, work the host itself did (or blocked on), are charged.
 * Without /proc (not Linux) nothing is excused: the measure is only stricter.
 */

const TICK_MS = 5;

export interface SkippedSlots {
  /** Skipped while the machine kept the host's main thread waiting for a CPU. */
  readonly excused: number;
  /** Skipped otherwise: the host's own doing. */
  readonly charged: number;
}

/** Run-queue wait of this process's main thread so far, in ms; undefined when the kernel does not say. */
function mainThreadWaitMs(): number | undefined {
  try {
    const fields = readFileSync(`/proc/${process.pid}/task/${process.pid}/schedstat`, 'utf8').split(' ');
    const waitNs = Number(fields[1]);
    return Number.isFinite(waitNs) ? waitNs / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Watches `skippedSlots()` (a pacer's running count) until `stop()`, which says how many of the slots
 * skipped meanwhile were excused and how many charged.
 */
export function watchSkippedSlots(skippedSlots: () => number, slotMs = 20): { stop(): SkippedSlots } {
  let lastAt = performance.now();
  let lastWait = mainThreadWaitMs();
  let lastSkipped = skippedSlots();
  // The pacer may notice a stall in the same turn of the loop as this watcher or in the next one: a
  // stall's excuse stands for the tick after it too.
  let allowance = 0;
  let excused = 0;
  let charged = 0;
  const timer = setInterval(() => {
    const at = performance.now();
    const wait = mainThreadWaitMs();
    const stalled = at - lastAt > 2 * TICK_MS + slotMs;
    const waited = wait !== undefined && lastWait !== undefined ? wait - lastWait : 0;
    const fresh = stalled ? Math.floor(waited / slotMs) : 0;
    const skipped = skippedSlots() - lastSkipped;
    const excuse = Math.min(skipped, allowance + fresh);
    excused += excuse;
    charged += skipped - excuse;
    // What this stall's wait did not use up may excuse the next tick's slots; an older one may not.
    allowance = Math.max(0, fresh - Math.max(0, excuse - allowance));
    lastAt = at;
    lastWait = wait;
    lastSkipped += skipped;
  }, TICK_MS);
  return {
    stop() {
      clearInterval(timer);
      const late = skippedSlots() - lastSkipped;
      return { excused, charged: charged + late };
    },
  };
}
