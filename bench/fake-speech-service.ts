import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import { readMessage, sendJson, SpeechSocketServer } from './speech-websocket';

/**
 * A fake of the Azure Speech recognition service's WebSocket protocol on a local port, for the real
 * Speech SDK to talk to (`SpeechConfig.fromEndpoint(ws://127.0.0.1:port/...)`). As the service does, it
 * checks the key (`Ocp-Apim-Subscription-Key`) or bearer token on the upgrade, reads the client's text
 * messages (`speech.config`, `speech.context`: headers, a blank line, JSON) and binary audio messages (a
 * 2-byte header length, headers, then the audio; the first one carries a RIFF header, an empty one ends
 * the stream). Like the service, it cuts the audio into phrases by itself: a phrase starts with loud
 * audio and ends after `segmentationSilenceMs` of quiet, or at the end of the stream. Each phrase is
 * answered from the script: `speech.startDetected`, a `speech.hypothesis` per 300 ms of the phrase, then,
 * after the scripted delay, `speech.phrase`; the stream's end brings `speech.endDetected` and `turn.end`.
 * So a call's one long stream gets a final per phrase while the caller is still on the line. Message
 * formats are the SDK's own (WebsocketMessageFormatter, ServiceRecognizerBase, SpeechServiceRecognizer).
 */

export const FAKE_STT_KEY = 'fake-stt-key';

export interface ScriptedTurn {
  /** Partial results, sent as audio comes in. */
  readonly hypotheses?: readonly string[];
  /** The final text ('' : no speech recognised, `NoMatch`). */
  readonly text: string;
  /** The language detected, when the client asked for detection. */
  readonly language?: string;
  /** Wait this long after the end of the phrase (its silence, or the end of the stream) before its final. */
  readonly finalDelayMs?: number;
}

/** 20 ms at 16 kHz, 16-bit: the fake's unit of "is this loud". */
const BLOCK_BYTES = 640;
/** Above this RMS a block is speech (Flite speaks at ~3000; a phone's silence is 0). */
const SPEECH_RMS = 300;

export interface RecordedTurn {
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** speech.config, speech.context... by path, parsed. */
  readonly messages: Record<string, unknown>;
  /** Audio bytes received after the RIFF header. */
  audioBytes: number;
  /** When the empty audio message (end of stream) arrived, performance clock. */
  endedAt?: number;
  /** When each phrase's final was sent, performance clock. */
  readonly phrasesAt: number[];
}

/** A turn being served: its record, the phrase in progress and what is still to be sent. */
interface LiveTurn {
  readonly record: RecordedTurn;
  readonly requestId: string;
  /** Bytes of the last partial block, until the next message completes it. */
  carry: Buffer;
  phrase: { script: ScriptedTurn; bytes: number; quietBytes: number; sentHypotheses: number } | undefined;
  /** Phrases answered so far; at the end, a turn that had none answers its script (NoMatch without). */
  phrases: number;
  /** The finals in flight (a scripted delay): the turn ends after them. */
  sending: Promise<void>;
}

export class FakeSpeechService {
  readonly turns: RecordedTurn[] = [];
  /** Answers for the next turns, in order; a turn with no script gets '' (NoMatch). */
  readonly script: ScriptedTurn[] = [];
  /** Bearer tokens accepted besides the one given at start (Entra ID tokens, renewed ones). */
  readonly acceptedTokens = new Set<string>();
  /** How long a quiet gap ends a phrase (the service's endpointing). */
  segmentationSilenceMs = 500;
  private server: SpeechSocketServer | undefined;

  private constructor(private readonly token: string | undefined) {}

  static async start(options: { token?: string } = {}): Promise<FakeSpeechService> {
    const fake = new FakeSpeechService(options.token);
    fake.server = await SpeechSocketServer.listen(
      (request) => fake.authorized(request),
      (socket, request) => fake.serve(socket, request),
    );
    return fake;
  }

  /** The endpoint to give the SDK. */
  get endpoint(): string {
    return `ws://127.0.0.1:${this.server?.port}/speech/recognition/conversation/cognitiveservices/v1`;
  }

  async close(): Promise<void> {
    await this.server?.close();
  }

  private authorized(request: IncomingMessage): boolean {
    const key = request.headers['ocp-apim-subscription-key'];
    const auth = request.headers.authorization;
    if (key === FAKE_STT_KEY) return true;
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    return bearer !== undefined && (bearer === this.token || this.acceptedTokens.has(bearer));
  }

