import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import type { Config } from '../config';
import { isInProgress, newCall, type CallState } from '../domain/call';
import { callInitiateSchema, type CallInitiate } from '../domain/initiate';
import { maskPhone } from '../domain/phone';
import type { Logger } from '../log';
import type { FeatureFlags } from '../providers/flags/flags';
import type { CallStore, UpdateOptions } from '../providers/store/store';
import { CALL_ORCHESTRATION, type CallDirection, type CallOrchestrationInput } from './call-contract';
import type { WorkflowClient } from './context';

/** The call's own bookkeeping: never refused for the size of what the caller added (see CallStore). */
const ESSENTIAL: UpdateOptions = { essential: true };

/**
 * Starting a call, whichever way it comes: a `POST /api/call` (outbound) or someone dialling the bot
 * (inbound). Both pick the call record, a new one or the caller's recent one, and start its
 * orchestration; only the choice of record differs.
 */

export interface StartCallDeps {
  readonly config: Config;
  /** Which voice path calls take (`ports.voice`): `web-pubsub` makes the orchestration carry the conversation. */
  readonly ports?: Readonly<Record<string, string>>;
  readonly flags: FeatureFlags;
  readonly store: CallStore;
  readonly workflow: WorkflowClient;
  readonly log: Logger;
  readonly now: () => Date;
}

/** The call is on the line, or its orchestration is still running: a new attempt must wait. */
export class CallInProgressError extends Error {
  readonly code = 'call_in_progress';
  constructor(readonly callId: string) {
    super(`Call ${callId} is still in progress`);
    this.name = 'CallInProgressError';
  }
}

/** The orchestration could not be started; the call is stored as ended (failed). */
export class CallNotStartedError extends Error {
  readonly code = 'call_not_started';
  constructor(
    readonly callId: string,
    cause: unknown,
  ) {
    super(`Call ${callId} could not be started: ${String(cause)}`);
    this.name = 'CallNotStartedError';
  }
}

export interface OutboundOptions {
  /**
   * Place this call even while another call to the number is live (`allow_concurrent` in the API).
   * Without it, one live call per number: a second request gets `CallInProgressError` naming the first.
   */
  readonly allowConcurrent?: boolean;
}

/**
 * The bot calls `initiate.phone_number`. The caller's recent call (within `callback_timeout_hour`) with
 * the very same request is continued rather than duplicated. While any call to the number is live,
 * another is refused unless `allowConcurrent`: different requests must not ring one phone many times.
 */
export function startOutboundCall(
  initiate: CallInitiate,
  deps: StartCallDeps,
  options: OutboundOptions = {},
): Promise<{ call: CallState; reused: boolean }> {
  return oneAtATime(initiate.phone_number, async () => {
    if (!options.allowConcurrent) await assertLineFree(initiate.phone_number, deps);
    const recent = await findRecentCall(initiate.phone_number, deps);
    const same = recent && isDeepStrictEqual(recent.initiate, initiate) ? recent : undefined;
    // Allowed to run concurrently, the same request while its call is live gets a record of its own.
    const reusable = same && !(await isRunning(same, deps)) ? same : undefined;
    const call = reusable
      ? await restart(reusable, deps)
      : await deps.store.create(newCall(initiate, randomUUID(), deps.now()));
    await startOrchestration(call, { direction: 'outbound' }, deps);
    deps.log.info(reusable ? 'outbound call reusing a recent call' : 'outbound call', {
      call_id: call.call_id,
      to: maskPhone(initiate.phone_number),
    });
    return { call, reused: reusable !== undefined };
  });
}

/**
 * Someone dialled the bot from `from`. Their recent call is resumed (same claim, same conversation)
 * unless it is still going on, in which case this is a call of its own: two calls never share a record.
 * The network may announce the same call twice (Event Grid delivers at least once): a call already
 * started for this `incomingCallContext` is returned as it is, with `started: false`.
 */
export async function startInboundCall(
  incoming: { readonly from: string; readonly incomingCallContext: string },
  deps: StartCallDeps,
  /** The host answers the call itself right after (the Event Grid trigger, to fit the ring window). */
  options: { readonly answeredByHost?: boolean } = {},
): Promise<{ call: CallState; started: boolean }> {
  const recent = await findRecentCall(incoming.from, deps);
  const orchestration = recent && (await deps.workflow.getStatus(recent.call_id));
  if (recent && answersContext(orchestration?.input, incoming.incomingCallContext)) {
    return { call: recent, started: false };
  }
  const resumable = recent && !(await isRunning(recent, deps)) ? recent : undefined;
  const call = resumable
    ? await restart(resumable, deps)
    : await deps.store.create(newCall(inboundInitiate(incoming.from, deps.config), randomUUID(), deps.now()));
  await startOrchestration(
    call,
    {
      direction: 'inbound',
      incoming_call_context: incoming.incomingCallContext,
      ...(options.answeredByHost ? { answered: true } : {}),
    },
    deps,
  );
  deps.log.info(resumable ? 'inbound call resuming a recent call' : 'inbound call', {
    call_id: call.call_id,
    from: maskPhone(incoming.from),
  });
  return { call, started: true };
}

