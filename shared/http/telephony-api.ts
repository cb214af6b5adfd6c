import { z } from 'zod';
import type { CallState } from '../domain/call';
import { maskPhone } from '../domain/phone';
import {
  AcsCallbackError,
  callConnectionIdFromCallbacks,
  lineEventsFromCallbacks,
  mediaEventsFromCallbacks,
} from '../providers/telephony/acs-callbacks';
import { noteRecordingStates, startAcsRecording } from './acs-recording';
import { CallNotFoundError } from '../providers/store/store';
import type { AcsServices } from '../wiring/acs';
import type { ServerlessVoice } from '../voice/serverless/serverless-voice';
import { VoiceEvent } from '../workflow/voice-loop';
import { raiseLineEvent } from '../workflow/call-orchestration';
import { startInboundCall, type StartCallDeps } from '../workflow/start-call';
import { CallbackAuthError, isValidCallbackSecret } from './acs-callback-auth';
import { ApiError, json, readJsonBody, type ApiRequest, type ApiResponse } from './api';
import { handshakeResponse, readEventGridDelivery } from './event-grid';
import type { EventGridNotification } from '../providers/telephony/acs-events';

/**
 * What the telephony network sends us: Event Grid's IncomingCall webhook (someone dialled the bot) and
 * ACS Call Automation's callbacks (what happens on each call's line). Both only exist with ACS.
 */

export interface TelephonyApiDeps extends StartCallDeps {
  readonly acs: AcsServices | undefined;
  readonly callbackSecret: Buffer;
  readonly serverlessVoice: ServerlessVoice | undefined;
}

export function requireAcs(deps: TelephonyApiDeps): AcsServices {
  if (!deps.acs) {
    throw new ApiError(
      404,
      'This endpoint is for Azure Communication Services: set telephony.backend to acs',
    );
  }
  return deps.acs;
}

/**
 * `POST /api/events/incoming-call`: Event Grid delivery (webhook). Answers the subscription handshake,
 * and starts an inbound call for each `IncomingCall` to the bot's number. Protected by the function key
 * (`?code=` in the subscription URL) on Azure, the API key locally.
 */
export async function eventGridWebhook(request: ApiRequest, deps: TelephonyApiDeps): Promise<ApiResponse> {
  const acs = requireAcs(deps);
  const notifications = await readEventGridDelivery(request);
  const handshake = handshakeResponse(notifications);
  if (handshake) return handshake;
  return json(200, { started: await answerIncomingCalls(notifications, acs, deps) });
}

/**
 * Starts and answers each `IncomingCall` to the bot's number; the webhook above and the Functions app's
 * Event Grid trigger share it. Returns how many calls were started (redeliveries are not).
 */
export async function answerIncomingCalls(
  notifications: readonly EventGridNotification[],
  acs: AcsServices,
  deps: TelephonyApiDeps,
): Promise<number> {
  let started = 0;
  for (const notification of notifications) {
    if (notification.type !== 'incoming_call') continue;
    // Only calls to the bot's own number: another number of the resource, or a Teams or app user, is
    // not ours to answer.
    if (notification.to !== acs.botPhoneNumber) continue;
    if (!notification.from) {
      // The call record is keyed by the caller's number; hidden numbers and app users have none.
      deps.log.warn('incoming call without a caller phone number not answered', {
        correlation_id: notification.correlationId,
      });
      continue;
    }
    const incoming = { from: notification.from, incomingCallContext: notification.incomingCallContext };
    const { call, started: isNew } = await startInboundCall(incoming, deps, { answeredByHost: true });
    deps.log.info(isNew ? 'incoming call accepted' : 'incoming call already accepted (redelivery)', {
      from: maskPhone(notification.from),
      correlation_id: notification.correlationId,
    });
    if (!isNew) continue;
    await answerNow(acs, call, notification.incomingCallContext, deps);
    started += 1;
  }
  return started;
}

/**
 * Answers a ringing call from the request that announced it: a Durable activity hop first could take
 * longer than the caller lets it ring. Its orchestration is already waiting for the line events; a
 * refusal is one of them.
 */
