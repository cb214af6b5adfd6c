/**
 * The part of Durable Functions' orchestration context our orchestrators use.
 *
 * Orchestrators are written once against this interface. On Azure, durable-functions passes its own
 * `context.df` (a structural superset of this); locally and in tests, `./runner` implements it with the
 * same replay semantics. Keep this list to what the orchestrators really use: every member here must
 * be implemented, and tested, by the local runner.
 */

/** A durable task: the value an orchestrator yields. Mirrors durable-functions' `Task`. */
export interface DurableTask {
  readonly isCompleted: boolean;
  readonly isFaulted: boolean;
  readonly result?: unknown;
}

/** A timer that can be cancelled. Mirrors durable-functions' `TimerTask`. */
export interface DurableTimerTask extends DurableTask {
  readonly isCanceled: boolean;
  cancel(): void;
}

/** Mirrors durable-functions' `RetryOptions` fields the runner honours. */
export interface DurableRetryOptions {
  readonly firstRetryIntervalInMilliseconds: number;
  readonly maxNumberOfAttempts: number;
  readonly backoffCoefficient?: number;
  readonly maxRetryIntervalInMilliseconds?: number;
}

export interface DurableOrchestrationApi {
  readonly instanceId: string;
  readonly isReplaying: boolean;
  readonly currentUtcDateTime: Date;
  readonly Task: {
    /** Completes when every task completed; its result is the array of results. Fails on the first failure. */
    all(tasks: DurableTask[]): DurableTask;
    /** Completes when the first task completes; its result is that winning task. */
    any(tasks: DurableTask[]): DurableTask;
  };
  getInput<T>(): T;
  callActivity(name: string, input?: unknown): DurableTask;
  callActivityWithRetry(name: string, retryOptions: DurableRetryOptions, input?: unknown): DurableTask;
  createTimer(fireAt: Date): DurableTimerTask;
  waitForExternalEvent(name: string): DurableTask;
  continueAsNew(input: unknown): void;
  newGuid(input: string): string;
  setCustomStatus(status: unknown): void;
}

/** What an orchestrator function receives: `context.df` as in durable-functions. */
export interface OrchestrationContextLike {
  readonly df: DurableOrchestrationApi;
}

/** An orchestrator: a deterministic generator yielding durable tasks, returning its output. */
export type Orchestrator<TOutput = unknown> = (
  context: OrchestrationContextLike,
) => Generator<DurableTask, TOutput, unknown>;

/** What an activity may use besides its input: the workflow client (e.g. to start a callback's call). */
export interface ActivityTools {
  readonly workflow: WorkflowClient;
}

/** An activity handler. The local runner calls it with the input; on Azure, durable-functions does. */
export type ActivityHandler<TInput = unknown, TOutput = unknown> = (
  input: TInput,
  tools: ActivityTools,
) => Promise<TOutput>;

export type OrchestrationRuntimeStatus = 'Pending' | 'Running' | 'Completed' | 'Failed' | 'Terminated';

export interface OrchestrationStatus {
  readonly instanceId: string;
  readonly name: string;
  readonly runtimeStatus: OrchestrationRuntimeStatus;
  readonly input: unknown;
  readonly output: unknown;
  readonly customStatus: unknown;
  readonly createdTime: Date;
  readonly lastUpdatedTime: Date;
}

/**
 * The client side: start, signal and inspect orchestrations. The local runner implements it; on Azure
 * `functions/` adapts durable-functions' DurableClient to it.
 */
export interface WorkflowClient {
  readonly kind: string;
  startNew(name: string, options: { instanceId: string; input?: unknown }): Promise<string>;
  raiseEvent(instanceId: string, eventName: string, eventData?: unknown): Promise<void>;
  getStatus(instanceId: string): Promise<OrchestrationStatus | undefined>;
  terminate(instanceId: string, reason: string): Promise<void>;
}
