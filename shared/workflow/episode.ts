/**
 * The pure steps of an episode around the replay: which inbox messages become history events, which
 * history events and instance update record what the replay produced.
 */
import {
  type HistoryEvent,
  type InboxEvent,
  type InboxMessage,
  type InstanceRecord,
  type InstanceUpdate,
  settledTaskIds,
} from './history';
import type { ReplayOutcome } from './replay';

/**
 * The inbox messages that become history events: drops results of an older execution, duplicates
 * (an activity re-run after a restart whose first run's result also arrived) and unknown task ids.
 */
export function acceptMessages(
  instance: InstanceRecord,
  history: readonly HistoryEvent[],
  messages: readonly InboxMessage[],
): InboxEvent[] {
  const scheduled = new Set(
    history.flatMap((event) =>
      event.type === 'TaskScheduled' || event.type === 'TimerCreated' ? [event.taskId] : [],
    ),
  );
  const settled = settledTaskIds(history);
  let started = history.some((event) => event.type === 'ExecutionStarted');
  const accepted: InboxEvent[] = [];
  for (const { executionId, event } of messages) {
    if (executionId !== null && executionId !== instance.executionId) continue;
    if ('taskId' in event) {
      if (!scheduled.has(event.taskId) || settled.has(event.taskId)) continue;
      settled.add(event.taskId);
    }
    if (event.type === 'ExecutionStarted') {
      if (started) continue;
      started = true;
    }
    accepted.push(event);
  }
  return accepted;
}

/** History events for what the episode produced: new actions, cancellations, and the end if it ended. */
export function outcomeEvents(outcome: ReplayOutcome, timestamp: number): HistoryEvent[] {
  const events: HistoryEvent[] = outcome.newActions.map((action) =>
    action.kind === 'activity'
      ? { type: 'TaskScheduled', timestamp, taskId: action.taskId, name: action.name, input: action.input }
      : { type: 'TimerCreated', timestamp, taskId: action.taskId, fireAt: action.fireAt },
  );
  for (const taskId of outcome.canceledTimers) events.push({ type: 'TimerCanceled', timestamp, taskId });
  const { result } = outcome;
  if (result.status === 'completed')
    events.push({ type: 'ExecutionCompleted', timestamp, output: result.output });
  if (result.status === 'failed')
    events.push({ type: 'ExecutionFailed', timestamp, failure: result.failure });
  return events;
}

export function statusUpdate(outcome: ReplayOutcome, updatedAt: number): InstanceUpdate {
  const customStatus = outcome.customStatus ? { customStatus: outcome.customStatus } : {};
  const { result } = outcome;
  switch (result.status) {
    case 'completed':
      return { runtimeStatus: 'Completed', output: { value: result.output }, updatedAt, ...customStatus };
    case 'failed':
      return {
        runtimeStatus: 'Failed',
        output: { value: result.failure.message },
        updatedAt,
        ...customStatus,
      };
    default:
      return { runtimeStatus: 'Running', updatedAt, ...customStatus };
  }
}
