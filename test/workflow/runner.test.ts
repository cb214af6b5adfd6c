import { describe, expect, it } from 'vitest';
import type { Orchestrator } from '../../shared/workflow/context';
import type { TaskFailedError } from '../../shared/workflow/runner';
import {
  deferred,
  hasEvent,
  historyTypes,
  runToEnd,
  sleep,
  until,
  useRunnerHarness,
  WAIT_MS,
} from './runner-harness';

/**
 * The local runner, one Durable Functions primitive at a time, on a real SQLite file: activities,
 * timers, Task.any and Task.all. Orchestrators here are tiny generators; what is asserted is what a
 * caller can observe: status, output, how many times activities and orchestrator code ran, and the
 * recorded history. How an instance is driven from outside and replayed (external events, replay,
 * lifecycle) is in runner-instances.test.ts; restarts in runner-restart.test.ts.
 */

const harness = useRunnerHarness();

describe('activities', () => {
  it('passes each activity result back into the orchestrator', async () => {
    const calls: number[] = [];
    const runner = await harness().startRunner((r) => {
      r.registerActivity('double', async (n: number) => {
        calls.push(n);
        return n * 2;
      });
      r.registerOrchestrator('twice', function* ({ df }) {
        const once = yield df.callActivity('double', df.getInput<number>());
        const twice = yield df.callActivity('double', once);
        return { once, twice };
      });
    });

    const status = await runToEnd(runner, 'twice', 5);

    expect(status).toMatchObject({ runtimeStatus: 'Completed', output: { once: 10, twice: 20 }, input: 5 });
    expect(calls).toEqual([5, 10]);
    expect(historyTypes(runner, 'twice')).toEqual([
      'OrchestratorStarted',
      'ExecutionStarted',
      'TaskScheduled',
      'OrchestratorStarted',
      'TaskCompleted',
      'TaskScheduled',
      'OrchestratorStarted',
      'TaskCompleted',
      'ExecutionCompleted',
    ]);
  });

  it('hands values over through JSON, as on Azure', async () => {
    const runner = await harness().startRunner((r) => {
      r.registerActivity('now', async () => ({ at: new Date(0) }));
      r.registerOrchestrator('json', function* ({ df }) {
        const result = (yield df.callActivity('now')) as { at: unknown };
        return typeof result.at;
      });
    });

    expect((await runToEnd(runner, 'json')).output).toBe('string');
  });

  it('throws a failed activity into the orchestrator, which can catch it', async () => {
    const runner = await harness().startRunner((r) => {
      r.registerActivity('explode', async () => {
        throw new Error('boom');
      });
      r.registerOrchestrator('careful', function* ({ df }) {
        try {
          yield df.callActivity('explode');
          return 'not reached';
        } catch (error) {
          const failed = error as TaskFailedError;
          return {
            name: failed.name,
            message: failed.message,
            errorMessage: failed.failureDetails.errorMessage,
            taskName: failed.taskName,
          };
        }
      });
    });

    const status = await runToEnd(runner, 'careful');

    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toEqual({
      name: 'TaskFailedError',
      message: 'Error: boom',
      errorMessage: 'boom',
      taskName: 'explode',
    });
  });

  it('fails the instance with the error message when the orchestrator does not catch', async () => {
    const runner = await harness().startRunner((r) => {
      r.registerActivity('explode', async () => {
        throw new Error('boom');
      });
      r.registerOrchestrator('careless', function* ({ df }) {
        yield df.callActivity('explode');
        return 'not reached';
      });
      r.registerOrchestrator('typo', function* ({ df }) {
        yield df.callActivity('noSuchActivity');
        return 'not reached';
      });
    });

    expect(await runToEnd(runner, 'careless')).toMatchObject({
      runtimeStatus: 'Failed',
      output: 'Error: boom',
    });
    expect((await runToEnd(runner, 'typo')).output).toMatch(/activity 'noSuchActivity' is not registered/);
  });

  it('callActivityWithRetry retries with backoff and succeeds on the third attempt', async () => {
    const attempts: number[] = [];
    const runner = await harness().startRunner((r) => {
      r.registerActivity('flaky', async () => {
        attempts.push(Date.now());
        if (attempts.length < 3) throw new Error(`attempt ${attempts.length} failed`);
        return 'ok';
      });
      r.registerOrchestrator('persistent', function* ({ df }) {
        const options = {
          firstRetryIntervalInMilliseconds: 20,
          backoffCoefficient: 2,
          maxNumberOfAttempts: 5,
        };
        return yield df.callActivityWithRetry('flaky', options, 'input');
      });
    });

    const status = await runToEnd(runner, 'persistent');

    expect(status).toMatchObject({ runtimeStatus: 'Completed', output: 'ok' });
    expect(attempts).toHaveLength(3);
    // The pauses are durable timers, 20 ms then 20 × 2 ms after the failure that caused them.
    const pauses = runner
      .getHistory('persistent')
      .flatMap((event) => (event.type === 'TimerCreated' ? [event.fireAt - event.timestamp] : []));
    expect(pauses).toEqual([20, 40]);
    expect((attempts[2] ?? 0) - (attempts[1] ?? 0)).toBeGreaterThanOrEqual(35);
  });

  it('callActivityWithRetry fails with the last error once the attempts are used up', async () => {
    let attempts = 0;
    const runner = await harness().startRunner((r) => {
      r.registerActivity('broken', async () => {
        attempts++;
        throw new Error(`attempt ${attempts} failed`);
      });
      r.registerOrchestrator('doomed', function* ({ df }) {
        return yield df.callActivityWithRetry('broken', {
          firstRetryIntervalInMilliseconds: 5,
          maxNumberOfAttempts: 2,
        });
      });
    });

    expect(await runToEnd(runner, 'doomed')).toMatchObject({
      runtimeStatus: 'Failed',
      output: 'Error: attempt 2 failed',
    });
    expect(attempts).toBe(2);
  });
});

