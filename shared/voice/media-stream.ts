import type { Logger } from '../log';
import { decodeMediaMessage, encodeAudio, encodeStopAudio } from './acs-media';
import { FRAME_MS, FrameAssembler, frameToBytes, SAMPLE_RATE } from './audio';
import type { CallerLine, VoiceSession } from './voice-session';

/**
 * Joins a media WebSocket speaking the ACS bidirectional format (ACS itself, or the local softphone)
 * to a voice session: inbound audio is cut into 16 kHz frames, digits and transcripts are passed on,
 * and the session's audio goes back as AudioData / StopAudio messages.
 */

/** The socket as the media stream needs it: text messages out, and a way to close it. */
export interface MediaTransport {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

/** The outbound half: what the voice session talks into. */
export function mediaCallerLine(transport: MediaTransport): CallerLine {
  return {
    sendAudio: (frame) => transport.send(encodeAudio(frameToBytes(frame))),
    stopAudio: () => transport.send(encodeStopAudio()),
  };
}

/** Too many malformed messages in a row: the client is broken or hostile, so the socket is closed. */
const MAX_CONSECUTIVE_BAD_MESSAGES = 50;

/**
 * Caller audio is real time: a client sending faster (461× was seen) would have the voice loop
 * analyse minutes of audio per second at the other calls' expense. A token bucket of frames: one
 * 20 ms frame per 20 ms, and up to `leadMs` at once (a network hiccup delivers a backlog in a burst);
 * frames beyond are dropped.
 */
export class RealTimeGate {
  private readonly maxCredit: number;
  private credit: number;
  private refilledAt: number | undefined;
  dropped = 0;

  constructor(
    leadMs = 2_000,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.maxCredit = this.credit = leadMs / FRAME_MS;
  }

  /** Whether one more frame is within real time (it is counted if so). */
  admit(): boolean {
    const now = this.now();
    this.credit = Math.min(this.maxCredit, this.credit + (now - (this.refilledAt ?? now)) / FRAME_MS);
    this.refilledAt = now;
    if (this.credit < 1) {
      this.dropped++;
      return false;
    }
    this.credit -= 1;
    return true;
  }
}

/** The inbound half: returns the function that takes each text message of the socket. */
export function mediaReceiver(
  transport: MediaTransport,
  session: VoiceSession,
  log: Logger,
  gate = new RealTimeGate(),
): (text: string) => void {
  // ACS announces the format first; a client that skips AudioMetadata is assumed to send 16 kHz.
  let assembler = new FrameAssembler(SAMPLE_RATE);
  let badMessages = 0;
  return (text) => {
    const decoded = decodeMediaMessage(text);
    if (!decoded.ok) {
      if (++badMessages === 1) log.warn('media message refused', { error: decoded.error });
      if (badMessages >= MAX_CONSECUTIVE_BAD_MESSAGES) transport.close(1007, 'malformed media messages');
      return;
    }
    badMessages = 0;
    const message = decoded.message;
    switch (message.kind) {
      case 'metadata':
        assembler = new FrameAssembler(message.sampleRate);
        return;
      case 'audio':
        for (const frame of assembler.push(message.pcm)) {
          if (gate.admit()) session.onAudio(frame);
          else if (gate.dropped === 1) log.warn('caller audio faster than real time: the excess is dropped');
        }
        return;
      case 'dtmf':
        session.onDigit(message.digit);
        return;
      case 'transcription':
        // ACS transcribed the caller itself (the serverless design): a final result is their turn.
        if (message.final) session.onText(message.text);
        return;
      case 'ignored':
        return;
    }
  };
}
