import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { isAllowedHost, MISDIRECTED, type HostAllowList } from './allowed-hosts';
import type { LocalApp } from './app';
import { authorizeMedia, guard, MAX_PAYLOAD_BYTES, MEDIA_PATH, serveMedia } from './media-socket';
import type { MediaWorkers } from './media-workers';
import { servePhone } from './phone-socket';
import { hasValidApiKey } from './server';
import type { VoiceCalls } from './voice-calls';

/**
 * The local host's WebSockets: `/api/phone` (the softphone protocol) and `/api/media/{call_id}` (a
 * call's audio, in the ACS media format). Both are checked before the upgrade is accepted.
 */

export interface SocketOptions {
  readonly app: LocalApp;
  readonly voiceCalls: VoiceCalls;
  readonly apiKey: string | undefined;
  /** The names `Host` may carry (see allowed-hosts.ts). */
  readonly allowedHosts: HostAllowList;
  /** Set when calls' media run in media processes (`MEDIA_WORKERS`). */
  readonly mediaWorkers?: MediaWorkers;
}

/** How long an address whose phone socket flooded may not open another. */
export const FLOOD_BAR_MS = 10_000;

export function attachSockets(server: Server, options: SocketOptions): WebSocketServer {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES });
  const log = options.app.services.log;
  /**
   * Calls whose media socket was cut off for flooding: the call is hung up and its stream stays shut
   * (every reopening would start a voice loop, and its greeting's synthesis, at the other calls' cost).
   */
  const flooded = new Set<string>();
  /**
   * Addresses whose phone socket was cut off for flooding, until when they may open another: each
   * reconnection would cost a handshake plus the frames in flight, and a flooder reconnects at once.
   * A socket already open from that address is not affected.
   */
  const barred = new Map<string, number>();
  /** Media sockets served in this process (recorded calls, and `host.media_calls_in_main`). */
  let mediaHere = 0;
  const barredUntil = (address: string) => {
    const until = barred.get(address) ?? 0;
    if (until > Date.now()) return until;
    barred.delete(address);
    return 0;
  };
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node drops its own error listener on upgrade: a reset while the media check awaits the store
    // would otherwise be an uncaught error that takes every call down.
    socket.on('error', () => socket.destroy());
    upgrade(req, socket, head).catch((error: unknown) => {
      log.warn('WebSocket upgrade failed', { error: String(error) });
      refuse(socket, 500, 'internal error');
    });
  });

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (!isAllowedHost(req.headers.host, options.allowedHosts)) return refuse(socket, 421, MISDIRECTED);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/api/phone') {
      // A page from another site must not drive the phone of whoever has this page open.
      if (!isSameOrigin(req)) return refuse(socket, 403, 'cross-origin WebSocket refused');
      if (!hasValidApiKey(req, options.apiKey, url.searchParams.get('key'))) {
        return refuse(socket, 401, 'missing or wrong API key');
      }
      const address = req.socket.remoteAddress ?? '';
      const until = barredUntil(address);
      if (until) {
        const seconds = Math.ceil((until - Date.now()) / 1_000);
        return refuse(socket, 429, `a phone socket from this address flooded; try again in ${seconds} s`);
      }
      sockets.handleUpgrade(req, socket, head, (ws) => {
        guard(ws, 'phone', log);
        servePhone(ws, options.app, options.voiceCalls, log, () => {
          if (barred.size >= 10_000) barred.clear();
          barred.set(address, Date.now() + FLOOD_BAR_MS);
        });
      });
      return;
    }
    if (MEDIA_PATH.test(url.pathname)) {
      if (flooded.has(MEDIA_PATH.exec(url.pathname)?.[1] ?? '')) {
        return refuse(socket, 429, 'this call was hung up for flooding its media stream');
      }
      const auth = await authorizeMedia(url, options.app.services, options.voiceCalls);
      if (!auth.ok) return refuse(socket, auth.status, auth.message);
      const onFlood = () => {
        // Bounded: a hung-up call cannot reopen anyway (authorizeMedia wants it on the line).
        if (flooded.size >= 10_000) flooded.clear();
        flooded.add(auth.callId);
        options.app.services.telephony.hangUp(auth.callId).catch((error: unknown) => {
          log.warn('flooding call not hung up', { call_id: auth.callId, error: String(error) });
        });
      };
      // A recorded call stays here, where its recorder writes both sides (media processes do not record),
      // and so do the first calls (`host.media_calls_in_main`): no IPC hops on their answers. The flags
      // are only read when there are media processes to hand the call to.
      const { mediaWorkers } = options;
      const keepHere = mediaHere < options.app.services.config.host.media_calls_in_main;
      if (mediaWorkers && !keepHere && !(await options.app.services.flags.get()).recording_enabled) {
        // The socket itself goes to a media process, which upgrades it and runs the call's voice loop.
        const taken = await mediaWorkers.handOver(auth.callId, req, socket as Socket, head, onFlood);
        if (!taken) refuse(socket, 503, 'the voice loop could not start');
        return;
      }
      sockets.handleUpgrade(req, socket, head, (ws) => {
        mediaHere++;
        ws.once('close', () => mediaHere--);
        guard(ws, 'media', log.child({ call_id: auth.callId }));
        void serveMedia(ws, auth.callId, options.voiceCalls, log, onFlood);
      });
      return;
    }
    refuse(socket, 404, 'no WebSocket here');
  }
  return sockets;
}

/** Scripts send no Origin; browsers do, and it must be this host. */
function isSameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function refuse(socket: Duplex, status: number, message: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${message}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
  );
}
