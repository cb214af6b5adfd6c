import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Azure Speech text-to-speech REST endpoint (`POST /cognitiveservices/v1`) on a local port. Like
 * the service, it checks the credentials and headers, refuses SSML that is not well-formed XML (400), and
 * streams raw PCM16 16 kHz mono back in several chunks, a little apart, as the service does while it
 * synthesizes. Its "speech" is a tone lasting `SECONDS_PER_WORD` a word, divided by the prosody rate.
 */

export const FAKE_SPEECH_KEY = 'fake-speech-key';
export const SECONDS_PER_WORD = 0.35;

export interface RecordedSpeechRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly ssml: string;
  /** `speak`'s xml:lang. */
  readonly lang: string | undefined;
  readonly voice: string | undefined;
  /** `mstts:express-as`'s style, when there is one. */
  readonly style: string | undefined;
  /** `prosody`'s rate ("+10%"), when there is one. */
  readonly rate: string | undefined;
  /** The text to speak, entities decoded. */
  readonly text: string;
}

/**
 * How to answer a request instead of with audio: an HTTP error, no answer at all ('hang'), the first chunk
 * then nothing ('stall'), or the first chunk then a closed connection ('drop').
 */
export type SpeechFailure = { readonly status: number; readonly body?: string } | 'hang' | 'stall' | 'drop';

export interface FakeAzureSpeechOptions {
  /** The bearer token to accept instead of the key. */
  readonly token?: string;
}

