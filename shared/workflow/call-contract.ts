import type { EndReason } from '../domain/call';
import type { DisconnectReason } from '../providers/telephony/telephony';

/**
 * The call orchestration's contract: its name, its activities' and events' names, and their inputs.
 * Apart from the orchestration itself (call-orchestration.ts) because those who start a call or answer
 * for its activities need these names, and the orchestration in turn needs their activities: with the
 * names in the orchestration's file, start-call → call-orchestration → follow-ups → start-call was an
 * import cycle.
 */

export const CALL_ORCHESTRATION = 'callOrchestration';

export const CallActivity = {
  place: 'placeCall',
  answer: 'answerCall',
  connected: 'recordCallConnected',
  hangUp: 'hangUpCall',
  finish: 'finishCall',
} as const;

/** External events raised on the call's orchestration by the telephony backend (or its callbacks). */
export const CallEvent = {
  connected: 'CallConnected',
  disconnected: 'CallDisconnected',
} as const;

/** The bot calls out, or answers someone who called in (with the network's handle of that call). */
export type CallDirection =
  | { readonly direction: 'outbound' }
  | {
      readonly direction: 'inbound';
      readonly incoming_call_context: string;
      /** Already answered by the host that received the ring (Event Grid trigger): no activity hop. */
      readonly answered?: boolean;
    };

export type CallOrchestrationInput = CallDirection & {
  readonly call_id: string;
  /**
   * Who carries the conversation once connected. `serverless`: this orchestration, with the serverless
   * voice loop's activities (ACS transcription through Web PubSub, Call Automation play). Otherwise the
   * host holding the call's audio (the local host, the media bridge) does, and this only waits.
   */
  readonly voice?: 'serverless';
  /** Outbound: how long it rings. Inbound: how long answering may take. */
  readonly ring_timeout_sec: number;
  readonly max_call_duration_sec: number;
};

export interface CallIdInput {
  readonly call_id: string;
}
export interface AnswerCallInput extends CallIdInput {
  readonly incoming_call_context: string;
}
export interface CallConnectedInput extends CallIdInput {
  readonly at: string;
}
export interface FinishCallInput extends CallIdInput {
  readonly reason: EndReason;
  readonly at: string;
}
export interface DisconnectedEventData {
  readonly reason?: DisconnectReason;
}