describe('timers', () => {
  it('resumes the orchestrator when its timer fires', async () => {
    const runner = await harness().startRunner((r) => {
      r.registerOrchestrator('sleeper', function* ({ df }) {
        const fireAt = df.currentUtcDateTime.getTime() + 50;
        yield df.createTimer(new Date(fireAt));
        return { fireAt, resumedAt: df.currentUtcDateTime.getTime() };
      });
    });

    const startedAt = Date.now();
    const status = await runToEnd(runner, 'sleeper');

    expect(status.runtimeStatus).toBe('Completed');
    const { fireAt, resumedAt } = status.output as { fireAt: number; resumedAt: number };
    expect(resumedAt).toBeGreaterThanOrEqual(fireAt);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(45);
    expect(hasEvent(runner, 'sleeper', 'TimerFired')).toBe(true);
  });

  it('a cancelled timer never resumes the orchestrator', async () => {
    let executions = 0;
    const runner = await harness().startRunner((r) => {
      r.registerOrchestrator('canceller', function* ({ df }) {
        executions++;
        const timer = df.createTimer(new Date(df.currentUtcDateTime.getTime() + 200));
        const go = df.waitForExternalEvent('go');
        const winner = yield df.Task.any([timer, go]);
        timer.cancel();
        yield df.waitForExternalEvent('finish');
        return { goWon: winner === go, isCanceled: timer.isCanceled, isCompleted: timer.isCompleted };
      });
    });
    await runner.startNew('canceller', { instanceId: 'c' });
    await until(() => hasEvent(runner, 'c', 'TimerCreated'));

    await runner.raiseEvent('c', 'go');
    await until(() => hasEvent(runner, 'c', 'TimerCanceled'));
    const executionsAfterCancel = executions;
    await sleep(300); // well past the timer's fire time

    expect(executions).toBe(executionsAfterCancel);
    expect(hasEvent(runner, 'c', 'TimerFired')).toBe(false);
    expect((await runner.getStatus('c'))?.runtimeStatus).toBe('Running');

    await runner.raiseEvent('c', 'finish');
    expect(await runner.waitForCompletion('c', WAIT_MS)).toMatchObject({
      runtimeStatus: 'Completed',
      output: { goWon: true, isCanceled: true, isCompleted: false },
    });
  });
});

