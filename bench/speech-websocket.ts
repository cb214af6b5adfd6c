import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

/**
 * What the fakes of the Azure Speech WebSocket services (recognition and synthesis) share: the local
 * server that checks the credentials on the upgrade, as the service does, and the SDK's message framing
 * (WebsocketMessageFormatter). A text message is headers (`Name: value` lines), a blank line, then a
 * body; a binary one is a 2-byte big-endian header length, those headers, then the audio.
 */

/** A WebSocket server on a loopback port: a refused upgrade gets a 401, like the service's. */
export class SpeechSocketServer {
  private readonly sockets = new Set<WebSocket>();

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
  ) {}

  static async listen(
    authorized: (request: IncomingMessage) => boolean,
    serve: (socket: WebSocket, request: IncomingMessage) => void,
  ): Promise<SpeechSocketServer> {
    const server = createServer((_, response) => response.writeHead(404).end());
    const wss = new WebSocketServer({ noServer: true });
    const listening = new SpeechSocketServer(server, wss);
    server.on('upgrade', (request, socket, head) => {
      if (!authorized(request)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => {
        listening.sockets.add(ws);
        ws.on('close', () => listening.sockets.delete(ws));
        serve(ws, request);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return listening;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Drops the open connections (a client may hold one for its next request) and stops listening. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** One message from the client: its headers (names in lower case) and its body. */
export type SpeechMessage =
  | { readonly binary: false; readonly headers: Record<string, string>; readonly text: string }
  | { readonly binary: true; readonly headers: Record<string, string>; readonly audio: Buffer };

export function readMessage(data: RawData, isBinary: boolean): SpeechMessage {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
  if (isBinary) {
    const headerLength = bytes.readInt16BE(0);
    const headers = parseHeaders(bytes.subarray(2, 2 + headerLength).toString('latin1'));
    return { binary: true, headers, audio: bytes.subarray(2 + headerLength) };
  }
  const text = bytes.toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  if (split < 0) return { binary: false, headers: parseHeaders(text), text: '' };
  return { binary: false, headers: parseHeaders(text.slice(0, split)), text: text.slice(split + 4) };
}

/** A service event: a text message with a JSON body, under the turn's request id. */
export function sendJson(socket: WebSocket, requestId: string, path: string, body: unknown): void {
  const headers = `X-RequestId: ${requestId}\r\nPath: ${path}\r\nContent-Type: application/json; charset=utf-8\r\n`;
  socket.send(`${headers}\r\n${JSON.stringify(body)}`);
}

/** A binary message: these headers, then the audio bytes. */
export function sendBinary(socket: WebSocket, headers: Record<string, string>, audio: Buffer): void {
  const head = Buffer.from(
    Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join(''),
    'latin1',
  );
  const length = Buffer.alloc(2);
  length.writeInt16BE(head.length);
  socket.send(Buffer.concat([length, head, audio]));
}

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}
