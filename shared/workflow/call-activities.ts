import { maskPhone } from '../domain/phone';
import type { Logger } from '../log';
import type { CallStore, UpdateOptions } from '../providers/store/store';
import type { Telephony } from '../providers/telephony/telephony';
import type { ActivityHandler } from './context';
import {
  CallActivity,
  type AnswerCallInput,
  type CallConnectedInput,
  type CallIdInput,
  type FinishCallInput,
} from './call-contract';

/** The call's own bookkeeping: never refused for the size of what the caller added (see CallStore). */
const ESSENTIAL: UpdateOptions = { essential: true };

export interface CallActivityDeps {
  readonly store: CallStore;
  readonly telephony: Telephony;
  readonly log: Logger;
}

/**
 * The call orchestration's activities. Each is safe to run twice (activities are at-least-once): they
 * check the stored state before changing it.
 */
export function createCallActivities(deps: CallActivityDeps): Record<string, ActivityHandler> {
  const { store, telephony, log } = deps;

  const placeCall = async ({ call_id }: CallIdInput) => {
    const call = await store.update(
      call_id,
      (draft) => {
        if (draft.lifecycle.state === 'created') draft.lifecycle = { state: 'ringing' };
      },
      ESSENTIAL,
    );
    await telephony.placeCall({ callId: call_id, to: call.initiate.phone_number, language: call.language });
    log.info('call placed', {
      call_id,
      to: maskPhone(call.initiate.phone_number),
      telephony: telephony.kind,
    });
  };

  const answerCall = async ({ call_id, incoming_call_context }: AnswerCallInput) => {
    const call = await store.update(
      call_id,
      (draft) => {
        if (draft.lifecycle.state === 'created') draft.lifecycle = { state: 'ringing' };
      },
      ESSENTIAL,
    );
    await telephony.answerCall({
      callId: call_id,
      incomingCallContext: incoming_call_context,
      language: call.language,
    });
    log.info('call answered', { call_id, telephony: telephony.kind });
  };

  const recordCallConnected = async ({ call_id, at }: CallConnectedInput) => {
    await store.update(
      call_id,
      (draft) => {
        if (draft.lifecycle.state === 'ended') return;
        draft.lifecycle = { state: 'connected', connected_at: at };
        draft.last_interaction_at = at;
      },
      ESSENTIAL,
    );
    log.info('call connected', { call_id });
  };

  const hangUpCall = async ({ call_id }: CallIdInput) => {
    await telephony.hangUp(call_id);
  };

  const finishCall = async ({ call_id, reason, at }: FinishCallInput) => {
    await store.update(
      call_id,
      (draft) => {
        if (draft.lifecycle.state === 'ended') return;
        draft.lifecycle = { state: 'ended', reason, ended_at: at };
        draft.connection_id = null;
      },
      ESSENTIAL,
    );
    log.info('call ended', { call_id, reason });
  };

  return {
    [CallActivity.place]: placeCall as ActivityHandler,
    [CallActivity.answer]: answerCall as ActivityHandler,
    [CallActivity.connected]: recordCallConnected as ActivityHandler,
    [CallActivity.hangUp]: hangUpCall as ActivityHandler,
    [CallActivity.finish]: finishCall as ActivityHandler,
  };
}
