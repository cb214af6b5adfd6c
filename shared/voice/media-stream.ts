import type { Logger } from '../log';
import { decodeMediaMessage, encodeAudio, encodeStopAudio } from './acs-media';
import { FrameAssembler, frameToBytes, SAMPLE_RATE } from './audio';
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

/** The inbound half: returns the function that takes each text message of the socket. */
export function mediaReceiver(
  transport: MediaTransport,
  session: VoiceSession,
  log: Logger,
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
        for (const frame of assembler.push(message.pcm)) session.onAudio(frame);
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