  private serve(socket: WebSocket, request: IncomingMessage): void {
    let turn: LiveTurn | undefined;
    const newTurn = (requestId: string): LiveTurn => {
      const record: RecordedTurn = {
        url: request.url ?? '',
        headers: request.headers,
        messages: {},
        audioBytes: 0,
        phrasesAt: [],
      };
      this.turns.push(record);
      turn = {
        record,
        requestId,
        carry: Buffer.alloc(0),
        phrase: undefined,
        phrases: 0,
        sending: Promise.resolve(),
      };
      return turn;
    };
    socket.on('message', (data: RawData, isBinary: boolean) => {
      const message = readMessage(data, isBinary);
      const requestId = message.headers['x-requestid'] ?? '';
      if (!message.binary) {
        const current = turn?.requestId === requestId ? turn : newTurn(requestId);
        const { path = '?' } = message.headers;
        current.record.messages[path] = message.text ? (JSON.parse(message.text) as unknown) : null;
        return;
      }
      if (message.headers.path !== 'audio') return;
      const current = turn?.requestId === requestId ? turn : newTurn(requestId);
      let audio = message.audio;
      if (current.record.audioBytes === 0 && audio.subarray(0, 4).toString('latin1') === 'RIFF') {
        // The first audio message opens with the stream's WAV header.
        sendJson(socket, requestId, 'turn.start', { context: { serviceTag: 'fake' } });
        audio = audio.subarray(44);
      }
      if (audio.length === 0 && current.record.audioBytes > 0) return this.endTurn(socket, current);
      current.record.audioBytes += audio.length;
      this.listen(socket, current, audio);
    });
  }

  /** Cuts the audio into phrases, 20 ms at a time, and sends their hypotheses. */
  private listen(socket: WebSocket, current: LiveTurn, audio: Buffer): void {
    let bytes = Buffer.concat([current.carry, audio]);
    for (; bytes.length >= BLOCK_BYTES; bytes = bytes.subarray(BLOCK_BYTES)) {
      const loud = rms(bytes.subarray(0, BLOCK_BYTES)) > SPEECH_RMS;
      let phrase = current.phrase;
      if (!phrase) {
        if (!loud) continue;
        phrase = current.phrase = {
          script: this.script.shift() ?? { text: '' },
          bytes: 0,
          quietBytes: 0,
          sentHypotheses: 0,
        };
        sendJson(socket, current.requestId, 'speech.startDetected', { Offset: ticks(current.record) });
      }
      phrase.bytes += BLOCK_BYTES;
      phrase.quietBytes = loud ? 0 : phrase.quietBytes + BLOCK_BYTES;
      // A hypothesis per 300 ms of the phrase (16 kHz, 16-bit: 9600 bytes).
      const hypotheses = phrase.script.hypotheses ?? [];
      const due = Math.min(Math.floor(phrase.bytes / 9_600), hypotheses.length);
      for (; phrase.sentHypotheses < due; phrase.sentHypotheses++) {
        sendJson(socket, current.requestId, 'speech.hypothesis', {
          Text: hypotheses[phrase.sentHypotheses],
          Offset: 0,
          Duration: ticks(current.record),
        });
      }
      if (phrase.quietBytes >= this.segmentationSilenceMs * 32) this.endPhrase(socket, current);
    }
    current.carry = Buffer.from(bytes);
  }

  private endPhrase(socket: WebSocket, current: LiveTurn): void {
    const script = current.phrase?.script ?? this.script.shift() ?? { text: '' };
    current.phrase = undefined;
    current.phrases++;
    const { requestId, record } = current;
    const answer = () => {
      if (socket.readyState !== socket.OPEN) return;
      const language = script.language
        ? { PrimaryLanguage: { Language: script.language, Confidence: 'High' } }
        : {};
      record.phrasesAt.push(performance.now());
      sendJson(
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
    };
    const delay = script.finalDelayMs ?? 0;
    current.sending = current.sending.then(() =>
      delay > 0 ? new Promise<void>((resolve) => setTimeout(() => resolve(answer()), delay)) : answer(),
    );
  }

  private endTurn(socket: WebSocket, current: LiveTurn): void {
    current.record.endedAt = performance.now();
    if (current.phrase || current.phrases === 0) this.endPhrase(socket, current);
    void current.sending.then(() => {
      if (socket.readyState !== socket.OPEN) return;
      sendJson(socket, current.requestId, 'speech.endDetected', { Offset: ticks(current.record) });
      sendJson(socket, current.requestId, 'turn.end', {});
    });
  }
}

function rms(block: Buffer): number {
  let sum = 0;
  for (let offset = 0; offset + 1 < block.length; offset += 2) sum += block.readInt16LE(offset) ** 2;
  return Math.sqrt(sum / (block.length / 2));
}

/** 100 ns units, as the service counts offsets. */
function ticks(record: RecordedTurn): number {
  return Math.round((record.audioBytes / 32) * 10_000);
}
