import type { Agent } from './agents';
import { runScenario, type ScenarioRun } from './run-scenario';
import type { Scenario } from './scenario';
import { maxPoints, scoreConversation, type Score } from './score';
import type { SimulatedCaller } from './simulated-caller';

/**
 * Runs scenarios one after the other and judges each: pass, fail, an expected failure of the offline
 * agent (its YAML says why), a surprise pass of one, skipped (nothing for this agent to play), or an
 * error (the scenario crashed: the only outcome that makes `npm run evals` exit non-zero).
 */

export type Status = 'pass' | 'fail' | 'expected fail' | 'surprise pass' | 'skipped' | 'error';

export interface ScenarioResult {
  readonly name: string;
  readonly description: string;
  readonly status: Status;
  /** Why the offline agent is expected to fail it, when it is and the agent is offline. */
  readonly expectedToFail?: string;
  readonly score?: Score;
  readonly maxPoints: number;
  readonly run?: ScenarioRun;
  readonly skipped?: string;
  readonly error?: string;
  readonly durationMs: number;
}

export interface EvaluateOptions {
  readonly agent: Agent;
  readonly caller?: SimulatedCaller;
  /** Told about each result as it comes, for progress output. */
  readonly onResult?: (result: ScenarioResult) => void;
}

export async function evaluate(
  scenarios: readonly Scenario[],
  options: EvaluateOptions,
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const result = await evaluateOne(scenario, options);
    options.onResult?.(result);
    results.push(result);
  }
  return results;
}

async function evaluateOne(scenario: Scenario, options: EvaluateOptions): Promise<ScenarioResult> {
  const started = performance.now();
  const base = { name: scenario.name, description: scenario.description, maxPoints: maxPoints(scenario) };
  const expectedToFail =
    options.agent.kind === 'offline' && scenario.offline === 'expected_to_fail'
      ? scenario.offline_reason
      : undefined;
  const skipped = skipReason(scenario, options);
  if (skipped) return { ...base, status: 'skipped', skipped, durationMs: 0 };
  try {
    const run = await runScenario(scenario, {
      agent: options.agent,
      ...(options.caller ? { caller: options.caller } : {}),
    });
    const score = scoreConversation(scenario, run);
    const status = statusOf(score.points === score.maxPoints, expectedToFail);
    return {
      ...base,
      status,
      ...(expectedToFail ? { expectedToFail } : {}),
      score,
      run,
      durationMs: performance.now() - started,
    };
  } catch (error) {
    return {
      ...base,
      status: 'error',
      ...(expectedToFail ? { expectedToFail } : {}),
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      durationMs: performance.now() - started,
    };
  }
}

function statusOf(passed: boolean, expectedToFail: string | undefined): Status {
  if (expectedToFail) return passed ? 'surprise pass' : 'expected fail';
  return passed ? 'pass' : 'fail';
}

function skipReason(scenario: Scenario, options: EvaluateOptions): string | undefined {
  if (options.caller) return scenario.simulate ? undefined : 'no simulate section to play the caller from';
  const lines = scenario.calls.flatMap((call) => call.lines);
  if (!options.agent.canPlay(lines)) return 'no scripted replies';
  return undefined;
}

export interface Totals {
  readonly points: number;
  readonly maxPoints: number;
  /** points / maxPoints, in percent, one decimal. */
  readonly percent: number;
  readonly scenarios: number;
  readonly byStatus: Readonly<Record<Status, number>>;
  readonly fields: number;
  readonly fieldsRight: number;
  readonly wronglyStored: number;
  readonly repeatedQuestions: number;
  readonly maxSameQuestion: number;
  /** Mean caller turns until every expected field was right, over the scenarios that got there. */
  readonly meanTurnsToCompletion: number | undefined;
}

/** The total score over the scenarios that ran (a crashed one scores zero of its points). */
export function totals(results: readonly ScenarioResult[]): Totals {
  const ran = results.filter((result) => result.status !== 'skipped');
  const points = ran.reduce((sum, result) => sum + (result.score?.points ?? 0), 0);
  const max = ran.reduce((sum, result) => sum + result.maxPoints, 0);
  const byStatus: Record<Status, number> = {
    pass: 0,
    fail: 0,
    'expected fail': 0,
    'surprise pass': 0,
    skipped: 0,
    error: 0,
  };
  for (const result of results) byStatus[result.status] += 1;
  const scores = ran.flatMap((result) => (result.score ? [result.score] : []));
  const sum = (f: (s: (typeof scores)[number]) => number) => scores.reduce((n, s) => n + f(s), 0);
  const completed = scores.flatMap((s) => (s.turnsToCompletion === null ? [] : [s.turnsToCompletion]));
  return {
    fields: sum((s) => s.claim.length),
    fieldsRight: sum((s) => s.claim.filter((c) => c.right).length),
    wronglyStored: sum((s) => s.wronglyStored.length),
    repeatedQuestions: sum((s) => s.repeatedQuestions),
    maxSameQuestion: Math.max(0, ...scores.map((s) => s.maxSameQuestion)),
    meanTurnsToCompletion:
      completed.length === 0
        ? undefined
        : Math.round((completed.reduce((a, b) => a + b, 0) / completed.length) * 10) / 10,
    points,
    maxPoints: max,
    percent: max === 0 ? 0 : Math.round((points / max) * 1000) / 10,
    scenarios: ran.length,
    byStatus,
  };
}
