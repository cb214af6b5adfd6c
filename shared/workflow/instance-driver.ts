/**
 * What moves a local workflow instance forward (see runner.ts for the whole design): messages go to
 * the instance's inbox; a drain replays the orchestrator over them in one episode and commits; then the
 * episode's new activities are called and its timers armed, and their results come back as messages.
 * Also the resume after a restart. It is apart from the runner's client API (start, raise, terminate,
 * wait) because this is the scheduling loop, while the API only writes messages and reads statuses.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../log';
import type { ActivityHandler, Orchestrator, WorkflowClient } from './context';
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
  type WorkflowStore,
} from './history';
import { type NewAction, type ReplayOutcome, replayOrchestration } from './replay';
import type { TimerTable } from './timers';

export interface InstanceDriverDeps {
  readonly store: WorkflowStore;
  readonly timers: TimerTable;
  readonly now: () => number;
  readonly log: Logger;
  readonly orchestrators: ReadonlyMap<string, Orchestrator>;
  readonly activities: ReadonlyMap<string, ActivityHandler>;
  /** What activities get as `workflow`, to start or signal instances themselves. */
  readonly client: WorkflowClient;
  /** Whether the runner is started: before, messages wait in the inbox; after stop, results are dropped. */
  readonly started: () => boolean;
  /** An instance finished (or failed): its waiters re-check its status. */
  readonly finished: (instanceId: string) => void;
}

type ActivityAction = Extract<NewAction, { kind: 'activity' }>;

export class InstanceDriver {
  /** Instances with a drain already queued: one drain reads all the messages that came meanwhile. */
  private readonly drainsQueued = new Set<string>();

  constructor(private readonly deps: InstanceDriverDeps) {}

  // ---- Resuming after a restart ----

  /** Re-runs the activities with no recorded result, re-arms the timers, drains what waits. */
  resume(instance: InstanceRecord): void {
    const { instanceId, executionId } = instance;
    const inbox = this.deps.store.readInbox(instanceId);
    // Results already waiting in the inbox are not re-run: they only need the drain below.
    const inboxSettled = settledTaskIds(
      inbox.filter((message) => message.executionId === executionId).map((message) => message.event),
    );
    const pending = unsettledActions(this.deps.store.loadHistory(instanceId), inboxSettled);
    for (const action of pending) {
      if (action.type === 'TaskScheduled') {
        const { taskId, name, input } = action;
        this.dispatchActivity(instanceId, executionId, { kind: 'activity', taskId, name, input });
      } else {
        this.armTimer(instanceId, executionId, action.taskId, action.fireAt);
      }
    }
    if (inbox.length > 0) this.scheduleDrain(instanceId);
    this.deps.log.info('workflow resumed', {
      instanceId,
      pendingActions: pending.length,
      inboxMessages: inbox.length,
    });
  }

  // ---- Episodes ----

  /** A message is in the instance's inbox: an episode will apply it, after the current call returns. */
  scheduleDrain(instanceId: string): void {
    if (!this.deps.started() || this.drainsQueued.has(instanceId)) return;
    this.drainsQueued.add(instanceId);
    setImmediate(() => {
      this.drainsQueued.delete(instanceId);
      if (!this.deps.started()) return;
      try {
        this.runEpisode(instanceId);
      } catch (error) {
        // Our bug or a storage error: the inbox is left as is, the next message or restart retries it.
        this.deps.log.error('workflow episode failed', {
          instanceId,
          error: toFailureDetails(error).message,
        });
      }
    });
  }

  /** Apply everything in the inbox to the history, replay, commit, then dispatch the new actions. */
  private runEpisode(instanceId: string): void {
    const messages = this.deps.store.readInbox(instanceId);
    const lastMessage = messages.at(-1);
    if (!lastMessage) return;
    const instance = this.deps.store.getInstance(instanceId);
    const history = this.deps.store.loadHistory(instanceId);
    const incoming = instance ? acceptMessages(instance, history, messages) : [];
    if (!instance || FINISHED_STATUSES.has(instance.runtimeStatus) || incoming.length === 0) {
      this.deps.store.deleteInboxUpTo(instanceId, lastMessage.id); // late, duplicate or for a finished instance
      return;
    }

    const now = this.deps.now();
    const episode: HistoryEvent[] = [{ type: 'OrchestratorStarted', timestamp: now }, ...incoming];
    const outcome = this.replay(instance, [...history, ...episode]);
    this.deps.store.transaction(() => {
      this.deps.store.deleteInboxUpTo(instanceId, lastMessage.id);
      if (outcome.result.status === 'continuedAsNew') {
        this.continueAsNew(instance, outcome.result.input, outcome, now);
      } else {
        this.deps.store.appendHistory(instanceId, [...episode, ...outcomeEvents(outcome, now)]);
        this.deps.store.updateInstance(instanceId, statusUpdate(outcome, now));
      }
    });
    this.afterEpisode(instance, outcome);
  }

  private replay(instance: InstanceRecord, history: HistoryEvent[]): ReplayOutcome {
    const orchestrator = this.deps.orchestrators.get(instance.name);
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
    this.deps.store.deleteHistory(instanceId);
    this.deps.store.updateInstance(instanceId, {
      runtimeStatus: 'Running',
      executionId,
      input: { value: input },
      updatedAt: now,
      ...(outcome.customStatus ? { customStatus: outcome.customStatus } : {}),
    });
    this.deps.store.enqueue(instanceId, executionId, {
      type: 'ExecutionStarted',
      timestamp: now,
      name,
      input,
    });
  }

  private afterEpisode(instance: InstanceRecord, outcome: ReplayOutcome): void {
    const { instanceId, executionId } = instance;
    const { result } = outcome;
    if (result.status === 'continuedAsNew') {
      this.deps.timers.clearInstance(instanceId);
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
      for (const taskId of outcome.canceledTimers) this.deps.timers.clear(instanceId, taskId);
      return;
    }
    this.deps.timers.clearInstance(instanceId); // pending timers of a finished orchestration are dropped
    if (result.status === 'failed') {
      this.deps.log.error('workflow failed', {
        instanceId,
        name: instance.name,
        errorName: result.failure.name,
        error: result.failure.message,
      });
    }
    this.deps.finished(instanceId);
  }

  // ---- Activities and timers ----

  private dispatchActivity(instanceId: string, executionId: string, action: ActivityAction): void {
    const handler = this.deps.activities.get(action.name);
    const run = handler
      ? Promise.resolve(action.input).then((input) => handler(input, { workflow: this.deps.client })) // then(): a handler that throws synchronously fails the task too
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
    if (!this.deps.started()) return;
    const timestamp = this.deps.now();
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
    this.deps.timers.arm(instanceId, taskId, fireAt, () => {
      if (this.deps.started()) {
        this.enqueue(instanceId, executionId, { type: 'TimerFired', timestamp: this.deps.now(), taskId });
      }
    });
  }

  private enqueue(instanceId: string, executionId: string, event: InboxEvent): void {
    try {
      this.deps.store.enqueue(instanceId, executionId, event);
      this.scheduleDrain(instanceId);
    } catch (error) {
      this.deps.log.error('workflow message lost', {
        instanceId,
        type: event.type,
        error: toFailureDetails(error).message,
      });
    }
  }
}
