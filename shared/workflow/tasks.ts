/**
 * The durable tasks an orchestrator yields under the local runner. They mirror durable-functions'
 * task classes closely enough that orchestrator code behaves the same on both sides:
 * - a task is scheduled (gets its sequence number) when it is yielded, alone or inside Task.all/any,
 *   not when it is created;
 * - `isCompleted` means completed successfully; a failed task has `isFaulted` and its `result` is the error;
 * - Task.any completes with the winning child task itself, even when that child failed.
 */
import type { DurableRetryOptions, DurableTask, DurableTimerTask } from './context';

export type TaskOutcome =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: Error };

/** What tasks need from the replay engine when they are scheduled. */
export interface TaskScheduler {
  /** Give an activity or timer its sequence number, checking it against the history. */
  scheduleAction(task: ActivityTask | TimerTask): void;
  /** Start waiting for an external event (delivered at once if one is buffered). */
  waitForEvent(task: EventTask): void;
  /** The orchestration's current time (ms), from the history. */
  readonly currentTime: number;
}

export abstract class ReplayTask implements DurableTask {
  private settled: TaskOutcome | undefined;
  private readonly listeners: Array<() => void> = [];

  get isCompleted(): boolean {
    return this.settled?.ok === true;
  }

  get isFaulted(): boolean {
    return this.settled?.ok === false;
  }

  /** As in durable-functions: the value when completed, the error when faulted, otherwise undefined. */
  get result(): unknown {
    if (!this.settled) return undefined;
    return this.settled.ok ? this.settled.value : this.settled.error;
  }

  get outcome(): TaskOutcome | undefined {
    return this.settled;
  }

  /** Record the outcome (first one wins) and tell the composite tasks waiting on this one. */
  settle(outcome: TaskOutcome): void {
    if (this.settled) return;
    this.settled = outcome;
    for (const listener of this.listeners.splice(0)) listener();
  }

  /** Call `listener` once this task is settled (at once if it already is). */
  onSettled(listener: () => void): void {
    if (this.settled) listener();
    else this.listeners.push(listener);
  }

  /** Called each time the orchestrator yields this task or a composite holding it; must be idempotent. */
  abstract schedule(scheduler: TaskScheduler): void;
}

export class ActivityTask extends ReplayTask {
  taskId: number | undefined;

  constructor(
    readonly name: string,
    readonly input: unknown,
  ) {
    super();
  }

  schedule(scheduler: TaskScheduler): void {
    if (this.taskId === undefined) scheduler.scheduleAction(this);
  }
}

export class TimerTask extends ReplayTask implements DurableTimerTask {
  taskId: number | undefined;
  private canceled = false;

  constructor(readonly fireAt: number) {
    super();
  }

  get isCanceled(): boolean {
    return this.canceled;
  }

  /** Takes effect at the next yield or return, when the runner is told to drop the timer. */
  cancel(): void {
    if (this.outcome) throw new Error('Cannot cancel a completed task.');
    this.canceled = true;
  }

  /** A cancelled timer never completes, so it can never wake the orchestrator. */
  fire(): void {
    if (!this.canceled) this.settle({ ok: true, value: undefined });
  }

  schedule(scheduler: TaskScheduler): void {
    if (this.taskId === undefined) scheduler.scheduleAction(this);
  }
}

export class EventTask extends ReplayTask {
  private waiting = false;

  constructor(readonly eventName: string) {
    super();
  }

  schedule(scheduler: TaskScheduler): void {
    if (this.waiting) return;
    this.waiting = true;
    scheduler.waitForEvent(this);
  }
}

/** Delay before retry number `attempt` (1 for the first retry), as the Durable Task Framework computes it. */
export function retryDelay(options: DurableRetryOptions, attempt: number): number {
  const delay = options.firstRetryIntervalInMilliseconds * (options.backoffCoefficient ?? 1) ** (attempt - 1);
  const max = options.maxRetryIntervalInMilliseconds;
  return max !== undefined && max > 0 ? Math.min(delay, max) : delay;
}

/**
 * callActivityWithRetry: each attempt is an ordinary activity and each pause a durable timer, both with
 * their own sequence numbers (as durable-functions does), so retries are replayed and survive restarts
 * like everything else.
 */
export class RetryActivityTask extends ReplayTask {
  private attempts = 0;

  constructor(
    readonly name: string,
    readonly options: DurableRetryOptions,
    readonly input: unknown,
  ) {
    super();
    if (!(options.firstRetryIntervalInMilliseconds > 0)) {
      throw new RangeError('firstRetryIntervalInMilliseconds value must be greater than 0.');
    }
  }

  schedule(scheduler: TaskScheduler): void {
    if (this.attempts === 0) this.startAttempt(scheduler);
  }

  private startAttempt(scheduler: TaskScheduler): void {
    this.attempts++;
    const attempt = new ActivityTask(this.name, this.input);
    attempt.onSettled(() => this.onAttemptSettled(attempt, scheduler));
    scheduler.scheduleAction(attempt);
  }

  private onAttemptSettled(attempt: ActivityTask, scheduler: TaskScheduler): void {
    const outcome = attempt.outcome;
    if (!outcome) return;
    if (outcome.ok || this.attempts >= this.options.maxNumberOfAttempts) {
      this.settle(outcome);
      return;
    }
    const pause = new TimerTask(scheduler.currentTime + retryDelay(this.options, this.attempts));
    pause.onSettled(() => this.startAttempt(scheduler));
    scheduler.scheduleAction(pause);
  }
}

abstract class CompositeTask extends ReplayTask {
  protected readonly children: readonly ReplayTask[];

  constructor(tasks: readonly DurableTask[], kind: string) {
    super();
    if (tasks.length === 0) {
      throw new Error(`Task.${kind}() needs at least one task.`);
    }
    this.children = tasks.map((task) => {
      if (!(task instanceof ReplayTask))
        throw new Error(`Task.${kind}() only accepts tasks from context.df.`);
      return task;
    });
    for (const child of this.children) child.onSettled(() => this.onChildSettled(child));
  }

  protected abstract onChildSettled(child: ReplayTask): void;

  schedule(scheduler: TaskScheduler): void {
    for (const child of this.children) child.schedule(scheduler);
  }
}

export class WhenAllTask extends CompositeTask {
  constructor(tasks: readonly DurableTask[]) {
    super(tasks, 'all');
  }

  protected onChildSettled(child: ReplayTask): void {
    if (child.outcome?.ok === false) {
      this.settle(child.outcome);
    } else if (this.children.every((task) => task.isCompleted)) {
      this.settle({ ok: true, value: this.children.map((task) => task.result) });
    }
  }
}

export class WhenAnyTask extends CompositeTask {
  constructor(tasks: readonly DurableTask[]) {
    super(tasks, 'any');
  }

  protected onChildSettled(child: ReplayTask): void {
    this.settle({ ok: true, value: child });
  }
}