async function answerNow(
  acs: AcsServices,
  call: CallState,
  incomingCallContext: string,
  deps: TelephonyApiDeps,
): Promise<void> {
  try {
    await deps.store.update(call.call_id, (draft) => {
      if (draft.lifecycle.state === 'created') draft.lifecycle = { state: 'ringing' };
    });
    await acs.telephony.answerCall({ callId: call.call_id, incomingCallContext, language: call.language });
  } catch (error) {
    deps.log.warn('incoming call could not be answered', { call_id: call.call_id, error: String(error) });
    await raiseLineEvent(deps.workflow, { type: 'disconnected', callId: call.call_id, reason: 'failed' });
  }
}

const callIdSchema = z.uuid();

/**
 * `POST /api/callbacks/{call_id}?secret=...`: ACS Call Automation events for one call. Two checks before
 * anything is read: the per-call secret in the URL (only the URL we gave ACS has it) and ACS's signed
 * JWT. Then each event that changes the line goes to the call's orchestration.
 */
export async function acsCallback(request: ApiRequest, deps: TelephonyApiDeps): Promise<ApiResponse> {
  const acs = requireAcs(deps);
  const callId = callIdSchema.safeParse(request.params.call_id);
  if (!callId.success) throw new ApiError(404, 'No such call');
  if (!isValidCallbackSecret(deps.callbackSecret, callId.data, request.query.get('secret'))) {
    throw new ApiError(401, 'Wrong or missing callback secret');
  }
  try {
    await acs.verifier.verify(request.headers.get('authorization'));
  } catch (error) {
    if (error instanceof CallbackAuthError && error.reason === 'keys_unavailable') {
      // Our side cannot check the token (ACS's key endpoint is unreachable): a 5xx, which ACS retries,
      // not a 401, which would drop the event for good.
      deps.log.warn('ACS callback not checked: signing keys unavailable', { call_id: callId.data });
      throw new ApiError(503, 'The ACS signing keys cannot be fetched right now; retry later');
    }
    if (error instanceof CallbackAuthError) {
      deps.log.warn('ACS callback refused', { call_id: callId.data, reason: error.reason });
      throw new ApiError(401, 'The callback is not signed by Azure Communication Services');
    }
    throw error;
  }
  const body = await readJsonBody(request);
  let events;
  try {
    events = lineEventsFromCallbacks(body, callId.data);
  } catch (error) {
    if (error instanceof AcsCallbackError) {
      throw new ApiError(400, 'Not a Call Automation callback', [{ field: 'body', message: error.message }]);
    }
    throw error;
  }
  const connectionId = callConnectionIdFromCallbacks(body);
  try {
    if (connectionId) await acs.telephony.rememberConnection(callId.data, connectionId);
  } catch (error) {
    if (error instanceof CallNotFoundError) throw new ApiError(404, 'No such call');
    throw error;
  }
  let delivered = 0;
  for (const event of events) {
    try {
      await raiseLineEvent(deps.workflow, event);
      delivered += 1;
    } catch (error) {
      // A late callback for a call whose orchestration is gone: nothing is waiting for it.
      deps.log.warn('callback event not delivered', {
        call_id: callId.data,
        event: event.type,
        error: String(error),
      });
    }
  }
  delivered += await deliverMediaEvents(callId.data, body, deps);
  // Recording, behind its flag: started as the call connects (on every voice path), its state kept.
  if (connectionId && events.some((event) => event.type === 'connected')) {
    await startAcsRecording(callId.data, connectionId, acs, deps);
  }
  delivered += await noteRecordingStates(callId.data, body, deps);
  return json(200, { delivered });
}

/** Plays and keypad tones, for calls on the serverless voice loop: what was heard, and digits as turns. */
async function deliverMediaEvents(callId: string, body: unknown, deps: TelephonyApiDeps): Promise<number> {
  const voice = deps.serverlessVoice;
  if (!voice) return 0;
  let delivered = 0;
  for (const event of mediaEventsFromCallbacks(body)) {
    try {
      if (event.type === 'play') {
        const quiet = (epoch: number) => deps.workflow.raiseEvent(callId, VoiceEvent.botQuiet, { epoch });
        await voice.onPlayEvent(callId, event.event, event.operationContext, quiet);
      } else if (event.type === 'transfer_failed') await voice.onTransferFailed(callId);
      else await deps.workflow.raiseEvent(callId, VoiceEvent.digit, { tone: event.tone });
      delivered += 1;
    } catch (error) {
      deps.log.warn('callback event not delivered', {
        call_id: callId,
        event: event.type,
        error: String(error),
      });
    }
  }
  return delivered;
}