export class FakeAzureSpeech {
  readonly requests: RecordedSpeechRequest[] = [];
  /** The audio sent in each successful answer, in order. */
  readonly sent: Int16Array[] = [];
  /** How the next requests fail, one entry each, before requests are answered normally again. */
  readonly failures: SpeechFailure[] = [];
  chunks = 5;
  chunkDelayMs = 15;
  /** Answers hold their last chunk until `releaseLastChunk()`. */
  holdLastChunk = false;
  /** Answers sent in full. */
  completed = 0;
  /** Answers the client stopped reading before their end. */
  disconnected = 0;
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;
  private readonly open = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    private readonly options: FakeAzureSpeechOptions,
  ) {}

  static async start(options: FakeAzureSpeechOptions = {}): Promise<FakeAzureSpeech> {
    const server = createServer();
    const fake = new FakeAzureSpeech(server, options);
    server.on('request', (request, response) => void fake.answer(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/cognitiveservices/v1`;
  }

  /** Lets the answers waiting on their last chunk (`holdLastChunk`) finish. */
  releaseLastChunk(): void {
    this.holdLastChunk = false;
    this.openGate?.();
    this.gate = undefined;
  }

  async close(): Promise<void> {
    this.releaseLastChunk();
    for (const response of this.open) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const refusal = this.refusal(request, body);
    if (refusal) {
      response.writeHead(refusal.status, { 'content-type': 'text/plain' }).end(refusal.message);
      return;
    }
    const ssml = parseSsml(body);
    if (typeof ssml === 'string') {
      response.writeHead(400, { 'content-type': 'text/plain' }).end(ssml);
      return;
    }
    this.requests.push({ headers: flatHeaders(request), ssml: body, ...ssml });
    const failure = this.failures.shift();
    if (typeof failure === 'object') {
      response.writeHead(failure.status, { 'content-type': 'text/plain' }).end(failure.body ?? '');
      return;
    }
    const audio = tone(ssml.text, ssml.rate);
    const bytes = Buffer.from(audio.buffer, audio.byteOffset, audio.byteLength);
    this.open.add(response);
    response.on('close', () => {
      this.open.delete(response);
      if (!response.writableFinished) this.disconnected++;
    });
    if (failure === 'hang') return;
    response.writeHead(200, { 'content-type': 'audio/x-wav' });
    const parts = splitAtOddOffsets(bytes, this.chunks);
    for (const [index, part] of parts.entries()) {
      if (response.destroyed) return;
      if (index === parts.length - 1 && this.holdLastChunk) await this.lastChunkGate();
      if (index > 0) await delay(this.chunkDelayMs);
      if (response.destroyed) return;
      await new Promise((resolve) => response.write(part, resolve));
      if (failure === 'stall') return;
      if (failure === 'drop') {
        await delay(this.chunkDelayMs); // the client has the first chunk: the connection breaks after it
        response.socket?.destroy();
        return;
      }
    }
    this.sent.push(audio);
    response.end(() => this.completed++);
  }

  private refusal(request: IncomingMessage, body: string): { status: number; message: string } | undefined {
    if (request.method !== 'POST' || request.url !== '/cognitiveservices/v1') {
      return { status: 404, message: 'Not found' };
    }
    const authorized = this.options.token
      ? request.headers.authorization === `Bearer ${this.options.token}`
      : request.headers['ocp-apim-subscription-key'] === FAKE_SPEECH_KEY;
    if (!authorized) {
      return { status: 401, message: 'Access denied due to invalid subscription key or wrong API endpoint.' };
    }
    if (request.headers['content-type'] !== 'application/ssml+xml') {
      return { status: 415, message: `Unsupported content type ${request.headers['content-type']}` };
    }
    if (request.headers['x-microsoft-outputformat'] !== 'raw-16khz-16bit-mono-pcm') {
      return { status: 400, message: 'Unsupported output format' };
    }
    if (!request.headers['user-agent']) return { status: 400, message: 'User-Agent is required' };
    if (!body) return { status: 400, message: 'The SSML is empty' };
    return undefined;
  }

  private lastChunkGate(): Promise<void> {
    this.gate ??= new Promise<void>((resolve) => (this.openGate = resolve));
    return this.gate;
  }
}

/** What a request's SSML says, or why it is refused (not well-formed XML, an element Azure does not know). */
function parseSsml(xml: string): Omit<RecordedSpeechRequest, 'headers' | 'ssml'> | string {
  const token =
    /<\/([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*"[^"<]*")*)\s*(\/?)>|<\?xml[^>]*\?>|([^<]+)/y;
  const known = ['speak', 'voice', 'prosody', 'mstts:express-as'];
  const open: string[] = [];
  const found: { lang?: string; voice?: string; style?: string; rate?: string } = {};
  let text = '';
  while (token.lastIndex < xml.length) {
    const at = token.lastIndex;
    const match = token.exec(xml);
    if (!match) return `The SSML is not well-formed XML at character ${at}`;
    const [, closing, opening, attributeText = '', selfClosing, content] = match;
    if (closing !== undefined) {
      if (open.pop() !== closing) return `The SSML is not well-formed XML: unexpected </${closing}>`;
    } else if (opening !== undefined) {
      if (!known.includes(opening)) return `Unsupported SSML element <${opening}>`;
      const attributes = Object.fromEntries(
        [...attributeText.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)].map(([, name, value]) => [
          name,
          decodeEntities(value!),
        ]),
      );
      if (opening === 'speak') found.lang = attributes['xml:lang'];
      if (opening === 'voice') found.voice = attributes.name;
      if (opening === 'mstts:express-as') found.style = attributes.style;
      if (opening === 'prosody') found.rate = attributes.rate;
      if (!selfClosing) open.push(opening);
    } else if (content !== undefined) {
      if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[\da-f]+);)/i.test(content)) {
        return 'The SSML is not well-formed XML: a bare "&"';
      }
      if (open.length === 0 && content.trim()) return 'The SSML has text outside <speak>';
      text += decodeEntities(content);
    }
  }
  if (open.length > 0) return `The SSML is not well-formed XML: <${open.at(-1)}> is not closed`;
  if (!found.voice) return 'The SSML names no voice';
  return { lang: found.lang, voice: found.voice, style: found.style, rate: found.rate, text };
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[\da-f]+|#\d+|\w+);/gi, (_, entity: string) =>
    entity.startsWith('#x')
      ? String.fromCodePoint(parseInt(entity.slice(2), 16))
      : entity.startsWith('#')
        ? String.fromCodePoint(Number(entity.slice(1)))
        : (named[entity] ?? `&${entity};`),
  );
}

/** A 220 Hz tone, `SECONDS_PER_WORD` a word at the prosody rate ("+25%" is 1.25 times as fast). */
function tone(text: string, rate: string | undefined): Int16Array {
  const words = text.split(/\s+/).filter(Boolean).length;
  const speed = 1 + Number(/^([+-]\d+)%$/.exec(rate ?? '')?.[1] ?? 0) / 100;
  const samples = new Int16Array(Math.round((words * SECONDS_PER_WORD * 16_000) / speed));
  for (let index = 0; index < samples.length; index++) {
    samples[index] = Math.round(6_000 * Math.sin((2 * Math.PI * 220 * index) / 16_000));
  }
  return samples;
}

/** `count` parts, cut at odd byte offsets: a chunk may end in the middle of a sample, as on a real network. */
function splitAtOddOffsets(bytes: Buffer, count: number): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let index = 1; index < count; index++) {
    const end = Math.min(bytes.length, Math.floor((bytes.length * index) / count) | 1);
    if (end > start) parts.push(bytes.subarray(start, end));
    start = Math.max(start, end);
  }
  parts.push(bytes.subarray(start));
  return parts;
}

function flatHeaders(request: IncomingMessage): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : value,
    ]),
  );
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
