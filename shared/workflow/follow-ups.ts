import { isAssistantReminder, nextFollowUp } from '../domain/follow-up';
import { CallInProgressError, startFollowUpCall, type StartCallDeps } from './start-call';
import type { CallIdInput } from './call-contract';
import type { ActivityHandler, ActivityTools, DurableTask, OrchestrationContextLike } from './context';

/**
 * Reminder follow-ups: when the assistant owns a reminder with a due time ("I'll call you back
 * tomorrow at 10"), the bot calls back then, on the same call record, and opens with the reminder and
 * a recap. One orchestration per call (`follow-ups:<call_id>`) waits on a durable timer for the next
 * such reminder; every time a call ends, it is told the reminders may have changed and plans again.
 *
 * So updating a reminder moves its callback, deleting it cancels it, and a caller who calls first is
 * never called over: a callback that falls due while the caller is on the line is dropped, and once
 * that call ends only reminders still in the future are planned.
 */

export const FOLLOW_UP_ORCHESTRATION = 'reminderFollowUps';

export const FollowUpActivity = {
  /** From the call orchestration, after each call: start the follow-ups, or tell them to plan again. */
  schedule: 'scheduleReminderFollowUps',
  plan: 'planReminderFollowUp',
  callBack: 'callBackForReminder',
} as const;

export const RemindersChanged = 'RemindersChanged';

export function followUpInstanceId(callId: string): string {
  return `follow-ups:${callId}`;
}

/** The reminder a follow-up waits for: identified by title and due time, so a change is noticed. */
export interface PlannedFollowUp {
  readonly title: string;
  readonly due_date_time: string;
}

export function* reminderFollowUps(
  context: OrchestrationContextLike,
): Generator<DurableTask, string, unknown> {
  const df = context.df;
  const input = df.getInput<CallIdInput>();
  const next = (yield df.callActivity(FollowUpActivity.plan, input)) as PlannedFollowUp | null;
  if (!next) return 'nothing to follow up';
  df.setCustomStatus({ next_follow_up: next.due_date_time });

  const due = df.createTimer(new Date(next.due_date_time));
  const changed = df.waitForExternalEvent(RemindersChanged);
  const first = yield df.Task.any([due, changed]);
  if (first === changed) {
    due.cancel();
    df.continueAsNew(input);
    return 'planning again';
  }
  const outcome = (yield df.callActivity(FollowUpActivity.callBack, { ...input, ...next })) as string;
  // The next reminder, if any: a fresh history each time, however many follow-ups a call gets.
  df.continueAsNew(input);
  return outcome;
}

export type FollowUpDeps = Omit<StartCallDeps, 'workflow'>;

export function createFollowUpActivities(deps: FollowUpDeps): Record<string, ActivityHandler> {
  const { store, log } = deps;

  const scheduleReminderFollowUps = async ({ call_id }: CallIdInput, { workflow }: ActivityTools) => {
    const instanceId = followUpInstanceId(call_id);
    const status = await workflow.getStatus(instanceId);
    if (status?.runtimeStatus === 'Running' || status?.runtimeStatus === 'Pending') {
      await workflow.raiseEvent(instanceId, RemindersChanged);
      return 'planning again';
    }
    const call = await store.get(call_id);
    if (!call || !nextFollowUp(call, deps.now())) return 'nothing to follow up';
    await workflow.startNew(FOLLOW_UP_ORCHESTRATION, { instanceId, input: { call_id } });
    return 'scheduled';
  };

  const planReminderFollowUp = async ({ call_id }: CallIdInput): Promise<PlannedFollowUp | null> => {
    const call = await store.get(call_id);
    const next = call && nextFollowUp(call, deps.now());
    return next ? { title: next.title, due_date_time: next.due_date_time } : null;
  };

  const callBackForReminder = async (
    { call_id, title, due_date_time }: CallIdInput & PlannedFollowUp,
    { workflow }: ActivityTools,
  ) => {
    const call = await store.get(call_id);
    const stillDue = call?.reminders.some(
      (r) => r.title === title && r.due_date_time === due_date_time && isAssistantReminder(r, call),
    );
    if (!call || !stillDue) return 'reminder changed: not called back';
    try {
      await startFollowUpCall(call, { ...deps, workflow });
    } catch (error) {
      if (!(error instanceof CallInProgressError)) throw error;
      log.info('follow-up skipped: the caller is on the line', { call_id });
      return 'caller on the line: not called back';
    }
    log.info('calling back for a reminder', { call_id, due: due_date_time });
    return 'called back';
  };

  return {
    [FollowUpActivity.schedule]: scheduleReminderFollowUps as ActivityHandler,
    [FollowUpActivity.plan]: planReminderFollowUp as ActivityHandler,
    [FollowUpActivity.callBack]: callBackForReminder as ActivityHandler,
  };
}
