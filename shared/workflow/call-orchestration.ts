import type { EndReason } from '../domain/call';
import type { LineEvent } from '../providers/telephony/telephony';
import type { DurableTask, OrchestrationContextLike, WorkflowClient } from './context';
import {
  CallActivity,
  CallEvent,
  type CallIdInput,
  type CallOrchestrationInput,
  type DisconnectedEventData,
} from './call-contract';
import { FollowUpActivity } from './follow-ups';
import { PostCallActivity } from './post-call-activities';
import { serverlessVoiceLoop, type VoiceLoopEnd } from './voice-loop';

/**
 * One orchestration per call (instance id = call id): place the call, wait for it to be answered or
 * to ring out, wait for it to end or to hit the maximum duration, then run the post-call activities.
 * Deterministic by construction: time comes from `currentUtcDateTime`, everything else from
 * activities and events.
 */

export interface CallOutcome {
  readonly reason: EndReason;
}

export function* callOrchestration(
  context: OrchestrationContextLike,
): Generator<DurableTask, CallOutcome, unknown> {
  const df = context.df;
  const input = df.getInput<CallOrchestrationInput>();
  const call = { call_id: input.call_id };
  const secondsFromNow = (seconds: number) => new Date(df.currentUtcDateTime.getTime() + seconds * 1000);

  try {
    if (input.direction === 'outbound') yield df.callActivity(CallActivity.place, call);
    else if (!input.answered) {
      yield df.callActivity(CallActivity.answer, {
        ...call,
        incoming_call_context: input.incoming_call_context,
      });
    }
  } catch {
    // The network refused (bad number, caller already gone): the call ends here, and says so.
    yield df.callActivity(CallActivity.finish, {
      ...call,
      reason: 'failed',
      at: df.currentUtcDateTime.toISOString(),
    });
    return { reason: 'failed' };
  }

  const connected = df.waitForExternalEvent(CallEvent.connected);
  const disconnected = df.waitForExternalEvent(CallEvent.disconnected);
  const ringTimeout = df.createTimer(secondsFromNow(input.ring_timeout_sec));
  const answered = yield df.Task.any([connected, disconnected, ringTimeout]);

  let reason: EndReason;
  if (answered === ringTimeout) {
    yield df.callActivity(CallActivity.hangUp, call);
    reason = 'not_answered';
  } else if (answered === disconnected) {
    ringTimeout.cancel();
    reason = endReasonBeforeAnswer(disconnected.result as DisconnectedEventData | undefined);
  } else {
    ringTimeout.cancel();
    yield df.callActivity(CallActivity.connected, { ...call, at: df.currentUtcDateTime.toISOString() });
    const deadline = secondsFromNow(input.max_call_duration_sec);
    let ended: VoiceLoopEnd;
    if (input.voice === 'serverless') {
      // The loop times the deadline itself, with fresh timers (see serverlessVoiceLoop).
      ended = yield* serverlessVoiceLoop(df, input.call_id, disconnected, deadline);
    } else {
      const maxDuration = df.createTimer(deadline);
      ended =
        (yield df.Task.any([disconnected, maxDuration])) === maxDuration ? 'max_duration' : 'disconnected';
      if (ended === 'disconnected') maxDuration.cancel();
    }
    if (ended !== 'disconnected') {
      yield df.callActivity(CallActivity.hangUp, call);
      reason = ended === 'max_duration' ? 'max_duration' : 'completed';
    } else {
      const lost = (disconnected.result as DisconnectedEventData | undefined)?.reason;
      reason = lost === 'failed' || lost === 'host_restarted' ? lost : 'completed';
    }
  }
  if (reason === 'host_restarted') {
    // The restarted host re-ran an unfinished `placeCall` (activities are at least once), which may
    // have rung the phone again: make sure nothing is left on the line.
    yield df.callActivity(CallActivity.hangUp, call);
  }

  yield df.callActivity(CallActivity.finish, { ...call, reason, at: df.currentUtcDateTime.toISOString() });
  yield* postCall(df, call);
  return { reason };
}

/**
 * After the line drops: insights, then the SMS report. Neither may block the other or fail the call:
 * a failure is caught here (the activity logged why). A throttled SMS is retried with backoff.
 */
function* postCall(
  df: OrchestrationContextLike['df'],
  call: CallIdInput,
): Generator<DurableTask, void, unknown> {
  try {
    yield df.callActivity(PostCallActivity.insights, call);
  } catch {
    // The report goes out without a synthesis rather than not at all.
  }
  try {
    yield df.callActivityWithRetry(PostCallActivity.reportSms, SMS_RETRY, call);
  } catch {
    // Given up after the retries; the report page stays reachable from the call record.
  }
  try {
    // The reminders may have changed during the call: callbacks the bot owes are (re)planned.
    yield df.callActivity(FollowUpActivity.schedule, call);
  } catch {
    // No callback planned; the reminders stay on the call and in the report.
  }
}

const SMS_RETRY = { firstRetryIntervalInMilliseconds: 5_000, maxNumberOfAttempts: 4, backoffCoefficient: 2 };

function endReasonBeforeAnswer(event: DisconnectedEventData | undefined): EndReason {
  if (event?.reason === 'declined') return 'declined';
  if (event?.reason === 'failed' || event?.reason === 'host_restarted') return event.reason;
  return 'not_answered';
}

/** Delivers what the telephony backend saw on the line to the call's orchestration. */
export function raiseLineEvent(workflow: WorkflowClient, event: LineEvent): Promise<void> {
  return event.type === 'connected'
    ? workflow.raiseEvent(event.callId, CallEvent.connected)
    : workflow.raiseEvent(event.callId, CallEvent.disconnected, {
        reason: event.reason,
      } satisfies DisconnectedEventData);
}
