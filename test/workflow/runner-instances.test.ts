import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
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
 * The local runner's instances, driven from outside and replayed, on a real SQLite file: external
 * events, what replay keeps stable (newGuid, currentUtcDateTime, isReplaying, custom status,
 * continueAsNew), and the instance lifecycle (terminate, startNew on a used id). The primitives an
 * orchestrator awaits (activities, timers, Task.any/all) are in runner.test.ts.
 */

const harness = useRunnerHarness();

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
