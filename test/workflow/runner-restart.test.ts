import { describe, expect, it } from 'vitest';
import type { Orchestrator } from '../../shared/workflow/context';
import type { LocalWorkflowRunner } from '../../shared/workflow/runner';
import { deferred, hasEvent, historyTypes, sleep, until, useRunnerHarness, WAIT_MS } from './runner-harness';

/**
 * What replay is for: a runner stopped mid-orchestration (a process exit) and a new runner on the same
 * SQLite file carry on where the first left off; and an orchestrator whose replay no longer matches its
 * history fails loudly instead of doing something else.
 */

const harness = useRunnerHarness();

describe('restart', () => {
  const patient: Orchestrator = function* ({ df }) {
    const timer = df.createTimer(new Date(df.currentUtcDateTime.getTime() + df.getInput<number>()));
    const resume = df.waitForExternalEvent('resume');
    const [data] = (yield df.Task.all([resume, timer])) as [unknown, unknown];
    return { data };
  };
  const registerPatient = (runner: LocalWorkflowRunner) => runner.registerOrchestrator('patient', patient);

  it('a new runner on the same database resumes a waiting orchestration and its pending timer', async () => {
    const first = await harness().startRunner(registerPatient);
    await first.startNew('patient', { instanceId: 'p', input: 300 });
    await until(() => hasEvent(first, 'p', 'TimerCreated'));
    await harness().stopRunner(first);

    const second = await harness().startRunner(registerPatient);
    await second.raiseEvent('p', 'resume', 'hello');
    const status = await second.waitForCompletion('p', WAIT_MS);

    expect(status).toMatchObject({ runtimeStatus: 'Completed', output: { data: 'hello' } });
    expect(historyTypes(second, 'p')).toEqual(
      expect.arrayContaining(['TimerCreated', 'EventRaised', 'TimerFired', 'ExecutionCompleted']),
    );
  });

  it('a timer that came due while no runner was running fires as soon as the next one starts', async () => {
    const first = await harness().startRunner(registerPatient);
    await first.startNew('patient', { instanceId: 'p', input: 30 });
    await first.raiseEvent('p', 'resume', 'early');
    await until(() => hasEvent(first, 'p', 'EventRaised'));
    await harness().stopRunner(first);
    await sleep(100); // the timer is now overdue

    const startedAt = Date.now();
    const second = await harness().startRunner(registerPatient);
    const status = await second.waitForCompletion('p', WAIT_MS);

    expect(status).toMatchObject({ runtimeStatus: 'Completed', output: { data: 'early' } });
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });

  it('an activity scheduled but unfinished when the runner stopped is run again by the next one', async () => {
    const runsOnFirst: unknown[] = [];
    const runsOnSecond: unknown[] = [];
    const firstResult = deferred<string>();
    const register = (handler: (input: unknown) => Promise<string>) => (runner: LocalWorkflowRunner) => {
      runner.registerActivity('work', handler);
      runner.registerOrchestrator('job', function* ({ df }) {
        return yield df.callActivity('work', 'payload');
      });
    };

    const first = await harness().startRunner(
      register((input) => {
        runsOnFirst.push(input);
        return firstResult.promise;
      }),
    );
    await first.startNew('job', { instanceId: 'j' });
    await until(() => runsOnFirst.length === 1);
    await harness().stopRunner(first);

    const second = await harness().startRunner(
      register(async (input) => {
        runsOnSecond.push(input);
        return 'done by the second runner';
      }),
    );
    const status = await second.waitForCompletion('j', WAIT_MS);
    firstResult.resolve('late result of the stopped runner'); // must be dropped
    await sleep(20);

    expect(status).toMatchObject({ runtimeStatus: 'Completed', output: 'done by the second runner' });
    expect(runsOnFirst).toEqual(['payload']);
    expect(runsOnSecond).toEqual(['payload']);
    expect(historyTypes(second, 'j').filter((type) => type === 'TaskCompleted')).toHaveLength(1);
    expect((await second.getStatus('j'))?.output).toBe('done by the second runner');
  });

  it('a retry pause pending at stop is resumed by the next runner', async () => {
    let attempts = 0;
    const register = (runner: LocalWorkflowRunner) => {
      runner.registerActivity('flaky', async () => {
        attempts++;
        if (attempts === 1) throw new Error('first attempt fails');
        return 'ok';
      });
      runner.registerOrchestrator('retrying', function* ({ df }) {
        return yield df.callActivityWithRetry('flaky', {
          firstRetryIntervalInMilliseconds: 200,
          maxNumberOfAttempts: 3,
        });
      });
    };
    const first = await harness().startRunner(register);
    await first.startNew('retrying', { instanceId: 'r' });
    await until(() => hasEvent(first, 'r', 'TimerCreated'));
    await harness().stopRunner(first);

    const second = await harness().startRunner(register);

    expect(await second.waitForCompletion('r', WAIT_MS)).toMatchObject({
      runtimeStatus: 'Completed',
      output: 'ok',
    });
    expect(attempts).toBe(2);
  });
});

describe('non-determinism', () => {
  it('fails the instance when a replay schedules a different activity than the history recorded', async () => {
    let executions = 0;
    const runner = await harness().startRunner((r) => {
      r.registerActivity('A', async () => 'a');
      r.registerActivity('B', async () => 'b');
      r.registerOrchestrator('fickle', function* ({ df }) {
        // Stands in for Math.random(): the first execution picks A, every replay picks B.
        executions++;
        const result = yield df.callActivity(executions === 1 ? 'A' : 'B');
        return result;
      });
    });
    await runner.startNew('fickle', { instanceId: 'f' });
    const status = await runner.waitForCompletion('f', WAIT_MS);

    expect(status.runtimeStatus).toBe('Failed');
    expect(status.output).toMatch(/history expects activity 'A'.*scheduled activity 'B'/);
    const failure = runner.getHistory('f').at(-1);
    expect(failure).toMatchObject({
      type: 'ExecutionFailed',
      failure: { name: 'NonDeterministicOrchestrationError' },
    });
    expect(harness().logs).toContainEqual({
      msg: 'workflow failed',
      fields: expect.objectContaining({ instanceId: 'f', errorName: 'NonDeterministicOrchestrationError' }),
    });
  });

  it('fails the instance when the orchestrator code changed across a restart', async () => {
    const version = (activity: string) => (runner: LocalWorkflowRunner) => {
      runner.registerActivity('A', async () => 'a');
      runner.registerActivity('B', async () => 'b');
      runner.registerOrchestrator('evolving', function* ({ df }) {
        yield df.callActivity(activity);
        yield df.waitForExternalEvent('go');
        return activity;
      });
    };
    const first = await harness().startRunner(version('A'));
    await first.startNew('evolving', { instanceId: 'v' });
    await until(() => hasEvent(first, 'v', 'TaskCompleted'));
    await harness().stopRunner(first);

    const second = await harness().startRunner(version('B'));
    await second.raiseEvent('v', 'go');
    const status = await second.waitForCompletion('v', WAIT_MS);

    expect(status.runtimeStatus).toBe('Failed');
    expect(status.output).toMatch(/NonDeterministic|Non-deterministic/);
    expect(status.output).toMatch(/activity 'A'/);
    expect(status.output).toMatch(/activity 'B'/);
  });
});
