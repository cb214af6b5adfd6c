import type { BenchResult } from './result';
import { summarize } from './stats';
import type { VoiceLoadResult } from './voice-load';

/**
 * Several runs of the same voice load, side by side (`--repeat R`). Near the machine's limit one run
 * passes and the next does not, depending on how the scheduler interleaves the host's processes and the
 * load generator: a single run is not a result there, how many of R runs hold every budget is.
 */

/** The budgets of DESIGN.md a voice-load run is held to. */
export const LOAD_BUDGETS = { latenessP99Ms: 20, overheadP95Ms: 20 } as const;

/** Whether a run held every budget: each call's p99 lateness, no gap heard, and the answer overhead. */
export function withinBudgets(load: VoiceLoadResult): boolean {
  return (
    load.lateness.callP99.max <= LOAD_BUDGETS.latenessP99Ms &&
    load.lateness.skippedSlots === 0 &&
    (load.active.overhead?.p95 ?? Infinity) <= LOAD_BUDGETS.overheadP95Ms
  );
}

/** One result summing up R runs at the same number of calls. */
export function runsResult(loads: readonly VoiceLoadResult[]): BenchResult {
  const first = loads[0];
  if (!first) throw new Error('no run to sum up');
  const calls = first.calls;
  if (loads.some((load) => load.calls !== calls))
    throw new Error('the runs are not all at the same number of calls');
  const list = (values: readonly (number | undefined)[], digits: number) =>
    values.map((value) => (value === undefined ? '-' : value.toFixed(digits))).join(' · ');
  return {
    name: `voice load ×${calls}: ${loads.length} runs, the worst call's p99 lateness of each`,
    method: `the same voice load run ${loads.length} times, one fresh host each; summary over the runs`,
    unit: 'ms',
    budget: `≤ ${LOAD_BUDGETS.latenessP99Ms} ms p99`,
    summary: summarize(loads.map((load) => load.lateness.callP99.max)),
    details: {
      'runs within every budget (p99 ≤ 20 ms, no slot skipped, overhead p95 ≤ 20 ms)': `${loads.filter(withinBudgets).length} of ${loads.length}`,
      "worst call's p99 lateness ms, each run": list(
        loads.map((load) => load.lateness.callP99.max),
        1,
      ),
      'slots skipped, each run': list(
        loads.map((load) => load.lateness.skippedSlots),
        0,
      ),
      'answer overhead p95 ms, each run': list(
        loads.map((load) => load.active.overhead?.p95),
        1,
      ),
      'host CPU ms per call-second active, each run': list(
        loads.map((load) => load.cpuPerCallSecond.hostActive),
        2,
      ),
      'host CPU ms per call-second silent, each run': list(
        loads.map((load) => load.cpuPerCallSecond.hostSilent),
        2,
      ),
    },
  };
}
