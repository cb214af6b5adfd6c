import type { RawData, WebSocket } from 'ws';
import { readMessage, sendBinary, sendJson, SpeechSocketServer } from './speech-websocket';

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
  private server: SpeechSocketServer | undefined;

  private constructor(readonly key: string) {}

  static async start(key: string): Promise<FakeSpeechSynthesis> {
    const fake = new FakeSpeechSynthesis(key);
    fake.server = await SpeechSocketServer.listen(
      (request) => request.headers['ocp-apim-subscription-key'] === key,
      (socket) => fake.serve(socket),
    );
    return fake;
  }

  get endpoint(): string {
    // Not the service's own path: for that one the SDK first asks https://HOST:443 for a redirect, on every
    // new connection, which a loopback fake cannot answer (against Azure it is one more round trip, cold).
    return `ws://127.0.0.1:${this.server?.port}/fake/tts/websocket/v1`;
  }

  async close(): Promise<void> {
    await this.server?.close();
  }

  private serve(socket: WebSocket): void {
    socket.on('message', (data: RawData, isBinary: boolean) => {
      const message = readMessage(data, isBinary);
      if (message.binary || message.headers.path !== 'ssml') return;
      void this.answer(socket, message.headers['x-requestid'] ?? '', message.text);
    });
  }

  private async answer(socket: WebSocket, requestId: string, ssml: string): Promise<void> {
    const streamId = `stream-${requestId}`;
    sendJson(socket, requestId, 'turn.start', { context: { serviceTag: 'fake' } });
    sendJson(socket, requestId, 'response', {
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
      const headers = { 'X-RequestId': requestId, 'X-StreamId': streamId, Path: 'audio' };
      sendBinary(socket, headers, bytes.subarray(offset, offset + size));
    }
    sendJson(socket, requestId, 'turn.end', {});
  }
}