/**
 * The bot calls back on its own (a reminder it owns fell due): the same call record, resumed whatever
 * the callback window, so the conversation goes on where it stopped. Refused while the call is on.
 */
export function startFollowUpCall(call: CallState, deps: StartCallDeps): Promise<CallState> {
  return oneAtATime(call.initiate.phone_number, async () => {
    await assertNotRunning(call, deps);
    await assertLineFree(call.initiate.phone_number, deps);
    const restarted = await restart(call, deps);
    await startOrchestration(restarted, { direction: 'outbound' }, deps);
    deps.log.info('follow-up call', { call_id: call.call_id, to: maskPhone(call.initiate.phone_number) });
    return restarted;
  });
}

/**
 * Outbound starts for one number run one after the other in this process, so that the check for a
 * live call and the start of a new one cannot interleave (20 parallel requests place one call).
 * Per process: on Azure, instances scaled out could still each place one.
 */
const lineQueues = new Map<string, Promise<unknown>>();

function oneAtATime<T>(phone: string, work: () => Promise<T>): Promise<T> {
  const previous = lineQueues.get(phone) ?? Promise.resolve();
  const run = previous.then(work, work);
  const tail = run.catch(() => undefined);
  lineQueues.set(phone, tail);
  void tail.then(() => {
    if (lineQueues.get(phone) === tail) lineQueues.delete(phone);
  });
  return run;
}

/**
 * Refuses when a call to `phone` is live: its orchestration is on (created, ringing, connected), or it is
 * on the line with no orchestration to ask. A call stored as ringing whose orchestration has finished
 * (it died without recording the end) does not hold the number forever.
 */
async function assertLineFree(phone: string, deps: StartCallDeps): Promise<void> {
  for (const call of await deps.store.listUnended(phone)) {
    const status = await deps.workflow.getStatus(call.call_id);
    const running = status?.runtimeStatus === 'Pending' || status?.runtimeStatus === 'Running';
    if (running || (isInProgress(call) && !status)) throw new CallInProgressError(call.call_id);
  }
}

function answersContext(input: unknown, incomingCallContext: string): boolean {
  const direction = input as Partial<CallDirection> | undefined;
  return direction?.direction === 'inbound' && direction.incoming_call_context === incomingCallContext;
}

/** What the bot is for on inbound calls: the config's `inbound` section, for this caller. */
function inboundInitiate(from: string, config: Config): CallInitiate {
  return callInitiateSchema.parse({ ...config.inbound, phone_number: from });
}

async function findRecentCall(phone: string, deps: StartCallDeps): Promise<CallState | undefined> {
  const { callback_timeout_hour } = await deps.flags.get();
  return deps.store.findResumable(phone, callback_timeout_hour, deps.now());
}

/**
 * The stored state lags the orchestration by a moment (a call just created is not ringing yet), so
 * the orchestration is asked too: a running one owns the call and must not be disturbed. The other way
 * round, a call stored as ended has an orchestration that is finishing (its last step is returning):
 * that one is waited for, briefly, rather than refusing a caller who calls straight back.
 */
async function isRunning(call: CallState, deps: StartCallDeps): Promise<boolean> {
  if (isInProgress(call)) return true;
  const deadline = Date.now() + FINISHING_WAIT_MS;
  for (;;) {
    const status = await deps.workflow.getStatus(call.call_id);
    const running = status?.runtimeStatus === 'Pending' || status?.runtimeStatus === 'Running';
    if (!running || call.lifecycle.state !== 'ended' || Date.now() >= deadline) return running;
    await sleep(25);
  }
}

const FINISHING_WAIT_MS = 2_000;

async function assertNotRunning(call: CallState, deps: StartCallDeps): Promise<void> {
  if (await isRunning(call, deps)) throw new CallInProgressError(call.call_id);
}

function restart(call: CallState, deps: StartCallDeps): Promise<CallState> {
  return deps.store.update(
    call.call_id,
    (draft) => {
      draft.lifecycle = { state: 'created' };
      draft.connection_id = null;
    },
    ESSENTIAL,
  );
}

async function startOrchestration(
  call: CallState,
  direction: CallDirection,
  deps: StartCallDeps,
): Promise<void> {
  const input: CallOrchestrationInput = {
    ...direction,
    call_id: call.call_id,
    ring_timeout_sec: deps.config.workflow.ring_timeout_sec,
    max_call_duration_sec: deps.config.workflow.max_call_duration_sec,
    ...(deps.ports?.voice === 'web-pubsub' ? { voice: 'serverless' as const } : {}),
  };
  try {
    await deps.workflow.startNew(CALL_ORCHESTRATION, { instanceId: call.call_id, input });
  } catch (error) {
    // Lost a race with another start of the same call: that one's orchestration owns it.
    if ((error as { code?: string }).code === 'instance_running') throw new CallInProgressError(call.call_id);
    // The call is stored but will never be placed: say so on the call rather than leave it "created".
    await deps.store.update(
      call.call_id,
      (draft) => {
        draft.lifecycle = { state: 'ended', reason: 'failed', ended_at: deps.now().toISOString() };
      },
      ESSENTIAL,
    );
    deps.log.error('could not start the call orchestration', { call_id: call.call_id, error: String(error) });
    throw new CallNotStartedError(call.call_id, error);
  }
}
