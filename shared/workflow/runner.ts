/**
 * Local runner of Durable Functions orchestrators, with Durable Functions' replay semantics, persisted
 * in SQLite. The same generator orchestrators run on Azure under durable-functions and here.
 *
 * How it works, in the order things happen:
 * - Every message for an instance (start, activity result, timer fired, event raised) is first written
 *   to the instance's inbox, so it is durable as soon as the call that produced it returns.
 * - A drain, queued with setImmediate, runs one episode: it reads the inbox, appends those events to the
 *   history, replays the orchestrator from the beginning (./replay), and in one transaction records the
 *   events, the new actions and the new status. Only then are the new actions dispatched: activities
 *   are called, timers armed with setTimeout from their persisted fire time.
 * - An episode is synchronous (orchestrator code cannot await), so episodes of one instance never
 *   interleave, while activities of all instances run concurrently.
 * - start() resumes what a stopped or crashed runner left: it re-arms pending timers and re-runs the
 *   activities with no recorded result (at least once, like Durable Functions), then drains inboxes.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { createLogger, type Logger } from '../log';
import type { ActivityHandler, OrchestrationStatus, Orchestrator, WorkflowClient } from './context';
import { acceptMessages, outcomeEvents, statusUpdate } from './episode';
import {
  FINISHED_STATUSES,
  type HistoryEvent,
  type InboxEvent,
  type InstanceRecord,
  jsonRoundTrip,
  settledTaskIds,
  toFailureDetails,
  unsettledActions,
  WorkflowStore,
} from './history';
import { type NewAction, type ReplayOutcome, replayOrchestration } from './replay';
import { TimerTable } from './timers';

export { NonDeterministicOrchestrationError, TaskFailedError } from './replay';
export type { HistoryEvent } from './history';

export interface LocalWorkflowRunnerOptions {
  readonly db: Database;
  /** Clock for history timestamps (currentUtcDateTime) and timer delays; defaults to Date.now. */
  readonly now?: () => number;
  readonly log?: Logger;
}

export type WorkflowErrorCode =
  'instance_running' | 'instance_not_found' | 'orchestrator_not_registered' | 'runner_stopped' | 'timeout';

/** Error thrown by the client API; callers branch on `code`. */
export class WorkflowError extends Error {
  override readonly name = 'WorkflowError';

  constructor(
    readonly code: WorkflowErrorCode,
    message: string,
  ) {
    super(message);
  }
}

type ActivityAction = Extract<NewAction, { kind: 'activity' }>;

export class LocalWorkflowRunner implements WorkflowClient {
  readonly kind = 'local';
  private readonly store: WorkflowStore;
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly orchestrators = new Map<string, Orchestrator>();
  private readonly activities = new Map<string, ActivityHandler>();
  private readonly timers: TimerTable;
  private readonly drainsQueued = new Set<string>();
  /** waitForCompletion callers by instance id; each re-checks the status when called. */
  private readonly completionListeners = new Map<string, Set<() => void>>();
  private state: 'created' | 'started' | 'stopped' = 'created';

  constructor(options: LocalWorkflowRunnerOptions) {
    this.store = new WorkflowStore(options.db);
    this.now = options.now ?? Date.now;
    this.timers = new TimerTable(this.now);
    this.log = options.log ?? createLogger();
  }

  registerOrchestrator<TOutput>(name: string, fn: Orchestrator<TOutput>): void {
    this.orchestrators.set(name, fn);
  }

  registerActivity<TInput, TOutput>(name: string, handler: ActivityHandler<TInput, TOutput>): void {
    // Inputs come from JSON: the handler's declared input type is the caller's promise, not checked here.
    this.activities.set(name, handler as ActivityHandler);
  }

  /** Resume persisted, unfinished instances. Messages sent before start() are processed now. */
  async start(): Promise<void> {
    if (this.state !== 'created') throw new Error(`the workflow runner cannot start: it is ${this.state}`);
    this.state = 'started';
    for (const instance of this.store.unfinishedInstances()) this.resume(instance);
  }

  /**
   * The instances of orchestrator `name` still Pending or Running, oldest first: before start(), what a
   * stopped or crashed process left. The local host uses it to end calls its phone network lost.
   */
  unfinishedInstances(name: string): { instanceId: string; input: unknown }[] {
    return this.store
      .unfinishedInstances()
      .filter((instance) => instance.name === name)
      .map(({ instanceId, input }) => ({ instanceId, input }));
  }

