import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

/**
 * A fake of the Azure Speech synthesis WebSocket protocol (`/tts/cognitiveservices/websocket/v1`), the one
 * the Speech SDK's SpeechSynthesizer speaks, for measuring the SDK's first-byte latency against the same
 * audio and delays as the REST fake (`fake-azure-speech.ts`). Per the SDK's SynthesisAdapterBase: the
 * client sends `speech.config`, `synthesis.context` and `ssml` text messages under one X-RequestId; the
 * service answers `turn.start`, `response` (naming the audio's X-StreamId), binary `audio` messages
 * (a 2-byte big-endian header length, headers, PCM) and `turn.end`.
 */
export class FakeSpeechSynthesis {
  /** Audio of each answer, in chunks this far apart (the first at once), like the REST fake. */
  chunks = 5;
  chunkDelayMs = 15;
  readonly key: string;
  private readonly sockets = new Set<WebSocket>();

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    key: string,
  ) {
    this.key = key;
  }

  static async start(key: string): Promise<FakeSpeechSynthesis> {
    const server = createServer((_, response) => response.writeHead(404).end());
    const wss = new WebSocketServer({ noServer: true });
    const fake = new FakeSpeechSynthesis(server, wss, key);
    server.on('upgrade', (request, socket, head) => {
      if (request.headers['ocp-apim-subscription-key'] !== key) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => fake.serve(ws));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get endpoint(): string {
    const { port } = this.server.address() as AddressInfo;
    // Not the service's own path: for that one the SDK first asks https://HOST:443 for a redirect, on every
    // new connection, which a loopback fake cannot answer (against Azure it is one more round trip, cold).
    return `ws://127.0.0.1:${port}/fake/tts/websocket/v1`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return;
      const text = (Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[])).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const headers = parseHeaders(split < 0 ? text : text.slice(0, split));
      if (headers.path !== 'ssml') return;
      void this.answer(socket, headers['x-requestid'] ?? '', text.slice(split + 4));
    });
  }

  private async answer(socket: WebSocket, requestId: string, ssml: string): Promise<void> {
    const streamId = `stream-${requestId}`;
    sendText(socket, requestId, 'turn.start', { context: { serviceTag: 'fake' } });
    sendText(socket, requestId, 'response', {
      context: { serviceTag: 'fake' },
      audio: { type: 'inline', streamId },
    });
    // As the REST fake: 0.35 s of a 220 Hz tone a word.
    const words = ssml
      .replace(/<[^>]*>/g, ' ')
      .split(/\s+/)
      .filter(Boolean).length;
    const samples = new Int16Array(Math.round(words * 0.35 * 16_000));
    for (let i = 0; i < samples.length; i++)
      samples[i] = Math.round(6_000 * Math.sin((2 * Math.PI * 220 * i) / 16_000));
    const bytes = Buffer.from(samples.buffer);
    const size = Math.ceil(bytes.length / this.chunks);
    for (let offset = 0; offset < bytes.length; offset += size) {
      if (offset > 0) await new Promise((resolve) => setTimeout(resolve, this.chunkDelayMs));
      if (socket.readyState !== socket.OPEN) return;
      const head = Buffer.from(
        `X-RequestId: ${requestId}\r\nX-StreamId: ${streamId}\r\nPath: audio\r\n`,
        'latin1',
      );
      const length = Buffer.alloc(2);
      length.writeInt16BE(head.length);
      socket.send(Buffer.concat([length, head, bytes.subarray(offset, offset + size)]));
    }
    sendText(socket, requestId, 'turn.end', {});
  }
}

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function sendText(socket: WebSocket, requestId: string, path: string, body: unknown): void {
  socket.send(
    `X-RequestId: ${requestId}\r\nPath: ${path}\r\nContent-Type: application/json; charset=utf-8\r\n\r\n${JSON.stringify(body)}`,
  );
}
