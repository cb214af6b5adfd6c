/**
 * The telephony port: the operations the call lifecycle needs. Playing and listening to audio is the
 * voice loop's job, not this port's. Backends report what happens on the line (connected, hung up) as
 * orchestration events: ACS through its HTTP callbacks, the local phone network in process.
 */

export interface OutboundCall {
  readonly callId: string;
  /** E.164 number to ring. */
  readonly to: string;
  /** The language the caller is expected to speak (BCP-47): where the network transcribes speech, its locale. */
  readonly language?: string;
}

/** A call someone placed to the bot, as the network announced it (Event Grid on ACS). */
export interface InboundCall {
  readonly callId: string;
  /** The network's opaque handle of the ringing call (ACS: `incomingCallContext`). */
  readonly incomingCallContext: string;
  /** As for `OutboundCall`. */
  readonly language?: string;
}

export interface Telephony {
  readonly kind: string;
  /** Starts ringing `to`. Resolves once the network accepted the call, not when it is answered. */
  placeCall(call: OutboundCall): Promise<void>;
  /** Picks up a ringing inbound call; it is connected when the backend reports `connected`. */
  answerCall(call: InboundCall): Promise<void>;
  /** Ends the call (or stops it ringing). Hanging up a call that is already over does nothing. */
  hangUp(callId: string): Promise<void>;
  /** Hands the caller over to a human at `to`. */
  transfer(callId: string, to: string): Promise<void>;
}

/** What a backend reports about a call, delivered to its orchestration as external events. */
export type LineEvent =
  | { readonly type: 'connected'; readonly callId: string }
  | { readonly type: 'disconnected'; readonly callId: string; readonly reason: DisconnectReason };

/** `host_restarted`: the network lost the call because the process that held it stopped (local only). */
export type DisconnectReason = 'hung_up' | 'declined' | 'failed' | 'host_restarted';
