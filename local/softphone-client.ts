import WebSocket from 'ws';
import {
  encodeDtmf,
  encodeInboundAudio,
  encodeMetadata,
  encodeTranscription,
} from '../shared/voice/acs-media';
import { frameToBytes, type Frame } from '../shared/voice/audio';

/**
 * A scripted softphone: the protocol of the browser page (local/softphone/PROTOCOL.md), from Node. Tests
 * and the load generator use it, so they exercise exactly what the page does: register a number, dial
 * the bot or answer a call, open the call's media stream, stream audio frames, type turns, hang up.
 */

export type PhoneEvent = { readonly type: string; readonly [key: string]: unknown };

export class SoftphoneClient {
  private readonly events: PhoneEvent[] = [];
  private readonly waiters: { match: (e: PhoneEvent) => boolean; resolve: (e: PhoneEvent) => void }[] = [];
  private media: WebSocket | undefined;
  /** Audio the bot sent, and StopAudio messages, as the phone received them. */
  readonly received = { frames: 0, stopAudio: 0, firstFrameAt: 0, lastFrameAt: 0 };
  private readonly mediaListeners = new Set<(message: { kind: string; at: number }) => void>();

  private constructor(
    private readonly baseUrl: string,
    private readonly socket: WebSocket,
    private readonly mediaOptions: WebSocket.ClientOptions,
  ) {
    socket.on('message', (data) => this.onEvent(JSON.parse(data.toString()) as PhoneEvent));
  }

  /**
   * `lean`, for the load generator only: the media socket masks frames with a zero key (a valid frame
   * the server unmasks as any other, but no random key and no masked copy per frame) and does not
   * validate the UTF-8 of what it receives. A real client keeps both.
   */
  static async connect(
    baseUrl: string,
    options: { apiKey?: string; lean?: boolean } = {},
  ): Promise<SoftphoneClient> {
    const url = new URL('/api/phone', baseUrl.replace(/^http/, 'ws'));
    if (options.apiKey) url.searchParams.set('key', options.apiKey);
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    const mediaOptions: WebSocket.ClientOptions = options.lean
      ? { generateMask: (mask) => mask.fill(0), skipUTF8Validation: true }
      : {};
    return new SoftphoneClient(baseUrl, socket, mediaOptions);
  }

  async register(number: string): Promise<PhoneEvent> {
    this.send({ type: 'register', number });
    return this.next((e) => e.type === 'registered' || e.type === 'error');
  }

  /** Calls the bot; resolves once connected, with the call id. */
  async dial(): Promise<string> {
    this.send({ type: 'dial' });
    return this.connectedCall();
  }

  /** Waits for a call to ring this phone and answers it; resolves once connected, with the call id. */
  async answer(timeoutMs = 10_000): Promise<string> {
    const ringing = await this.next((e) => e.type === 'ringing', timeoutMs);
    this.send({ type: 'answer', call_id: ringing.call_id });
    return this.connectedCall();
  }

  say(callId: string, text: string): void {
    this.send({ type: 'say', call_id: callId, text });
  }

  hangUp(callId: string): void {
    this.send({ type: 'hangup', call_id: callId });
  }

  /** Sends one 20 ms frame of the caller's audio (16 kHz). */
  sendFrame(frame: Frame, silent = false): void {
    this.media?.send(encodeInboundAudio(frameToBytes(frame), { silent }));
  }

  /**
   * Sends a media message encoded beforehand (`encodeInboundAudio` once, as bytes): the load generator
   * replays the same frames for hundreds of calls, and encoding each again would cost more than the
   * host's own decoding of it.
   */
  sendEncoded(message: Buffer): void {
    this.media?.send(message, { binary: false });
  }

  sendDigit(digit: string): void {
    this.media?.send(encodeDtmf(digit));
  }

  /** Sends the caller's words as ACS's transcription would (a final TranscriptionData) on the media socket. */
  sendTranscript(text: string): void {
    this.media?.send(encodeTranscription(text));
  }

  /** Called for each AudioData / StopAudio the bot sends. */
  onMedia(listener: (message: { kind: string; at: number }) => void): () => void {
    this.mediaListeners.add(listener);
    return () => this.mediaListeners.delete(listener);
  }

  /** The next event (already received or to come) that matches; events are consumed in order. */
  next(match: (event: PhoneEvent) => boolean, timeoutMs = 10_000): Promise<PhoneEvent> {
    const index = this.events.findIndex(match);
    if (index >= 0) return Promise.resolve(this.events.splice(index, 1)[0] as PhoneEvent);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching phone event in time')), timeoutMs);
      this.waiters.push({
        match,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
      });
    });
  }

  async close(): Promise<void> {
    this.media?.close();
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise((resolve) => {
      this.socket.once('close', resolve);
      this.socket.close();
    });
  }

  private async connectedCall(): Promise<string> {
    const connected = await this.next((e) => e.type === 'connected' || e.type === 'error');
    if (connected.type === 'error') throw new Error(String(connected.message));
    await this.openMedia(String(connected.media_url));
    return String(connected.call_id);
  }

  private async openMedia(mediaUrl: string): Promise<void> {
    const media = new WebSocket(new URL(mediaUrl, this.baseUrl.replace(/^http/, 'ws')), this.mediaOptions);
    await new Promise<void>((resolve, reject) => {
      media.once('open', resolve);
      media.once('error', reject);
      media.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => reject(new Error(`media stream refused: HTTP ${res.statusCode} ${body}`)));
      });
    });
    media.send(encodeMetadata({ subscriptionId: 'softphone-client', sampleRate: 16_000 }));
    media.on('message', (data: Buffer) => {
      const at = performance.now();
      // The two outbound kinds are told apart by the bytes the encoder starts audio with, without
      // decoding 50 messages a second per call; anything else is read whole.
      const kind =
        startsWith(data, AUDIO_PREFIX) || !data.toString().includes('"StopAudio"')
          ? 'AudioData'
          : 'StopAudio';
      if (kind === 'AudioData') {
        this.received.frames++;
        this.received.firstFrameAt ||= at;
        this.received.lastFrameAt = at;
      } else this.received.stopAudio++;
      for (const listener of this.mediaListeners) listener({ kind, at });
    });
    this.media = media;
  }

  private onEvent(event: PhoneEvent): void {
    const index = this.waiters.findIndex((w) => w.match(event));
    if (index >= 0) {
      const [waiter] = this.waiters.splice(index, 1);
      waiter?.resolve(event);
      return;
    }
    this.events.push(event);
    // An event nobody waits for is kept for a later next(); bounded, the oldest go.
    if (this.events.length > 1_000) this.events.shift();
  }

  private send(message: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(message));
  }
}

/** How `encodeAudio` starts every outbound audio message. */
const AUDIO_PREFIX = Buffer.from('{"kind":"AudioData"');

function startsWith(data: Buffer, prefix: Buffer): boolean {
  if (data.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix[i]) return false;
  return true;
}
