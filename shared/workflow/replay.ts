/**
 * The replay engine: runs an orchestrator generator against an instance's history, the way
 * durable-functions' TaskOrchestrationExecutor does.
 *
 * The generator is re-run from the beginning on every episode. History events are applied in order;
 * each completion settles the task it belongs to, and whenever the task the generator is waiting on is
 * settled, the generator is resumed with its value (or its error is thrown into it). Actions the
 * generator produces are checked against those already recorded at the same sequence number; the ones
 * past the end of the history are returned for the runner to record and dispatch. The engine is pure:
 * no clock, no I/O, so a given history always produces the same outcome.
 */
import { createHash } from 'node:crypto';
import type { DurableOrchestrationApi, DurableTask, OrchestrationContextLike, Orchestrator } from './context';
import { type FailureDetails, type HistoryEvent, jsonRoundTrip, toFailureDetails } from './history';
import {
  ActivityTask,
  EventTask,
  ReplayTask,
  RetryActivityTask,
  type TaskOutcome,
  type TaskScheduler,
  TimerTask,
  WhenAllTask,
  WhenAnyTask,
} from './tasks';

/** The orchestrator no longer does what its history says it did (code changed, or not deterministic). */
export class NonDeterministicOrchestrationError extends Error {
  override readonly name = 'NonDeterministicOrchestrationError';
}

/**
 * Thrown into the orchestrator when an activity failed. Same name, message format and
 * `failureDetails` field names as durable-functions' TaskFailedError.
 */
export class TaskFailedError extends Error {
  override readonly name = 'TaskFailedError';
  readonly failureDetails: {
    readonly errorType: string;
    readonly errorMessage: string;
    readonly stackTrace?: string;
  };

  constructor(
    failure: FailureDetails,
    readonly taskName: string,
    readonly taskId: number,
  ) {
    super(`${failure.name}: ${failure.message}`);
    this.failureDetails = {
      errorType: failure.name,
      errorMessage: failure.message,
      stackTrace: failure.stack,
    };
    if (failure.stack) this.stack = failure.stack;
  }
}

export type NewAction =
  | { readonly kind: 'activity'; readonly taskId: number; readonly name: string; readonly input: unknown }
  | { readonly kind: 'timer'; readonly taskId: number; readonly fireAt: number };

export type ReplayResult =
  | { readonly status: 'waiting' }
  | { readonly status: 'completed'; readonly output: unknown }
  | { readonly status: 'failed'; readonly failure: FailureDetails }
  | { readonly status: 'continuedAsNew'; readonly input: unknown };

export interface ReplayOutcome {
  readonly result: ReplayResult;
  /** Actions produced past the end of the history, in sequence order: to record, then dispatch. */
  readonly newActions: readonly NewAction[];
  /** Timers the orchestrator cancelled in this episode (not cancelled in the history yet). */
  readonly canceledTimers: readonly number[];
  /** Set when the orchestrator called setCustomStatus during this replay (the last value wins). */
  readonly customStatus?: { readonly value: unknown };
}

/** Durable Functions' namespace value for deterministic GUIDs (GuidManager.UrlNamespaceValue). */
const GUID_NAMESPACE = '9e952958-5e33-4daf-827f-2fa12937b875';

/**
 * Name-based (v5) GUID, byte for byte what durable-functions' GuidManager computes, so the same name
 * gives the same GUID locally and on Azure. GuidManager calls `uuid.v5(namespace, sha1(name)[0..16])`,
 * i.e. with uuid's arguments swapped: the 16 hash bytes act as the namespace and the namespace text as
 * the name. We reproduce that rather than "fix" it.
 */
