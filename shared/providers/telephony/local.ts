import { maskPhone } from '../../domain/phone';
import { silentLogger, type Logger } from '../../log';
import type { DisconnectReason, LineEvent, OutboundCall, Telephony } from './telephony';

/**
 * The local phone network: rings whatever phone (the browser softphone, a test client) is registered
 * for a number. With none registered the call rings into the void until the orchestration's ring
 * timeout ends it, exactly like an unanswered phone.
 */

/** A phone on the local network: it is told when it rings and when its call ends. */
export interface LocalPhone {
  ring(call: { callId: string; from: string }): void;
  ended(callId: string, reason: DisconnectReason): void;
}

type CallLeg = { readonly callId: string; readonly number: string; state: 'ringing' | 'connected' };

export class LocalPhoneNetwork implements Telephony {
  readonly kind = 'local';
  private readonly phones = new Map<string, LocalPhone>();
  private readonly calls = new Map<string, CallLeg>();
  private readonly listeners = new Set<(event: LineEvent) => void>();

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
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async placeCall(call: OutboundCall): Promise<void> {
    this.calls.set(call.callId, { callId: call.callId, number: call.to, state: 'ringing' });
    const phone = this.phones.get(call.to);
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

  /** The phone picked up. */
  answer(callId: string): void {
    const leg = this.calls.get(callId);
    if (!leg || leg.state !== 'ringing') throw new Error(`Call ${callId} is not ringing`);
    leg.state = 'connected';
    this.emit({ type: 'connected', callId });
  }

  /** The phone refused the call, or hung up during it. */
  hangUpFromPhone(callId: string): void {
    const leg = this.calls.get(callId);
    if (!leg) return;
    this.calls.delete(callId);
    this.emit({ type: 'disconnected', callId, reason: leg.state === 'ringing' ? 'declined' : 'hung_up' });
  }

  async hangUp(callId: string): Promise<void> {
    const leg = this.calls.get(callId);
    if (!leg) return;
    this.calls.delete(callId);
    this.phones.get(leg.number)?.ended(callId, 'hung_up');
    this.emit({ type: 'disconnected', callId, reason: 'hung_up' });
  }

  async transfer(callId: string, to: string): Promise<void> {
    const leg = this.calls.get(callId);
    if (!leg) throw new Error(`Call ${callId} is not on the line`);
    // The bot leaves; the agent's phone rings with the caller still on the line.
    this.phones.get(to)?.ring({ callId, from: leg.number });
  }

  private emit(event: LineEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
