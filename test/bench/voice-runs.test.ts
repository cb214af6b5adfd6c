import { describe, expect, it } from 'vitest';
import { summarize } from '../../bench/stats';
import type { VoiceLoadResult } from '../../bench/voice-load';
import { runsResult, withinBudgets } from '../../bench/voice-runs';

/** The figures of one voice-load run that the budgets read (the rest of a run does not matter here). */
function run(figures: { p99: number; skipped: number; overheadP95?: number; cpu?: number }): VoiceLoadResult {
  return {
    calls: 500,
    lateness: {
      callP99: summarize([figures.p99 / 2, figures.p99]),
      callP50: summarize([1]),
      max: figures.p99 * 2,
      skippedSlots: figures.skipped,
    },
    active: { overhead: figures.overheadP95 === undefined ? undefined : summarize([figures.overheadP95]) },
    cpuPerCallSecond: { hostActive: figures.cpu ?? 2.4, hostSilent: 1.5, generatorActive: 1 },
  } as unknown as VoiceLoadResult;
}

describe('voice-load runs side by side (--repeat)', () => {
  it("holds a run to every budget: the worst call's p99, no gap heard, the answer overhead", () => {
    expect(withinBudgets(run({ p99: 19.9, skipped: 0, overheadP95: 16 }))).toBe(true);
    expect(withinBudgets(run({ p99: 21.3, skipped: 0, overheadP95: 16 }))).toBe(false);
    expect(withinBudgets(run({ p99: 12, skipped: 1, overheadP95: 16 }))).toBe(false);
    expect(withinBudgets(run({ p99: 12, skipped: 0, overheadP95: 37.8 }))).toBe(false);
    // No answer measured at all: not a pass.
    expect(withinBudgets(run({ p99: 12, skipped: 0 }))).toBe(false);
  });

  it('says how many runs held and lists each run, over the worst p99 of each', () => {
    const result = runsResult([
      run({ p99: 19.9, skipped: 0, overheadP95: 16, cpu: 2.23 }),
      run({ p99: 33.6, skipped: 394, overheadP95: 70.5, cpu: 2.53 }),
      run({ p99: 12.3, skipped: 0, overheadP95: 15.1, cpu: 2.46 }),
    ]);
    expect(result.name).toBe("voice load ×500: 3 runs, the worst call's p99 lateness of each");
    expect(result.summary).toMatchObject({ n: 3, max: 33.6 });
    expect(result.details).toMatchObject({
      'runs within every budget (p99 ≤ 20 ms, no slot skipped, overhead p95 ≤ 20 ms)': '2 of 3',
      "worst call's p99 lateness ms, each run": '19.9 · 33.6 · 12.3',
      'slots skipped, each run': '0 · 394 · 0',
      'answer overhead p95 ms, each run': '16.0 · 70.5 · 15.1',
      'host CPU ms per call-second active, each run': '2.23 · 2.53 · 2.46',
    });
  });

  it('refuses to sum up no run, or runs at different numbers of calls', () => {
    expect(() => runsResult([])).toThrow(/no run/);
    const other = { ...run({ p99: 1, skipped: 0 }), calls: 400 } as VoiceLoadResult;
    expect(() => runsResult([run({ p99: 1, skipped: 0 }), other])).toThrow(/same number of calls/);
  });
});
