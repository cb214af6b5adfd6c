import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Orchestrator } from '../../shared/workflow/context';
import { LocalWorkflowRunner, type TaskFailedError } from '../../shared/workflow/runner';
import { deferred, hasEvent, historyTypes, sleep, until, useRunnerHarness, WAIT_MS } from './runner-harness';

/**
 * The local runner, one Durable Functions primitive at a time, on a real SQLite file. Orchestrators
 * here are tiny generators; what is asserted is what a caller can observe: status, output, how many
 * times activities and orchestrator code ran, and the recorded history.
 */

const harness = useRunnerHarness();

async function runToEnd(runner: LocalWorkflowRunner, name: string, input?: unknown) {
  await runner.startNew(name, { instanceId: name, input });
  return runner.waitForCompletion(name, WAIT_MS);
}

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

describe('external events', () => {
  it('waitForExternalEvent resumes with the event data', async () => {
    const runner = await harness().startRunner((r) =>
      r.registerOrchestrator('approval', function* ({ df }) {
        return yield df.waitForExternalEvent('approved');
      }),
    );
    await runner.startNew('approval', { instanceId: 'a' });
    await until(async () => (await runner.getStatus('a'))?.runtimeStatus === 'Running');

    await runner.raiseEvent('a', 'approved', { by: 'alice' });

    expect(await runner.waitForCompletion('a', WAIT_MS)).toMatchObject({
      runtimeStatus: 'Completed',
      output: { by: 'alice' },
    });
  });

  it('an event raised before the orchestrator waits for it is buffered, and two waits take two events in order', async () => {
    const busy = deferred();
    const runner = await harness().startRunner((r) => {
      r.registerActivity('busy', () => busy.promise);
      r.registerOrchestrator('late', function* ({ df }) {
        yield df.callActivity('busy');
        const first = yield df.waitForExternalEvent('n');
        const second = yield df.waitForExternalEvent('n');
        return [first, second];
      });
    });
    await runner.startNew('late', { instanceId: 'late' });
    await until(() => hasEvent(runner, 'late', 'TaskScheduled'));

    await runner.raiseEvent('late', 'n', 1);
    await runner.raiseEvent('late', 'n', 2);
    await until(() => historyTypes(runner, 'late').filter((type) => type === 'EventRaised').length === 2);
    expect((await runner.getStatus('late'))?.runtimeStatus).toBe('Running');
    busy.resolve();

    expect((await runner.waitForCompletion('late', WAIT_MS)).output).toEqual([1, 2]);
  });

  it('raiseEvent rejects an unknown instance and ignores a finished one', async () => {
    const runner = await harness().startRunner((r) =>
      // eslint-disable-next-line require-yield -- an orchestrator that finishes without waiting
      r.registerOrchestrator('quick', function* () {
        return 'done';
      }),
    );
    await expect(runner.raiseEvent('nobody', 'x')).rejects.toMatchObject({ code: 'instance_not_found' });

    await runToEnd(runner, 'quick');
    await runner.raiseEvent('quick', 'x', 1);

    expect(await runner.getStatus('quick')).toMatchObject({ runtimeStatus: 'Completed', output: 'done' });
    expect(hasEvent(runner, 'quick', 'EventRaised')).toBe(false);
    expect(harness().logs.map((entry) => entry.msg)).toContain('event ignored: instance finished');
  });
});

