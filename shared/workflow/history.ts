/**
 * SQLite persistence of the local workflow runner: instance rows, the append-only history of each
 * instance's current execution, and an inbox of messages (start, activity results, timer firings,
 * raised events) not yet applied to the history.
 *
 * The inbox is what makes every accepted message durable before it is processed: an episode reads the
 * inbox, replays, then in one transaction deletes the messages it consumed and appends their events
 * plus the actions they caused. A crash at any point leaves either the whole episode or none of it.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { OrchestrationRuntimeStatus } from './context';

/** What is kept of an error: enough to rebuild it in the orchestrator and show it to an operator. */
export interface FailureDetails {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

/**
 * One history event. Names follow the Durable Task Framework's history event types so that a reader
 * who knows Durable Functions can read the table. `timestamp` is when the event was recorded (ms).
 */
export type HistoryEvent =
  | { type: 'OrchestratorStarted'; timestamp: number }
  | { type: 'ExecutionStarted'; timestamp: number; name: string; input?: unknown }
  | { type: 'TaskScheduled'; timestamp: number; taskId: number; name: string; input?: unknown }
  | { type: 'TaskCompleted'; timestamp: number; taskId: number; result?: unknown }
  | { type: 'TaskFailed'; timestamp: number; taskId: number; failure: FailureDetails }
  | { type: 'TimerCreated'; timestamp: number; taskId: number; fireAt: number }
  | { type: 'TimerFired'; timestamp: number; taskId: number }
  | { type: 'TimerCanceled'; timestamp: number; taskId: number }
  | { type: 'EventRaised'; timestamp: number; name: string; input?: unknown }
  | { type: 'ExecutionCompleted'; timestamp: number; output?: unknown }
  | { type: 'ExecutionFailed'; timestamp: number; failure: FailureDetails }
  | { type: 'ExecutionTerminated'; timestamp: number; reason: string };

/** The events that arrive from outside an episode, through the inbox. */
export type InboxEvent = Extract<
  HistoryEvent,
  { type: 'ExecutionStarted' | 'TaskCompleted' | 'TaskFailed' | 'TimerFired' | 'EventRaised' }
>;

export interface InboxMessage {
  readonly id: number;
  /** The execution the message belongs to; null for raised events, which go to whichever execution is current. */
  readonly executionId: string | null;
  readonly event: InboxEvent;
}

export interface InstanceRecord {
  readonly instanceId: string;
  readonly name: string;
  /** Changes on every fresh start and continue-as-new, so late results of an older execution are dropped. */
  readonly executionId: string;
  readonly runtimeStatus: OrchestrationRuntimeStatus;
  readonly input: unknown;
  readonly output: unknown;
  readonly customStatus: unknown;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface InstanceUpdate {
  readonly runtimeStatus: OrchestrationRuntimeStatus;
  readonly updatedAt: number;
  readonly executionId?: string;
  readonly input?: { value: unknown };
  readonly output?: { value: unknown };
  readonly customStatus?: { value: unknown };
}

export const FINISHED_STATUSES: ReadonlySet<OrchestrationRuntimeStatus> = new Set([
  'Completed',
  'Failed',
  'Terminated',
]);

/** Serialize a value as Durable Functions does (JSON). `undefined` is stored as SQL NULL. */
export function toJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

export function fromJson(text: string | null): unknown {
  return text === null ? undefined : JSON.parse(text);
}

/**
 * The value as the orchestrator will see it after a trip through storage. Applied before a value enters
 * the history so the first execution and every replay see exactly the same thing (a Date becomes a
 * string in both). Throws when the value is not JSON-serializable (cycles, BigInt).
 */
export function jsonRoundTrip(value: unknown): unknown {
  return fromJson(toJson(value));
}

export function toFailureDetails(error: unknown): FailureDetails {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  }
  return { name: 'Error', message: String(error) };
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS workflow_instances (
  instance_id    TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  execution_id   TEXT NOT NULL,
  runtime_status TEXT NOT NULL,
  input          TEXT,
  output         TEXT,
  custom_status  TEXT,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS workflow_instances_by_status ON workflow_instances (runtime_status);
CREATE TABLE IF NOT EXISTS workflow_history (
  instance_id TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  type        TEXT NOT NULL,
  timestamp   INTEGER NOT NULL,
  event       TEXT NOT NULL,
  PRIMARY KEY (instance_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS workflow_inbox (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  instance_id  TEXT NOT NULL,
  execution_id TEXT,
  type         TEXT NOT NULL,
  event        TEXT NOT NULL,
  created_at   INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS workflow_inbox_by_instance ON workflow_inbox (instance_id, id);
`;

interface InstanceRow {
  instance_id: string;
  name: string;
  execution_id: string;
  runtime_status: OrchestrationRuntimeStatus;
  input: string | null;
  output: string | null;
  custom_status: string | null;
  created_at: number;
  updated_at: number;
}

function toInstanceRecord(row: InstanceRow): InstanceRecord {
  return {
    instanceId: row.instance_id,
    name: row.name,
    executionId: row.execution_id,
    runtimeStatus: row.runtime_status,
    input: fromJson(row.input),
    output: fromJson(row.output),
    customStatus: fromJson(row.custom_status),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Thin typed layer over the three tables. Callers group calls with `transaction`. */
export class WorkflowStore {
  private readonly statements: {
    getInstance: Statement<[string], InstanceRow>;
    unfinishedInstances: Statement<[], InstanceRow>;
    upsertInstance: Statement<[InstanceRow]>;
    loadHistory: Statement<[string], { event: string }>;
    maxHistorySeq: Statement<[string], { seq: number | null }>;
    appendHistory: Statement<[string, number, string, number, string]>;
    deleteHistory: Statement<[string]>;
    readInbox: Statement<[string], { id: number; execution_id: string | null; event: string }>;
    enqueue: Statement<[string, string | null, string, string, number]>;
    deleteInboxUpTo: Statement<[string, number]>;
    clearInbox: Statement<[string]>;
  };

  constructor(private readonly db: Database) {
    db.exec(SCHEMA);
    this.statements = {
      getInstance: db.prepare('SELECT * FROM workflow_instances WHERE instance_id = ?'),
      unfinishedInstances: db.prepare(
        "SELECT * FROM workflow_instances WHERE runtime_status IN ('Pending', 'Running') ORDER BY created_at",
      ),
      upsertInstance: db.prepare(
        `INSERT OR REPLACE INTO workflow_instances
           (instance_id, name, execution_id, runtime_status, input, output, custom_status, created_at, updated_at)
         VALUES (@instance_id, @name, @execution_id, @runtime_status, @input, @output, @custom_status,
                 @created_at, @updated_at)`,
      ),
      loadHistory: db.prepare('SELECT event FROM workflow_history WHERE instance_id = ? ORDER BY seq'),
      maxHistorySeq: db.prepare('SELECT MAX(seq) AS seq FROM workflow_history WHERE instance_id = ?'),
      appendHistory: db.prepare(
        'INSERT INTO workflow_history (instance_id, seq, type, timestamp, event) VALUES (?, ?, ?, ?, ?)',
      ),
      deleteHistory: db.prepare('DELETE FROM workflow_history WHERE instance_id = ?'),
      readInbox: db.prepare(
        'SELECT id, execution_id, event FROM workflow_inbox WHERE instance_id = ? ORDER BY id',
      ),
      enqueue: db.prepare(
        'INSERT INTO workflow_inbox (instance_id, execution_id, type, event, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      deleteInboxUpTo: db.prepare('DELETE FROM workflow_inbox WHERE instance_id = ? AND id <= ?'),
      clearInbox: db.prepare('DELETE FROM workflow_inbox WHERE instance_id = ?'),
    };
  }

  /** Run `fn` in one SQLite transaction (rolled back if it throws). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  getInstance(instanceId: string): InstanceRecord | undefined {
    const row = this.statements.getInstance.get(instanceId);
    return row && toInstanceRecord(row);
  }

  unfinishedInstances(): InstanceRecord[] {
    return this.statements.unfinishedInstances.all().map(toInstanceRecord);
  }

  putInstance(instance: InstanceRecord): void {
    this.statements.upsertInstance.run({
      instance_id: instance.instanceId,
      name: instance.name,
      execution_id: instance.executionId,
      runtime_status: instance.runtimeStatus,
      input: toJson(instance.input),
      output: toJson(instance.output),
      custom_status: toJson(instance.customStatus),
      created_at: instance.createdAt,
      updated_at: instance.updatedAt,
    });
  }

  /** Apply `update` to an existing instance; fields left out keep their value. */
  updateInstance(instanceId: string, update: InstanceUpdate): void {
    const current = this.getInstance(instanceId);
    if (!current) throw new Error(`workflow instance '${instanceId}' does not exist`);
    this.putInstance({
      ...current,
      runtimeStatus: update.runtimeStatus,
      updatedAt: update.updatedAt,
      executionId: update.executionId ?? current.executionId,
      input: update.input ? update.input.value : current.input,
      output: update.output ? update.output.value : current.output,
      customStatus: update.customStatus ? update.customStatus.value : current.customStatus,
    });
  }

  loadHistory(instanceId: string): HistoryEvent[] {
    return this.statements.loadHistory.all(instanceId).map((row) => JSON.parse(row.event) as HistoryEvent);
  }

  appendHistory(instanceId: string, events: readonly HistoryEvent[]): void {
    let seq = (this.statements.maxHistorySeq.get(instanceId)?.seq ?? -1) + 1;
    for (const event of events) {
      this.statements.appendHistory.run(
        instanceId,
        seq++,
        event.type,
        event.timestamp,
        JSON.stringify(event),
      );
    }
  }

  deleteHistory(instanceId: string): void {
    this.statements.deleteHistory.run(instanceId);
  }

  readInbox(instanceId: string): InboxMessage[] {
    return this.statements.readInbox.all(instanceId).map((row) => ({
      id: row.id,
      executionId: row.execution_id,
      event: JSON.parse(row.event) as InboxEvent,
    }));
  }

  enqueue(instanceId: string, executionId: string | null, event: InboxEvent): void {
    this.statements.enqueue.run(instanceId, executionId, event.type, JSON.stringify(event), event.timestamp);
  }

  /** Delete the messages an episode consumed (ids are increasing, so "up to" is exact). */
  deleteInboxUpTo(instanceId: string, lastId: number): void {
    this.statements.deleteInboxUpTo.run(instanceId, lastId);
  }

  clearInbox(instanceId: string): void {
    this.statements.clearInbox.run(instanceId);
  }
}

/** Ids of the tasks whose outcome is already known (completed, failed, fired or cancelled). */
export function settledTaskIds(events: readonly HistoryEvent[]): Set<number> {
  const settled = new Set<number>();
  for (const event of events) {
    if (
      event.type === 'TaskCompleted' ||
      event.type === 'TaskFailed' ||
      event.type === 'TimerFired' ||
      event.type === 'TimerCanceled'
    ) {
      settled.add(event.taskId);
    }
  }
  return settled;
}

/** Activities and timers recorded as scheduled whose outcome is not in `events` (nor in `alsoSettled`). */
export function unsettledActions(
  events: readonly HistoryEvent[],
  alsoSettled: ReadonlySet<number> = new Set(),
): Array<Extract<HistoryEvent, { type: 'TaskScheduled' | 'TimerCreated' }>> {
  const settled = settledTaskIds(events);
  return events.filter(
    (event): event is Extract<HistoryEvent, { type: 'TaskScheduled' | 'TimerCreated' }> =>
      (event.type === 'TaskScheduled' || event.type === 'TimerCreated') &&
      !settled.has(event.taskId) &&
      !alsoSettled.has(event.taskId),
  );
}
