import { randomUUID } from 'node:crypto';
import { maskPhone } from '../../domain/phone';
import { silentLogger, type Logger } from '../../log';
import type { InboundCall, LineEvent, OutboundCall, Telephony } from './telephony';

/**
 * The local phone network: rings whatever phone (the browser softphone, a test client) is registered
 * for a number, and lets a phone dial the bot. With no phone registered, an outbound call rings into
 * the void until the orchestration's ring timeout ends it, exactly like an unanswered phone.
 */

/** How a call ended, as the phone sees it. */
export type PhoneEndReason = 'completed' | 'not_answered' | 'declined';

/** A phone on the local network: it is told when it rings, when its call connects and when it ends. */
export interface LocalPhone {
  ring(call: { callId: string; from: string }): void;
  connected(callId: string): void;
  /** The other side ended it: the bot hung up, or stopped ringing this phone (not answered). */
  ended(callId: string, reason: PhoneEndReason): void;
}

/** A phone dialled the bot: what the app gets, like ACS's IncomingCall event. */
export interface IncomingLocalCall {
  readonly from: string;
  readonly incomingCallContext: string;
}

/** The caller's side of a call: their number and, when one is on the network, their phone. */
type CallLeg = {
  readonly callId: string;
  readonly number: string;
  readonly phone: LocalPhone | undefined;
  state: 'ringing' | 'connected';
};
type PendingDial = { readonly from: string; readonly phone: LocalPhone };

export class LocalPhoneNetwork implements Telephony {
  readonly kind = 'local';
  private readonly phones = new Map<string, LocalPhone>();
  private readonly calls = new Map<string, CallLeg>();
  private readonly dials = new Map<string, PendingDial>();
  private readonly lineListeners = new Set<(event: LineEvent) => void>();
  private readonly incomingListeners = new Set<(call: IncomingLocalCall) => void>();

  /** @param botNumber the number calls appear to come from. */
  constructor(
    private readonly log: Logger = silentLogger,
    private readonly botNumber = '+10000000000',
  ) {}

  /** Registers a phone for a number; returns the function that unregisters it. */
  register(number: string, phone: LocalPhone): () => void {
    this.phones.set(number, phone);
    return () => {
      if (this.phones.get(number) === phone) this.phones.delete(number);
    };
  }

  /** Listens to what happens on the line; the local host forwards it to the call's orchestration. */
  onLineEvent(listener: (event: LineEvent) => void): () => void {
    this.lineListeners.add(listener);
    return () => this.lineListeners.delete(listener);
  }

  /** Listens to phones dialling the bot; the local host starts an inbound call for each. */
  onIncomingCall(listener: (call: IncomingLocalCall) => void): () => void {
    this.incomingListeners.add(listener);
    return () => this.incomingListeners.delete(listener);
  }

  async placeCall(call: OutboundCall): Promise<void> {
    const phone = this.phones.get(call.to);
    this.calls.set(call.callId, { callId: call.callId, number: call.to, phone, state: 'ringing' });
    if (!phone) {
      // The most common surprise on a fresh install: say why nothing rings.
      this.log.info('no phone registered for this number: it rings until the ring timeout', {
        call_id: call.callId,
        to: maskPhone(call.to),
      });
      return;
    }
    phone.ring({ callId: call.callId, from: this.botNumber });
  }

  /** A phone dials the bot. Returns the handle the app answers it with. */
  dial(from: string, phone: LocalPhone): string {
    const incomingCallContext = randomUUID();
    this.dials.set(incomingCallContext, { from, phone });
    for (const listener of this.incomingListeners) listener({ from, incomingCallContext });
    return incomingCallContext;
  }

  /** The caller gave up before the bot answered. */
  cancelDial(incomingCallContext: string): void {
    this.dials.delete(incomingCallContext);
  }

  async answerCall(call: InboundCall): Promise<void> {
    const dial = this.dials.get(call.incomingCallContext);
    if (!dial) throw new Error('The caller hung up before the call was answered');
    this.dials.delete(call.incomingCallContext);
    this.calls.set(call.callId, {
      callId: call.callId,
      number: dial.from,
      phone: dial.phone,
      state: 'connected',
    });
    dial.phone.connected(call.callId);
    this.emit({ type: 'connected', callId: call.callId });
  }

  /** The phone picked up a call that rings it. */
  answer(callId: string): void {
    const leg = this.calls.get(callId);
    if (!leg || leg.state !== 'ringing') throw new Error(`Call ${callId} is not ringing`);
    leg.state = 'connected';
    leg.phone?.connected(callId);
    this.emit({ type: 'connected', callId });
  }

  /** The phone refused the call, or hung up during it. Returns how the call ended (none: it was over). */
  hangUpFromPhone(callId: string): PhoneEndReason | undefined {
    const leg = this.calls.get(callId);
    if (!leg) return undefined;
    this.calls.delete(callId);
    const declined = leg.state === 'ringing';
    this.emit({ type: 'disconnected', callId, reason: declined ? 'declined' : 'hung_up' });
    return declined ? 'declined' : 'completed';
  }

  async hangUp(callId: string): Promise<void> {
    const leg = this.calls.get(callId);
    if (!leg) return;
    this.calls.delete(callId);
    leg.phone?.ended(callId, leg.state === 'ringing' ? 'not_answered' : 'completed');
    this.emit({ type: 'disconnected', callId, reason: 'hung_up' });
  }

  async transfer(callId: string, to: string): Promise<void> {
    const leg = this.calls.get(callId);
    if (!leg) throw new Error(`Call ${callId} is not on the line`);
    // No phone at that number: nobody can take the call, and the caller must hear so (not silence).
    const agent = this.phones.get(to);
    if (!agent) throw new Error('no phone is registered at the agent number');
    // The bot leaves; the agent's phone rings with the caller still on the line.
    agent.ring({ callId, from: leg.number });
  }

  private emit(event: LineEvent): void {
    for (const listener of this.lineListeners) listener(event);
  }
}