describe('Task.any and Task.all', () => {
  const race: Orchestrator = function* ({ df }) {
    const timer = df.createTimer(new Date(df.currentUtcDateTime.getTime() + df.getInput<number>()));
    const answer = df.waitForExternalEvent('answer');
    const winner = yield df.Task.any([timer, answer]);
    if (winner === answer) {
      timer.cancel();
      return { winner: 'event', data: answer.result };
    }
    return { winner: winner === timer ? 'timer' : 'neither' };
  };

  it('Task.any: the event wins against a long timer', async () => {
    const runner = await harness().startRunner((r) => r.registerOrchestrator('race', race));
    await runner.startNew('race', { instanceId: 'race', input: 60_000 });
    await until(() => hasEvent(runner, 'race', 'TimerCreated'));

    await runner.raiseEvent('race', 'answer', { x: 1 });

    expect((await runner.waitForCompletion('race', WAIT_MS)).output).toEqual({
      winner: 'event',
      data: { x: 1 },
    });
  });

  it('Task.any: the timer wins when no event comes', async () => {
    const runner = await harness().startRunner((r) => r.registerOrchestrator('race', race));
    expect((await runToEnd(runner, 'race', 30)).output).toEqual({ winner: 'timer' });
  });

  it('Task.all: runs activities concurrently and returns their results in order', async () => {
    const started: string[] = [];
    const release = deferred();
    const runner = await harness().startRunner((r) => {
      r.registerActivity('shout', async (word: string) => {
        started.push(word);
        await release.promise;
        return word.toUpperCase();
      });
      r.registerOrchestrator('fanOut', function* ({ df }) {
        return yield df.Task.all(['a', 'b', 'c'].map((word) => df.callActivity('shout', word)));
      });
    });
    await runner.startNew('fanOut', { instanceId: 'fanOut' });

    await until(() => started.length === 3); // all three running before any finished
    release.resolve();

    expect((await runner.waitForCompletion('fanOut', WAIT_MS)).output).toEqual(['A', 'B', 'C']);
  });

  it('Task.all: fails when one child fails', async () => {
    const runner = await harness().startRunner((r) => {
      r.registerActivity('fine', async () => 'fine');
      r.registerActivity('explode', async () => {
        throw new Error('boom');
      });
      r.registerOrchestrator('partial', function* ({ df }) {
        try {
          yield df.Task.all([df.callActivity('fine'), df.callActivity('explode')]);
          return 'not reached';
        } catch (error) {
          return `caught ${(error as Error).message}`;
        }
      });
    });

    expect((await runToEnd(runner, 'partial')).output).toBe('caught Error: boom');
  });

  it('different instances run their activities concurrently', async () => {
    const started: string[] = [];
    const release = deferred();
    const runner = await harness().startRunner((r) => {
      r.registerActivity('hold', async (id: string) => {
        started.push(id);
        await release.promise;
        return id;
      });
      r.registerOrchestrator('holder', function* ({ df }) {
        return yield df.callActivity('hold', df.instanceId);
      });
    });
    await runner.startNew('holder', { instanceId: 'one' });
    await runner.startNew('holder', { instanceId: 'two' });

    await until(() => started.length === 2);
    release.resolve();

    expect((await runner.waitForCompletion('one', WAIT_MS)).output).toBe('one');
    expect((await runner.waitForCompletion('two', WAIT_MS)).output).toBe('two');
  });
});
