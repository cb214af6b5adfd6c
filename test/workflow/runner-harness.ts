import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openSqliteDatabase, type SqliteDatabase } from '../../shared/providers/sqlite';
import { type HistoryEvent, LocalWorkflowRunner } from '../../shared/workflow/runner';
import type { LogFields, Logger } from '../../shared/log';
import { makeTempDir } from '../support/tmp';

export interface LogEntry {
  readonly msg: string;
  readonly fields?: LogFields;
}

/** A logger that keeps what it is told, so tests can assert on what an operator would read. */
function recordingLogger(entries: LogEntry[]): Logger {
  const record = (msg: string, fields?: LogFields) =>
    void entries.push({ msg, ...(fields ? { fields } : {}) });
  const logger: Logger = { debug: record, info: record, warn: record, error: record, child: () => logger };
  return logger;
}

/**
 * Runners on a real SQLite file in a temp dir. Several runners can be opened one after the other on the
 * same file to play a process restart: stopRunner() stops one and closes its connection, like an exit.
 */
export class RunnerHarness {
  readonly logs: LogEntry[] = [];
  private readonly temp = makeTempDir('workflow-runner-');
  private readonly dbPath = join(this.temp.dir, 'workflow.sqlite');
  private readonly open = new Map<LocalWorkflowRunner, SqliteDatabase>();

  async startRunner(
    register: (runner: LocalWorkflowRunner) => void,
    options: { now?: () => number } = {},
  ): Promise<LocalWorkflowRunner> {
    const db = openSqliteDatabase(this.dbPath);
    const runner = new LocalWorkflowRunner({
      db,
      ...(options.now ? { now: options.now } : {}),
      log: recordingLogger(this.logs),
    });
    register(runner);
    await runner.start();
    this.open.set(runner, db);
    return runner;
  }

  async stopRunner(runner: LocalWorkflowRunner): Promise<void> {
    await runner.stop();
    this.open.get(runner)?.close();
    this.open.delete(runner);
  }

  async dispose(): Promise<void> {
    for (const runner of [...this.open.keys()]) await this.stopRunner(runner);
    this.temp.remove();
  }
}

/** How long a test waits for an orchestration to complete. */
export const WAIT_MS = 5_000;

/**
 * A fresh RunnerHarness for each test (its own SQLite file, no runner left from the test before),
 * disposed after it: what the returned function gives, inside a test.
 */
export function useRunnerHarness(): () => RunnerHarness {
  let current: RunnerHarness | undefined;
  beforeEach(() => {
    current = new RunnerHarness();
  });
  afterEach(async () => {
    await current?.dispose();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('useRunnerHarness: the harness exists only while a test runs');
    return current;
  };
}

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/** Polls `check` until it returns something truthy, and returns that. */
export async function until<T>(check: () => T | Promise<T>, timeoutMs = 5_000): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(5);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A promise resolved from outside: lets a test hold an activity until it has checked something. */
export function deferred<T = void>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve: (value) => resolve(value) };
}

export function historyTypes(runner: LocalWorkflowRunner, instanceId: string): HistoryEvent['type'][] {
  return runner.getHistory(instanceId).map((event) => event.type);
}

export function hasEvent(
  runner: LocalWorkflowRunner,
  instanceId: string,
  type: HistoryEvent['type'],
): boolean {
  return historyTypes(runner, instanceId).includes(type);
}

/** Starts the orchestrator `name` as the instance `name` and waits for it to finish. */
export async function runToEnd(runner: LocalWorkflowRunner, name: string, input?: unknown) {
  await runner.startNew(name, { instanceId: name, input });
  return runner.waitForCompletion(name, WAIT_MS);
}