export function deterministicGuid(name: string): string {
  const nameHash = createHash('sha1').update(name, 'utf8').digest().subarray(0, 16);
  const bytes = createHash('sha1').update(nameHash).update(GUID_NAMESPACE, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function replayOrchestration(options: {
  readonly instanceId: string;
  readonly orchestrator: Orchestrator;
  readonly history: readonly HistoryEvent[];
}): ReplayOutcome {
  return new OrchestrationReplay(options.instanceId, options.orchestrator, options.history).run();
}

type RecordedAction = { readonly kind: 'activity'; readonly name: string } | { readonly kind: 'timer' };

function describe(action: RecordedAction): string {
  return action.kind === 'activity' ? `activity '${action.name}'` : 'a timer';
}

function describeTask(task: ActivityTask | TimerTask): RecordedAction {
  return task instanceof ActivityTask ? { kind: 'activity', name: task.name } : { kind: 'timer' };
}

class OrchestrationReplay implements TaskScheduler {
  /** Actions recorded in the history, by sequence number: what the replay must produce again. */
  private readonly recorded = new Map<number, RecordedAction>();
  private readonly recordedCancels = new Set<number>();
  /** Events before the last OrchestratorStarted were seen by an earlier execution: that part is replay. */
  private readonly lastEpisodeStart: number;
  private readonly scheduled = new Map<number, ActivityTask | TimerTask>();
  private readonly newActions: NewAction[] = [];
  /** Open waits per event name, oldest first. */
  private readonly eventWaiters = new Map<string, EventTask[]>();
  /** Events raised before anyone waited for them, oldest first. */
  private readonly bufferedEvents = new Map<string, unknown[]>();
  private readonly context: OrchestrationContextLike;
  private nextTaskId = 0;
  private now = 0;
  private replaying = false;
  private guidCounter = 0;
  private name = '';
  private input: unknown;
  private generator: Generator<DurableTask, unknown, unknown> | undefined;
  private waitingOn: ReplayTask | undefined;
  private result: ReplayResult | undefined;
  private continueAsNewWith: { value: unknown } | undefined;
  private customStatus: { value: unknown } | undefined;

  constructor(
    private readonly instanceId: string,
    private readonly orchestrator: Orchestrator,
    private readonly history: readonly HistoryEvent[],
  ) {
    this.lastEpisodeStart = history.map((event) => event.type).lastIndexOf('OrchestratorStarted');
    for (const event of history) {
      if (event.type === 'TaskScheduled')
        this.recorded.set(event.taskId, { kind: 'activity', name: event.name });
      if (event.type === 'TimerCreated') this.recorded.set(event.taskId, { kind: 'timer' });
      if (event.type === 'TimerCanceled') this.recordedCancels.add(event.taskId);
    }
    this.context = { df: this.createApi() };
  }

  get currentTime(): number {
    return this.now;
  }

  run(): ReplayOutcome {
    try {
      for (const [index, event] of this.history.entries()) {
        if (this.result) break;
        this.replaying = index < this.lastEpisodeStart;
        this.apply(event);
        this.resumeWhileReady();
      }
      if (!this.generator && !this.result) throw new Error('the history has no ExecutionStarted event');
    } catch (error) {
      if (!(error instanceof NonDeterministicOrchestrationError)) throw error;
      this.result = { status: 'failed', failure: toFailureDetails(error) };
      this.newActions.length = 0; // produced by code that no longer matches its history: not to be run
    }
    return {
      result: this.result ?? { status: 'waiting' },
      newActions: this.newActions,
      canceledTimers: this.newlyCanceledTimers(),
      ...(this.customStatus ? { customStatus: this.customStatus } : {}),
    };
  }

  private apply(event: HistoryEvent): void {
    switch (event.type) {
      case 'OrchestratorStarted':
        // Time only moves forward, as in durable-functions.
        this.now = Math.max(this.now, event.timestamp);
        break;
      case 'ExecutionStarted':
        this.name = event.name;
        this.input = event.input;
        this.startGenerator();
        break;
      case 'TaskScheduled':
        this.expectScheduled(event.taskId, { kind: 'activity', name: event.name });
        break;
      case 'TimerCreated':
        this.expectScheduled(event.taskId, { kind: 'timer' });
        break;
      case 'TaskCompleted':
        this.activityAt(event.taskId).settle({ ok: true, value: event.result });
        break;
      case 'TaskFailed': {
        const task = this.activityAt(event.taskId);
        task.settle({ ok: false, error: new TaskFailedError(event.failure, task.name, event.taskId) });
        break;
      }
      case 'TimerFired':
        this.timerAt(event.taskId).fire();
        break;
      case 'EventRaised':
        this.deliverEvent(event.name, event.input);
        break;
      case 'TimerCanceled': // the replayed cancel() call re-cancels it; the event is for the runner
      case 'ExecutionCompleted':
      case 'ExecutionFailed':
      case 'ExecutionTerminated':
        break;
    }
  }

  private startGenerator(): void {
    try {
      this.generator = this.orchestrator(this.context);
    } catch (error) {
      this.result = { status: 'failed', failure: toFailureDetails(error) };
      return;
    }
    this.step({ ok: true, value: undefined });
  }

  /** Resume the generator as long as the task it waits on is settled (a yielded task may already be). */
  private resumeWhileReady(): void {
    while (!this.result && this.waitingOn?.outcome) {
      const outcome = this.waitingOn.outcome;
      this.waitingOn = undefined;
      this.step(outcome);
    }
  }

  /** Run the orchestrator code up to its next yield or return. */
  private step(outcome: TaskOutcome): void {
    const generator = this.generator;
    if (!generator) return;
    let next: IteratorResult<DurableTask, unknown>;
    try {
      next = outcome.ok ? generator.next(outcome.value) : generator.throw(outcome.error);
      // Outputs go through JSON like everything persisted; an unserializable output fails the instance.
      if (next.done) next = { done: true, value: jsonRoundTrip(next.value) };
    } catch (error) {
      this.result = { status: 'failed', failure: toFailureDetails(error) };
      return;
    }
    if (this.continueAsNewWith) {
      // As in durable-functions, continueAsNew takes effect at the next yield or return.
      this.result = { status: 'continuedAsNew', input: this.continueAsNewWith.value };
    } else if (next.done) {
      this.result = { status: 'completed', output: next.value };
    } else if (next.value instanceof ReplayTask) {
      this.waitingOn = next.value;
      next.value.schedule(this);
    } else {
      const message = `Orchestrator yielded ${typeof next.value}; only tasks from context.df can be yielded.`;
      this.result = { status: 'failed', failure: { name: 'Error', message } };
    }
  }

  scheduleAction(task: ActivityTask | TimerTask): void {
    const taskId = this.nextTaskId++;
    task.taskId = taskId;
    this.scheduled.set(taskId, task);
    const actual = describeTask(task);
    const expected = this.recorded.get(taskId);
    if (expected === undefined) {
      this.newActions.push(
        task instanceof ActivityTask
          ? { kind: 'activity', taskId, name: task.name, input: task.input }
          : { kind: 'timer', taskId, fireAt: task.fireAt },
      );
    } else if (describe(expected) !== describe(actual)) {
      throw this.nonDeterminism(taskId, describe(expected), `scheduled ${describe(actual)}`);
    }
  }

  /** A TaskScheduled/TimerCreated in the history: by now the replay must have produced that action. */
  private expectScheduled(taskId: number, expected: RecordedAction): void {
    if (!this.scheduled.has(taskId)) {
      throw this.nonDeterminism(taskId, describe(expected), 'did not schedule anything there');
    }
  }

  private activityAt(taskId: number): ActivityTask {
    const task = this.scheduled.get(taskId);
    if (task instanceof ActivityTask) return task;
    throw this.nonDeterminism(
      taskId,
      'an activity',
      task ? 'scheduled a timer' : 'did not schedule anything there',
    );
  }

  private timerAt(taskId: number): TimerTask {
    const task = this.scheduled.get(taskId);
    if (task instanceof TimerTask) return task;
    throw this.nonDeterminism(
      taskId,
      'a timer',
      task ? `scheduled ${describe(describeTask(task))}` : 'did not schedule anything there',
    );
  }

  private nonDeterminism(
    taskId: number,
    expected: string,
    actual: string,
  ): NonDeterministicOrchestrationError {
    return new NonDeterministicOrchestrationError(
      `Non-deterministic orchestration '${this.name}' (instance '${this.instanceId}'): at task #${taskId} ` +
        `the history expects ${expected}, but the replayed orchestrator ${actual}. ` +
        'Orchestrator code must be deterministic and must not change while instances are running.',
    );
  }

  waitForEvent(task: EventTask): void {
    const buffered = this.bufferedEvents.get(task.eventName);
    if (buffered && buffered.length > 0) {
      task.settle({ ok: true, value: buffered.shift() });
      return;
    }
    const waiters = this.eventWaiters.get(task.eventName) ?? [];
    waiters.push(task);
    this.eventWaiters.set(task.eventName, waiters);
  }

  /**
   * The newest open wait gets the event, as in durable-functions: a wait abandoned by a lost Task.any
   * in an earlier loop iteration must not steal the event from the wait the orchestrator is now on.
   * With no open wait the event is buffered for the next wait on that name.
   */
  private deliverEvent(name: string, input: unknown): void {
    const waiter = this.eventWaiters.get(name)?.pop();
    if (waiter) {
      waiter.settle({ ok: true, value: input });
      return;
    }
    const buffered = this.bufferedEvents.get(name) ?? [];
    buffered.push(input);
    this.bufferedEvents.set(name, buffered);
  }

  private newlyCanceledTimers(): number[] {
    const canceled: number[] = [];
    for (const [taskId, task] of this.scheduled) {
      if (task instanceof TimerTask && task.isCanceled && !this.recordedCancels.has(taskId))
        canceled.push(taskId);
    }
    return canceled;
  }

  /** The `context.df` the orchestrator sees. Values it hands over go through JSON at once, like on Azure. */
  private createApi(): DurableOrchestrationApi {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- getters below need the replay, not the api object
    const replay = this;
    return {
      get instanceId() {
        return replay.instanceId;
      },
      get isReplaying() {
        return replay.replaying;
      },
      get currentUtcDateTime() {
        return new Date(replay.now);
      },
      Task: {
        all: (tasks) => new WhenAllTask(tasks),
        any: (tasks) => new WhenAnyTask(tasks),
      },
      getInput<T>(): T {
        return replay.input as T;
      },
      callActivity: (name, input) => new ActivityTask(name, jsonRoundTrip(input)),
      callActivityWithRetry: (name, retryOptions, input) =>
        new RetryActivityTask(name, retryOptions, jsonRoundTrip(input)),
      createTimer: (fireAt) => {
        const time = fireAt.getTime();
        if (Number.isNaN(time)) throw new RangeError('createTimer needs a valid date.');
        return new TimerTask(time);
      },
      waitForExternalEvent: (name) => new EventTask(name),
      continueAsNew: (input) => {
        replay.continueAsNewWith = { value: jsonRoundTrip(input) };
      },
      newGuid: (name) => deterministicGuid(`${name}_${replay.now}_${replay.guidCounter++}`),
      setCustomStatus: (status) => {
        replay.customStatus = { value: jsonRoundTrip(status) };
      },
    };
  }
}
