import type { WebSocket } from 'ws';
import { isValidCallbackSecret } from '../shared/http/acs-callback-auth';
import type { Logger } from '../shared/log';
import type { Services } from '../shared/services';
import { mediaCallerLine, mediaReceiver } from '../shared/voice/media-stream';
import { cutOff, MEDIA_LIMITS, MessageBudget } from './rate-limit';
import type { VoiceCalls } from './voice-calls';
import type { VoiceSession } from '../shared/voice/voice-session';

/**
 * `/api/media/{call_id}?secret=...`: a call's bidirectional media stream, in the ACS format. Only the
 * call's own secret opens it (the one its callback URL carries; the phone socket hands it to the phone
 * whose call connected), and only while the call is connected.
 */

export const MEDIA_PATH = /^\/api\/media\/([0-9a-f-]{36})$/;

/** Checks an upgrade request before the socket is accepted; answers the HTTP status to refuse with. */
export async function authorizeMedia(
  url: URL,
  services: Services,
  voiceCalls: VoiceCalls,
): Promise<{ ok: true; callId: string } | { ok: false; status: number; message: string }> {
  const callId = MEDIA_PATH.exec(url.pathname)?.[1];
  if (!callId) return { ok: false, status: 404, message: 'no such media stream' };
  if (!isValidCallbackSecret(services.callbackSecret, callId, url.searchParams.get('secret'))) {
    return { ok: false, status: 403, message: 'wrong or missing secret' };
  }
  const call = await services.store.get(callId);
  // The stored state lags the line: ACS may open the stream before its CallConnected callback is
  // processed, and a phone is told "connected" before the orchestration stores it (a resumed call is
  // still `created` then). Only an ended call (or none) is refused; the secret does the rest.
  if (!call || call.lifecycle.state === 'ended') {
    return { ok: false, status: 409, message: 'the call is not on the line' };
  }
  if (voiceCalls.has(callId)) {
    return { ok: false, status: 409, message: 'the call already has a media stream' };
  }
  return { ok: true, callId };
}

/** A media message is 20 ms of audio (under 1 KiB of base64); 64 KiB leaves room for bigger frames. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

/**
 * A socket's error is its own: ws has already closed it with the code the violation calls for (1002
 * protocol error, 1007 invalid UTF-8, 1009 too big), and without a listener it would throw and end the
 * process, with every live call. Logged once (ws emits one error per socket), without the bytes.
 */
export function guard(ws: WebSocket, socket: 'phone' | 'media', log: Logger): void {
  ws.on('error', (error: Error & { code?: string }) => {
    log.warn('WebSocket protocol error: socket closed', { socket, code: error.code ?? error.name });
  });
}

/** Where a media socket's voice loop runs: `VoiceCalls` in process, or a media process's own table. */
export type MediaLoops = Pick<VoiceCalls, 'open' | 'close'>;

/** Runs the call's voice loop on an accepted socket until either side closes. `onFlood`: it was cut off. */
export async function serveMedia(
  socket: WebSocket,
  callId: string,
  voiceCalls: MediaLoops,
  log: Logger,
  onFlood: () => void = () => undefined,
) {
  const transport = {
    send: (text: string) => {
      if (socket.readyState === socket.OPEN) socket.send(text);
    },
    close: (code?: number, reason?: string) => socket.close(code, reason),
  };
  // Messages that arrive while the session starts are kept, not lost.
  const early: string[] = [];
  let receive: ((text: string) => void) | undefined;
  const budget = new MessageBudget(MEDIA_LIMITS);
  let dropped = 0;
  socket.on('message', (data, isBinary) => {
    // Counted before it is decoded: beyond the budget a message costs next to nothing.
    const verdict = budget.take();
    if (verdict === 'cut') {
      if (socket.readyState !== socket.OPEN) return;
      log.warn('media socket cut off: message flood', { call_id: callId, dropped });
      cutOff(socket, 'message flood');
      return onFlood();
    }
    if (verdict !== 'accept') {
      if (dropped++ === 0) log.warn('media messages beyond the rate limit dropped', { call_id: callId });
      return;
    }
    if (isBinary) return; // the format is JSON text only
    const text = data.toString();
    if (receive) receive(text);
    else early.push(text);
  });
  let session: VoiceSession | undefined;
  socket.on('close', () => {
    if (session) voiceCalls.close(callId, session);
  });
  try {
    session = await voiceCalls.open(callId, mediaCallerLine(transport), () =>
      socket.close(1000, 'call ended'),
    );
    receive = mediaReceiver(transport, session, log);
    for (const text of early.splice(0)) receive(text);
    if (socket.readyState !== socket.OPEN) voiceCalls.close(callId, session);
  } catch (error) {
    log.warn('media stream not started', { call_id: callId, error: String(error) });
    socket.close(1011, 'the voice loop could not start');
  }
}
