import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { isInProgress, newCall, toCallView, type CallState } from '../domain/call';
import { callInitiateSchema } from '../domain/initiate';
import { e164PhoneSchema, maskPhone } from '../domain/phone';
import type { Config } from '../config';
import type { Logger } from '../log';
import { MAX_LIST_LIMIT, type CallStore } from '../providers/store/store';
import { CALL_ORCHESTRATION, type CallOrchestrationInput } from '../workflow/call-orchestration';
import type { WorkflowClient } from '../workflow/context';
import { ApiError, detailsFromZod, json, readJsonBody, type ApiRequest, type ApiResponse } from './api';

/** What the call API needs; the hosts build it (on Azure the workflow client is per invocation). */
export interface CallApiDeps {
  readonly config: Config;
  readonly store: CallStore;
  readonly workflow: WorkflowClient;
  readonly log: Logger;
  readonly now: () => Date;
}

/**
 * `POST /api/call`: validate, then reuse the caller's recent call with the same request or create a
 * new one, and start its orchestration, which places the call. Nothing is stored on a bad request.
 */
export async function createCall(request: ApiRequest, deps: CallApiDeps): Promise<ApiResponse> {
  const parsed = callInitiateSchema.safeParse(await readJsonBody(request));
  if (!parsed.success) {
    throw new ApiError(400, 'The call request is invalid', detailsFromZod(parsed.error));
  }
  const initiate = parsed.data;
  const now = deps.now();
  const recent = await deps.store.findResumable(
    initiate.phone_number,
    deps.config.features.callback_timeout_hour,
    now,
  );
  const call = recent && isDeepStrictEqual(recent.initiate, initiate) ? await reuse(recent, deps) : undefined;
  const placed = call ?? (await deps.store.create(newCall(initiate, randomUUID(), now)));
  await startCallOrchestration(placed, deps);
  deps.log.info(call ? 'call reused' : 'call created', {
    call_id: placed.call_id,
    to: maskPhone(initiate.phone_number),
  });
  return json(201, toCallView(placed), { location: `/api/call/${placed.call_id}` });
}

async function reuse(call: CallState, deps: CallApiDeps): Promise<CallState> {
  // The stored state lags the orchestration by a moment (a call just created is not ringing yet), so
  // ask the orchestration too: a running one owns the call and must not be disturbed.
  const orchestration = await deps.workflow.getStatus(call.call_id);
  const running = orchestration?.runtimeStatus === 'Pending' || orchestration?.runtimeStatus === 'Running';
  if (running || isInProgress(call)) throw callInProgress(call.call_id);
  return deps.store.update(call.call_id, (draft) => {
    draft.lifecycle = { state: 'created' };
  });
}

function callInProgress(callId: string): ApiError {
  return new ApiError(409, 'A call to this number is already in progress', [
    { field: 'phone_number', message: `call ${callId} is still in progress; wait for it to end` },
  ]);
}

async function startCallOrchestration(call: CallState, deps: CallApiDeps): Promise<void> {
  const input: CallOrchestrationInput = {
    call_id: call.call_id,
    ring_timeout_sec: deps.config.workflow.ring_timeout_sec,
    max_call_duration_sec: deps.config.workflow.max_call_duration_sec,
  };
  try {
    await deps.workflow.startNew(CALL_ORCHESTRATION, { instanceId: call.call_id, input });
  } catch (error) {
    // Lost a race with another request for the same call: that request's orchestration owns it.
    if ((error as { code?: string }).code === 'instance_running') throw callInProgress(call.call_id);
    // The call is stored but will never be placed: say so on the call rather than leave it "created".
    await deps.store.update(call.call_id, (draft) => {
      draft.lifecycle = { state: 'ended', reason: 'failed', ended_at: deps.now().toISOString() };
    });
    deps.log.error('could not start the call orchestration', { call_id: call.call_id, error: String(error) });
    throw new ApiError(503, 'The call could not be started; try again in a moment');
  }
}

const callIdSchema = z.uuid({ error: 'must be a call id (a UUID, as returned by POST /api/call)' });

/** `GET /api/call/{call_id}`. */
export async function getCall(request: ApiRequest, deps: CallApiDeps): Promise<ApiResponse> {
  const callId = callIdSchema.safeParse(request.params.call_id);
  if (!callId.success)
    throw new ApiError(400, 'The call id is invalid', detailsFromZod(callId.error, 'call_id'));
  const call = await deps.store.get(callId.data);
  if (!call) {
    throw new ApiError(404, `No call with id ${callId.data}`, [
      { field: 'call_id', message: 'is not a known call' },
    ]);
  }
  return json(200, toCallView(call));
}

const listQuerySchema = z.strictObject({
  phone_number: e164PhoneSchema,
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1)
    .max(MAX_LIST_LIMIT)
    .default(20),
});

/** `GET /api/call?phone_number=+...&limit=20`: that number's calls, newest first. */
export async function listCalls(request: ApiRequest, deps: CallApiDeps): Promise<ApiResponse> {
  const query = listQuerySchema.safeParse(Object.fromEntries(request.query));
  if (!query.success) {
    throw new ApiError(400, 'The query is invalid', detailsFromZod(query.error));
  }
  const calls = await deps.store.listByPhone(query.data.phone_number, query.data.limit);
  return json(200, calls.map(toCallView));
}