  /** Stop timers and dispatching. Persisted state stays; results of activities still running are dropped. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    this.timers.clearAll();
    for (const instanceId of [...this.completionListeners.keys()]) this.notifyCompletion(instanceId);
  }

  async startNew(name: string, options: { instanceId: string; input?: unknown }): Promise<string> {
    this.assertNotStopped();
    const { instanceId } = options;
    if (!this.orchestrators.has(name)) {
      throw new WorkflowError('orchestrator_not_registered', `orchestrator '${name}' is not registered`);
    }
    const input = jsonRoundTrip(options.input);
    const now = this.now();
    const executionId = randomUUID();
    this.store.transaction(() => {
      const existing = this.store.getInstance(instanceId);
      if (existing && !FINISHED_STATUSES.has(existing.runtimeStatus)) {
        throw new WorkflowError('instance_running', `instance '${instanceId}' is ${existing.runtimeStatus}`);
      }
      // A finished instance starts afresh, as in Durable Functions: new execution, empty history.
      this.store.deleteHistory(instanceId);
      this.store.clearInbox(instanceId);
      this.store.putInstance({
        instanceId,
        name,
        executionId,
        runtimeStatus: 'Pending',
        input,
        output: undefined,
        customStatus: undefined,
        createdAt: now,
        updatedAt: now,
      });
      this.store.enqueue(instanceId, executionId, { type: 'ExecutionStarted', timestamp: now, name, input });
    });
    this.timers.clearInstance(instanceId);
    this.scheduleDrain(instanceId);
    return instanceId;
  }

  async raiseEvent(instanceId: string, eventName: string, eventData?: unknown): Promise<void> {
    this.assertNotStopped();
    const instance = this.requireInstance(instanceId);
    if (FINISHED_STATUSES.has(instance.runtimeStatus)) {
      this.log.debug('event ignored: instance finished', {
        instanceId,
        eventName,
        status: instance.runtimeStatus,
      });
      return;
    }
    const event: InboxEvent = {
      type: 'EventRaised',
      timestamp: this.now(),
      name: eventName,
      input: jsonRoundTrip(eventData),
    };
    // No execution id: a raised event goes to whichever execution is current when it is processed.
    this.store.enqueue(instanceId, null, event);
    this.scheduleDrain(instanceId);
  }

  async getStatus(instanceId: string): Promise<OrchestrationStatus | undefined> {
    return this.readStatus(instanceId);
  }

  async terminate(instanceId: string, reason: string): Promise<void> {
    this.assertNotStopped();
    const instance = this.requireInstance(instanceId);
    if (FINISHED_STATUSES.has(instance.runtimeStatus)) {
      this.log.debug('terminate ignored: instance finished', { instanceId, status: instance.runtimeStatus });
      return;
    }
    const now = this.now();
    this.store.transaction(() => {
      this.store.appendHistory(instanceId, [{ type: 'ExecutionTerminated', timestamp: now, reason }]);
      this.store.updateInstance(instanceId, {
        runtimeStatus: 'Terminated',
        output: { value: reason },
        updatedAt: now,
      });
      this.store.clearInbox(instanceId);
    });
    this.timers.clearInstance(instanceId);
    this.log.info('workflow terminated', { instanceId, reason });
    this.notifyCompletion(instanceId);
  }

  /** Resolves with the status once the instance is Completed, Failed or Terminated. */
  waitForCompletion(instanceId: string, timeoutMs: number): Promise<OrchestrationStatus> {
    return new Promise((resolve, reject) => {
      const listeners = this.completionListeners.get(instanceId) ?? new Set<() => void>();
      this.completionListeners.set(instanceId, listeners);
      const finish = (settle: () => void): void => {
        clearTimeout(timeout);
        listeners.delete(check);
        if (listeners.size === 0) this.completionListeners.delete(instanceId);
        settle();
      };
      const check = (): void => {
        const status = this.readStatus(instanceId);
        if (!status) finish(() => reject(notFound(instanceId)));
        else if (FINISHED_STATUSES.has(status.runtimeStatus)) finish(() => resolve(status));
        else if (this.state === 'stopped') {
          finish(() => reject(new WorkflowError('runner_stopped', 'the workflow runner was stopped')));
        }
      };
      const timeout = setTimeout(() => {
        const status = this.readStatus(instanceId)?.runtimeStatus;
        const message = `instance '${instanceId}' is still ${status} after ${timeoutMs} ms`;
        finish(() => reject(new WorkflowError('timeout', message)));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  }

  /** The current execution's history, oldest first: for debugging and tests. */
  getHistory(instanceId: string): HistoryEvent[] {
    return this.store.loadHistory(instanceId);
  }

  // ---- Resuming after a restart ----

  private resume(instance: InstanceRecord): void {
    const { instanceId, executionId } = instance;
    const inbox = this.store.readInbox(instanceId);
    // Results already waiting in the inbox are not re-run: they only need the drain below.
    const inboxSettled = settledTaskIds(
      inbox.filter((message) => message.executionId === executionId).map((message) => message.event),
    );
    const pending = unsettledActions(this.store.loadHistory(instanceId), inboxSettled);
    for (const action of pending) {
      if (action.type === 'TaskScheduled') {
        const { taskId, name, input } = action;
        this.dispatchActivity(instanceId, executionId, { kind: 'activity', taskId, name, input });
      } else {
        this.armTimer(instanceId, executionId, action.taskId, action.fireAt);
      }
    }
    if (inbox.length > 0) this.scheduleDrain(instanceId);
    this.log.info('workflow resumed', {
      instanceId,
      pendingActions: pending.length,
      inboxMessages: inbox.length,
    });
  }

  // ---- Episodes ----

  private scheduleDrain(instanceId: string): void {
    if (this.state !== 'started' || this.drainsQueued.has(instanceId)) return;
    this.drainsQueued.add(instanceId);
    setImmediate(() => {
      this.drainsQueued.delete(instanceId);
      if (this.state !== 'started') return;
      try {
        this.runEpisode(instanceId);
      } catch (error) {
        // Our bug or a storage error: the inbox is left as is, the next message or restart retries it.
        this.log.error('workflow episode failed', {
          instanceId,
          error: toFailureDetails(error).message,
        });
      }
    });
  }

  /** Apply everything in the inbox to the history, replay, commit, then dispatch the new actions. */
  private runEpisode(instanceId: string): void {
    const messages = this.store.readInbox(instanceId);
    const lastMessage = messages.at(-1);
    if (!lastMessage) return;
    const instance = this.store.getInstance(instanceId);
    const history = this.store.loadHistory(instanceId);
    const incoming = instance ? acceptMessages(instance, history, messages) : [];
    if (!instance || FINISHED_STATUSES.has(instance.runtimeStatus) || incoming.length === 0) {
      this.store.deleteInboxUpTo(instanceId, lastMessage.id); // late, duplicate or for a finished instance
      return;
    }

    const now = this.now();
    const episode: HistoryEvent[] = [{ type: 'OrchestratorStarted', timestamp: now }, ...incoming];
    const outcome = this.replay(instance, [...history, ...episode]);
    this.store.transaction(() => {
      this.store.deleteInboxUpTo(instanceId, lastMessage.id);
      if (outcome.result.status === 'continuedAsNew') {
        this.continueAsNew(instance, outcome.result.input, outcome, now);
      } else {
        this.store.appendHistory(instanceId, [...episode, ...outcomeEvents(outcome, now)]);
        this.store.updateInstance(instanceId, statusUpdate(outcome, now));
      }
    });
    this.afterEpisode(instance, outcome);
  }

  private replay(instance: InstanceRecord, history: HistoryEvent[]): ReplayOutcome {
    const orchestrator = this.orchestrators.get(instance.name);
    if (!orchestrator) {
      const message = `orchestrator '${instance.name}' is not registered with this runner`;
      return {
        result: { status: 'failed', failure: { name: 'Error', message } },
        newActions: [],
        canceledTimers: [],
      };
    }
    return replayOrchestration({ instanceId: instance.instanceId, orchestrator, history });
  }

  /** Same instance id, new execution: fresh history starting with the new input. */
  private continueAsNew(instance: InstanceRecord, input: unknown, outcome: ReplayOutcome, now: number): void {
    const { instanceId, name } = instance;
    const executionId = randomUUID();
    this.store.deleteHistory(instanceId);
    this.store.updateInstance(instanceId, {
      runtimeStatus: 'Running',
      executionId,
      input: { value: input },
      updatedAt: now,
      ...(outcome.customStatus ? { customStatus: outcome.customStatus } : {}),
    });
    this.store.enqueue(instanceId, executionId, { type: 'ExecutionStarted', timestamp: now, name, input });
  }

  private afterEpisode(instance: InstanceRecord, outcome: ReplayOutcome): void {
    const { instanceId, executionId } = instance;
    const { result } = outcome;
    if (result.status === 'continuedAsNew') {
      this.timers.clearInstance(instanceId);
      this.scheduleDrain(instanceId);
      return;
    }
    // Recorded activities run even if the orchestrator finished in this same episode, as on Azure.
    for (const action of outcome.newActions) {
      if (action.kind === 'activity') this.dispatchActivity(instanceId, executionId, action);
    }
    if (result.status === 'waiting') {
      for (const action of outcome.newActions) {
        if (action.kind === 'timer') this.armTimer(instanceId, executionId, action.taskId, action.fireAt);
      }
      for (const taskId of outcome.canceledTimers) this.timers.clear(instanceId, taskId);
      return;
    }
    this.timers.clearInstance(instanceId); // pending timers of a finished orchestration are dropped
    if (result.status === 'failed') {
      this.log.error('workflow failed', {
        instanceId,
        name: instance.name,
        errorName: result.failure.name,
        error: result.failure.message,
      });
    }
    this.notifyCompletion(instanceId);
  }

  // ---- Activities and timers ----

  private dispatchActivity(instanceId: string, executionId: string, action: ActivityAction): void {
    const handler = this.activities.get(action.name);
    const run = handler
      ? Promise.resolve(action.input).then((input) => handler(input, { workflow: this })) // then(): a handler that throws synchronously fails the task too
      : Promise.reject(new Error(`activity '${action.name}' is not registered with this runner`));
    run.then(
      (result: unknown) =>
        this.onActivitySettled(instanceId, executionId, action.taskId, { ok: true, result }),
      (error: unknown) =>
        this.onActivitySettled(instanceId, executionId, action.taskId, { ok: false, error }),
    );
  }

  private onActivitySettled(
    instanceId: string,
    executionId: string,
    taskId: number,
    settled: { ok: true; result: unknown } | { ok: false; error: unknown },
  ): void {
    // Stopped: drop the result; the next runner on this database runs the activity again.
    if (this.state !== 'started') return;
    const timestamp = this.now();
    let event: InboxEvent;
    try {
      if (!settled.ok) throw settled.error;
      event = { type: 'TaskCompleted', timestamp, taskId, result: jsonRoundTrip(settled.result) };
    } catch (error) {
      event = { type: 'TaskFailed', timestamp, taskId, failure: toFailureDetails(error) };
    }
    this.enqueue(instanceId, executionId, event);
  }

  private armTimer(instanceId: string, executionId: string, taskId: number, fireAt: number): void {
    this.timers.arm(instanceId, taskId, fireAt, () => {
      if (this.state === 'started') {
        this.enqueue(instanceId, executionId, { type: 'TimerFired', timestamp: this.now(), taskId });
      }
    });
  }

  private enqueue(instanceId: string, executionId: string, event: InboxEvent): void {
    try {
      this.store.enqueue(instanceId, executionId, event);
      this.scheduleDrain(instanceId);
    } catch (error) {
      this.log.error('workflow message lost', {
        instanceId,
        type: event.type,
        error: toFailureDetails(error).message,
      });
    }
  }

  // ---- Helpers ----

  private notifyCompletion(instanceId: string): void {
    for (const listener of [...(this.completionListeners.get(instanceId) ?? [])]) listener();
  }

  private readStatus(instanceId: string): OrchestrationStatus | undefined {
    const instance = this.store.getInstance(instanceId);
    return instance && toStatus(instance);
  }

  private requireInstance(instanceId: string): InstanceRecord {
    const instance = this.store.getInstance(instanceId);
    if (!instance) throw notFound(instanceId);
    return instance;
  }

  private assertNotStopped(): void {
    if (this.state === 'stopped')
      throw new WorkflowError('runner_stopped', 'the workflow runner was stopped');
  }
}

function notFound(instanceId: string): WorkflowError {
  return new WorkflowError('instance_not_found', `workflow instance '${instanceId}' not found`);
}

function toStatus(instance: InstanceRecord): OrchestrationStatus {
  return {
    instanceId: instance.instanceId,
    name: instance.name,
    runtimeStatus: instance.runtimeStatus,
    input: instance.input,
    output: instance.output,
    customStatus: instance.customStatus,
    createdTime: new Date(instance.createdAt),
    lastUpdatedTime: new Date(instance.updatedAt),
  };
}
