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
 *
 * This file is the client API (start, raise, terminate, wait, status); the drains, episodes, dispatch
 * and resume are the instance driver's (./instance-driver).
 */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { createLogger, type Logger } from '../log';
import type { ActivityHandler, OrchestrationStatus, Orchestrator, WorkflowClient } from './context';
import {
  FINISHED_STATUSES,
  type HistoryEvent,
  type InboxEvent,
  type InstanceRecord,
  jsonRoundTrip,
  WorkflowStore,
} from './history';
import { InstanceDriver } from './instance-driver';
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

export class LocalWorkflowRunner implements WorkflowClient {
  readonly kind = 'local';
  private readonly store: WorkflowStore;
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly orchestrators = new Map<string, Orchestrator>();
  private readonly activities = new Map<string, ActivityHandler>();
  private readonly timers: TimerTable;
  private readonly driver: InstanceDriver;
  /** waitForCompletion callers by instance id; each re-checks the status when called. */
  private readonly completionListeners = new Map<string, Set<() => void>>();
  private state: 'created' | 'started' | 'stopped' = 'created';

  constructor(options: LocalWorkflowRunnerOptions) {
    this.store = new WorkflowStore(options.db);
    this.now = options.now ?? Date.now;
    this.timers = new TimerTable(this.now);
    this.log = options.log ?? createLogger();
    this.driver = new InstanceDriver({
      store: this.store,
      timers: this.timers,
      now: this.now,
      log: this.log,
      orchestrators: this.orchestrators,
      activities: this.activities,
      client: this,
      started: () => this.state === 'started',
      finished: (instanceId) => this.notifyCompletion(instanceId),
    });
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
    for (const instance of this.store.unfinishedInstances()) this.driver.resume(instance);
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
    this.driver.scheduleDrain(instanceId);
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
    this.driver.scheduleDrain(instanceId);
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