describe('replay', () => {
  it('newGuid is stable across replays and identical to durable-functions', async () => {
    const clock = 1_700_000_000_000;
    const seen: string[][] = [];
    const runner = await harness().startRunner(
      (r) => {
        r.registerActivity('noop', async () => undefined);
        r.registerOrchestrator('guids', function* ({ df }) {
          const firsts = [df.newGuid('call'), df.newGuid('call')];
          seen.push(firsts);
          yield df.callActivity('noop');
          return [...firsts, df.newGuid('call')];
        });
      },
      { now: () => clock },
    );

    const output = (await runToEnd(runner, 'guids')).output as string[];

    expect(seen).toHaveLength(2); // first execution, then the replay after the activity
    expect(seen[1]).toEqual(seen[0]);
    expect(output.slice(0, 2)).toEqual(seen[0]);
    expect(new Set(output).size).toBe(3);
    // Same algorithm as on Azure: durable-functions' own GuidManager gives the same value.
    const { GuidManager } = createRequire(__filename)('durable-functions/lib/src/util/GuidManager') as {
      GuidManager: { UrlNamespaceValue: string; createDeterministicGuid(ns: string, name: string): string };
    };
    expect(output[0]).toBe(
      GuidManager.createDeterministicGuid(GuidManager.UrlNamespaceValue, `call_${clock}_0`),
    );
  });

  it('currentUtcDateTime comes from the history, so it is the same on every replay', async () => {
    let clock = 1_000_000;
    const seenAtStart: number[] = [];
    const done = deferred();
    const runner = await harness().startRunner(
      (r) => {
        r.registerActivity('wait', () => done.promise);
        r.registerOrchestrator('clock', function* ({ df }) {
          const start = df.currentUtcDateTime.getTime();
          seenAtStart.push(start);
          yield df.callActivity('wait');
          return { start, afterActivity: df.currentUtcDateTime.getTime() };
        });
      },
      { now: () => clock },
    );
    await runner.startNew('clock', { instanceId: 'clock' });
    await until(() => hasEvent(runner, 'clock', 'TaskScheduled'));

    clock = 2_000_000;
    done.resolve();

    expect((await runner.waitForCompletion('clock', WAIT_MS)).output).toEqual({
      start: 1_000_000,
      afterActivity: 2_000_000,
    });
    expect(seenAtStart).toEqual([1_000_000, 1_000_000]);
  });

  it('isReplaying is true exactly while code that already ran runs again', async () => {
    const trace: Array<[string, boolean]> = [];
    const runner = await harness().startRunner((r) => {
      r.registerActivity('noop', async () => undefined);
      r.registerOrchestrator('tracer', function* ({ df }) {
        trace.push(['start', df.isReplaying]);
        yield df.callActivity('noop');
        trace.push(['after activity', df.isReplaying]);
        yield df.waitForExternalEvent('go');
        trace.push(['after event', df.isReplaying]);
        return 'done';
      });
    });
    await runner.startNew('tracer', { instanceId: 't' });
    await until(() => hasEvent(runner, 't', 'TaskCompleted'));

    await runner.raiseEvent('t', 'go');
    await runner.waitForCompletion('t', WAIT_MS);

    expect(trace).toEqual([
      ['start', false],
      ['start', true],
      ['after activity', false],
      ['start', true],
      ['after activity', true],
      ['after event', false],
    ]);
  });

  it('setCustomStatus is stored and returned by getStatus', async () => {
    const runner = await harness().startRunner((r) =>
      r.registerOrchestrator('statusful', function* ({ df }) {
        df.setCustomStatus({ stage: 'waiting' });
        const answer = yield df.waitForExternalEvent('answer');
        df.setCustomStatus({ stage: 'answered', answer });
        return 'ok';
      }),
    );
    await runner.startNew('statusful', { instanceId: 's' });

    const waiting = await until(async () => {
      const status = await runner.getStatus('s');
      return status?.runtimeStatus === 'Running' && status;
    });
    expect(waiting.customStatus).toEqual({ stage: 'waiting' });

    await runner.raiseEvent('s', 'answer', 42);
    expect((await runner.waitForCompletion('s', WAIT_MS)).customStatus).toEqual({
      stage: 'answered',
      answer: 42,
    });
  });

  it('continueAsNew restarts the instance with the new input and a fresh history', async () => {
    const recorded: number[] = [];
    const runner = await harness().startRunner((r) => {
      r.registerActivity('record', async (n: number) => {
        recorded.push(n);
      });
      r.registerOrchestrator('counter', function* ({ df }) {
        const n = df.getInput<number>();
        yield df.callActivity('record', n);
        if (n < 3) {
          df.continueAsNew(n + 1);
          return 'continued';
        }
        return `stopped at ${n}`;
      });
    });

    const status = await runToEnd(runner, 'counter', 0);

    expect(status).toMatchObject({ runtimeStatus: 'Completed', output: 'stopped at 3', input: 3 });
    expect(recorded).toEqual([0, 1, 2, 3]);
    const history = runner.getHistory('counter');
    expect(history.filter((event) => event.type === 'ExecutionStarted')).toEqual([
      expect.objectContaining({ input: 3 }),
    ]);
  });
});

describe('instance lifecycle', () => {
  it('terminate ends the instance; later events and its timers are ignored', async () => {
    let executions = 0;
    const runner = await harness().startRunner((r) =>
      r.registerOrchestrator('endless', function* ({ df }) {
        executions++;
        const timer = df.createTimer(new Date(df.currentUtcDateTime.getTime() + 200));
        yield df.Task.all([df.waitForExternalEvent('never'), timer]);
        return 'not reached';
      }),
    );
    await runner.startNew('endless', { instanceId: 'e' });
    await until(() => hasEvent(runner, 'e', 'TimerCreated'));

    await runner.terminate('e', 'operator hung up');
    const executionsAtTermination = executions;
    await runner.raiseEvent('e', 'never', 'too late');
    await sleep(300); // past the timer's fire time

    expect(await runner.waitForCompletion('e', WAIT_MS)).toMatchObject({
      runtimeStatus: 'Terminated',
      output: 'operator hung up',
    });
    expect(executions).toBe(executionsAtTermination);
    expect(historyTypes(runner, 'e').at(-1)).toBe('ExecutionTerminated');
    expect(hasEvent(runner, 'e', 'TimerFired')).toBe(false);
  });

  it('startNew rejects a running instance id and restarts a finished one afresh', async () => {
    const runner = await harness().startRunner((r) =>
      r.registerOrchestrator('echo', function* ({ df }) {
        const go = yield df.waitForExternalEvent('go');
        return { input: df.getInput<number>(), go };
      }),
    );
    await runner.startNew('echo', { instanceId: 'x', input: 1 });
    await expect(runner.startNew('echo', { instanceId: 'x', input: 2 })).rejects.toMatchObject({
      code: 'instance_running',
    });
    await expect(runner.startNew('unknown', { instanceId: 'y' })).rejects.toMatchObject({
      code: 'orchestrator_not_registered',
    });
    await runner.raiseEvent('x', 'go', 'a');
    expect((await runner.waitForCompletion('x', WAIT_MS)).output).toEqual({ input: 1, go: 'a' });

    await runner.startNew('echo', { instanceId: 'x', input: 2 });
    await until(async () => (await runner.getStatus('x'))?.runtimeStatus === 'Running');
    expect(historyTypes(runner, 'x')).toEqual(['OrchestratorStarted', 'ExecutionStarted']);
    await runner.raiseEvent('x', 'go', 'b');

    expect(await runner.waitForCompletion('x', WAIT_MS)).toMatchObject({
      runtimeStatus: 'Completed',
      input: 2,
      output: { input: 2, go: 'b' },
    });
  });

  it('an orchestrator that yields something other than a task fails', async () => {
    const runner = await harness().startRunner((r) =>
      r.registerOrchestrator('confused', function* () {
        yield 42 as never;
        return 'not reached';
      }),
    );
    expect(await runToEnd(runner, 'confused')).toMatchObject({ runtimeStatus: 'Failed' });
  });
});
