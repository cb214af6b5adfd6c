import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

/**
 * A fake of the Azure Speech recognition service's WebSocket protocol on a local port, for the real
 * Speech SDK to talk to (`SpeechConfig.fromEndpoint(ws://127.0.0.1:port/...)`). As the service does, it
 * checks the key (`Ocp-Apim-Subscription-Key`) or bearer token on the upgrade, reads the client's text
 * messages (`speech.config`, `speech.context`: headers, a blank line, JSON) and binary audio messages (a
 * 2-byte header length, headers, then the audio; the first one carries a RIFF header, an empty one ends
 * the stream), and answers each turn from a script: `turn.start`, `speech.startDetected`, a
 * `speech.hypothesis` per 300 ms of audio, then, once the stream ends and after the scripted delay,
 * `speech.phrase`, `speech.endDetected` and `turn.end`. Message formats are the SDK's own
 * (WebsocketMessageFormatter, ServiceRecognizerBase, SpeechServiceRecognizer).
 */

export const FAKE_STT_KEY = 'fake-stt-key';

export interface ScriptedTurn {
  /** Partial results, sent as audio comes in. */
  readonly hypotheses?: readonly string[];
  /** The final text ('' : no speech recognised, `NoMatch`). */
  readonly text: string;
  /** The language detected, when the client asked for detection. */
  readonly language?: string;
  /** Wait this long after the end of the audio before the final phrase. */
  readonly finalDelayMs?: number;
}

export interface RecordedTurn {
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** speech.config, speech.context... by path, parsed. */
  readonly messages: Record<string, unknown>;
  /** Audio bytes received after the RIFF header. */
  audioBytes: number;
  /** When the empty audio message (end of stream) arrived, performance clock. */
  endedAt?: number;
}

export class FakeSpeechService {
  readonly turns: RecordedTurn[] = [];
  /** Answers for the next turns, in order; a turn with no script gets '' (NoMatch). */
  readonly script: ScriptedTurn[] = [];
  private readonly sockets = new Set<WebSocket>();

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    private readonly token: string | undefined,
  ) {
    wss.on('connection', (socket, request) => this.serve(socket, request));
  }

  static async start(options: { token?: string } = {}): Promise<FakeSpeechService> {
    const server = createServer((_, response) => response.writeHead(404).end());
    const wss = new WebSocketServer({ noServer: true });
    const fake = new FakeSpeechService(server, wss, options.token);
    server.on('upgrade', (request, socket, head) => {
      if (!fake.authorized(request)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** The endpoint to give the SDK. */
  get endpoint(): string {
    const { port } = this.server.address() as AddressInfo;
    return `ws://127.0.0.1:${port}/speech/recognition/conversation/cognitiveservices/v1`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private authorized(request: IncomingMessage): boolean {
    const key = request.headers['ocp-apim-subscription-key'];
    const auth = request.headers.authorization;
    return key === FAKE_STT_KEY || (this.token !== undefined && auth === `Bearer ${this.token}`);
  }

  private serve(socket: WebSocket, request: IncomingMessage): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    let turn:
      { record: RecordedTurn; script: ScriptedTurn; requestId: string; sentHypotheses: number } | undefined;
    const newTurn = (requestId: string) => {
      const record: RecordedTurn = {
        url: request.url ?? '',
        headers: request.headers,
        messages: {},
        audioBytes: 0,
      };
      this.turns.push(record);
      turn = { record, script: this.script.shift() ?? { text: '' }, requestId, sentHypotheses: 0 };
      return turn;
    };
    socket.on('message', (data: RawData, isBinary: boolean) => {
      const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
      if (!isBinary) {
        const text = bytes.toString('utf8');
        const split = text.indexOf('\r\n\r\n');
        const headers = parseHeaders(split < 0 ? text : text.slice(0, split));
        const requestId = headers['x-requestid'] ?? '';
        const current = turn?.requestId === requestId ? turn : newTurn(requestId);
        const body = split < 0 ? '' : text.slice(split + 4);
        current.record.messages[headers.path ?? '?'] = body ? (JSON.parse(body) as unknown) : null;
        return;
      }
      const headerLength = bytes.readInt16BE(0);
      const headers = parseHeaders(bytes.subarray(2, 2 + headerLength).toString('latin1'));
      if (headers.path !== 'audio') return;
      const requestId = headers['x-requestid'] ?? '';
      let current = turn?.requestId === requestId ? turn : undefined;
      if (!current) current = newTurn(requestId);
      let audio = bytes.subarray(2 + headerLength);
      if (current.record.audioBytes === 0 && audio.subarray(0, 4).toString('latin1') === 'RIFF') {
        // The first audio message opens with the stream's WAV header.
        send(socket, requestId, 'turn.start', { context: { serviceTag: 'fake' } });
        send(socket, requestId, 'speech.startDetected', { Offset: 0 });
        audio = audio.subarray(44);
      }
      if (audio.length === 0 && current.record.audioBytes > 0) return this.endTurn(socket, current);
      current.record.audioBytes += audio.length;
      // A hypothesis per 300 ms of audio (16 kHz, 16-bit: 9600 bytes).
      const due = Math.floor(current.record.audioBytes / 9_600);
      const hypotheses = current.script.hypotheses ?? [];
      while (current.sentHypotheses < Math.min(due, hypotheses.length)) {
        const text = hypotheses[current.sentHypotheses++];
        send(socket, requestId, 'speech.hypothesis', {
          Text: text,
          Offset: 0,
          Duration: ticks(current.record),
        });
      }
    });
  }

  private endTurn(
    socket: WebSocket,
    current: { record: RecordedTurn; script: ScriptedTurn; requestId: string },
  ): void {
    current.record.endedAt = performance.now();
    const { script, requestId, record } = current;
    const answer = () => {
      const language = script.language
        ? { PrimaryLanguage: { Language: script.language, Confidence: 'High' } }
        : {};
      send(
        socket,
        requestId,
        'speech.phrase',
        script.text
          ? {
              RecognitionStatus: 'Success',
              DisplayText: script.text,
              Offset: 0,
              Duration: ticks(record),
              ...language,
            }
          : { RecognitionStatus: 'NoMatch', Offset: 0, Duration: ticks(record) },
      );
      send(socket, requestId, 'speech.endDetected', { Offset: ticks(record) });
      send(socket, requestId, 'turn.end', {});
    };
    if (script.finalDelayMs) setTimeout(answer, script.finalDelayMs);
    else answer();
  }
}

/** 100 ns units, as the service counts offsets. */
function ticks(record: RecordedTurn): number {
  return Math.round((record.audioBytes / 32) * 10_000);
}

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function send(socket: WebSocket, requestId: string, path: string, body: unknown): void {
  const headers = `X-RequestId: ${requestId}\r\nPath: ${path}\r\nContent-Type: application/json; charset=utf-8\r\n`;
  socket.send(`${headers}\r\n${JSON.stringify(body)}`);
}
