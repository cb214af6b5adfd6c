import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A scripted OpenAI-compatible `/audio/transcriptions` server for tests: a real HTTP server on
 * 127.0.0.1 that the official `openai` client (`OpenAI` and `AzureOpenAI`) talks to. It parses the
 * multipart form as the service does, reads the uploaded WAV (format, duration, samples), records
 * every request, and answers `{"text": ...}` with the next scripted reply (FIFO, `enqueue`), or the one
 * `respondWith` picks; with neither, a 500 naming the request, so a test fails loudly.
 *
 * Routes:
 * - `POST {baseUrl}/audio/transcriptions` (`baseUrl` ends with `/v1`), bearer key in `authorization`;
 * - `POST {azureEndpoint}/openai/deployments/{deployment}/audio/transcriptions?api-version=...`, key in
 *   `api-key`.
 * Anything else is a 404. As the service answers: a request without a key, or with another key than
 * `apiKey` when one is set, is a 401 whose message quotes the key (as OpenAI's does); a form without
 * `file` or `model`, or a file that is not a WAV, is a 400.
 */

export interface TranscriptionReply {
  /** The transcript (default ''). */
  readonly text?: string;
  /** ms before answering. */
  readonly delayMs?: number;
  /** Answer with this status and an OpenAI-style error body instead. */
  readonly failWithStatus?: number;
  readonly errorMessage?: string;
  /** `retry-after-ms` header sent with `failWithStatus`, which the client honours. */
  readonly retryAfterMs?: number;
}

export interface UploadedWav {
  readonly sampleRate: number;
  readonly channels: number;
  readonly bitsPerSample: number;
  readonly durationMs: number;
  readonly samples: Int16Array;
}

export interface RecordedTranscription {
  /** The URL path, without the query. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly route: 'openai' | 'azure' | 'unknown';
  readonly deployment?: string;
  readonly apiVersion?: string;
  /** Lower-cased header names: `authorization` (OpenAI), `api-key` (Azure). */
  readonly headers: IncomingHttpHeaders;
  /** Form fields, `undefined` when absent. */
  readonly model?: string;
  readonly language?: string;
  readonly fileName?: string;
  readonly fileType?: string;
  /** The uploaded file read as a WAV; `undefined` when there is no file or it is not a WAV. */
  readonly wav?: UploadedWav;
  /** Set when the client closed the connection before the answer (abort, timeout). */
  readonly clientAborted: boolean;
}

export type TranscriptionHandler = (
  request: RecordedTranscription,
) => TranscriptionReply | Promise<TranscriptionReply>;

export interface FakeTranscriptionServer {
  /** For `new OpenAI({ baseURL })`; ends with `/v1`. */
  readonly baseUrl: string;
  /** For `new AzureOpenAI({ endpoint, apiVersion, deployment })`. */
  readonly azureEndpoint: string;
  enqueue(...replies: TranscriptionReply[]): void;
  /** Decides the reply when the queue is empty; `undefined` clears it. */
  respondWith(handler: TranscriptionHandler | undefined): void;
  /** Forgets queued replies and the handler (between tests); recorded requests are kept. */
  reset(): void;
  readonly requests: readonly RecordedTranscription[];
  close(): Promise<void>;
}

type MutableRecord = { -readonly [K in keyof RecordedTranscription]: RecordedTranscription[K] };

export async function startFakeTranscriptionServer(
  options: { readonly apiKey?: string } = {},
): Promise<FakeTranscriptionServer> {
  const queue: TranscriptionReply[] = [];
  let handler: TranscriptionHandler | undefined;
  const requests: MutableRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((request, response) => {
    void answer(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        sendError(response, 500, `fake transcription server failed: ${String(error)}`);
    });
  });

  async function answer(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const body = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://localhost');
    const azure = /^\/openai\/deployments\/([^/]+)\/audio\/transcriptions$/.exec(url.pathname);
    const route = url.pathname === '/v1/audio/transcriptions' ? 'openai' : azure ? 'azure' : 'unknown';
    const record: MutableRecord = {
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      route,
      ...(azure?.[1] ? { deployment: decodeURIComponent(azure[1]) } : {}),
      ...(url.searchParams.has('api-version')
        ? { apiVersion: url.searchParams.get('api-version') ?? '' }
        : {}),
      headers: request.headers,
      clientAborted: false,
    };
    requests.push(record);
    response.on('close', () => {
      if (!response.writableFinished) record.clientAborted = true;
    });

    if (request.method !== 'POST' || route === 'unknown')
      return sendError(response, 404, 'Resource not found');
    const key = route === 'azure' ? request.headers['api-key'] : bearerOf(request.headers.authorization);
    if (!key || (options.apiKey !== undefined && key !== options.apiKey)) {
      return sendError(
        response,
        401,
        `Incorrect API key provided: ${String(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        'invalid_api_key',
      );
    }

    let form: FormData;
    try {
      form = await new Response(body, {
        headers: { 'content-type': request.headers['content-type'] ?? '' },
      }).formData();
    } catch {
      return sendError(response, 400, 'Could not parse multipart form');
    }
    const model = form.get('model');
    const language = form.get('language');
    const file = form.get('file');
    if (typeof model === 'string') record.model = model;
    if (typeof language === 'string') record.language = language;
    if (!(file instanceof File)) return sendError(response, 400, "you must provide a 'file' field");
    record.fileName = file.name;
    record.fileType = file.type;
    record.wav = readWav(Buffer.from(await file.arrayBuffer()));
    if (record.model === undefined) return sendError(response, 400, 'you must provide a model parameter');
    if (!record.wav) {
      return sendError(response, 400, "Invalid file format. Supported formats: ['flac', 'mp3', 'wav', ...]");
    }

    const reply = queue.shift() ?? (await handler?.(record));
    if (!reply) {
      return sendError(response, 500, `no scripted reply for ${url.pathname} (model ${record.model ?? '?'})`);
    }
    if (reply.delayMs) await sleep(reply.delayMs);
    if (response.destroyed) return;
    if (reply.failWithStatus) {
      if (reply.retryAfterMs !== undefined) response.setHeader('retry-after-ms', String(reply.retryAfterMs));
      return sendError(
        response,
        reply.failWithStatus,
        reply.errorMessage ?? `scripted failure ${reply.failWithStatus}`,
      );
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ text: reply.text ?? '' }));
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}/v1`,
    azureEndpoint: origin,
    enqueue: (...replies) => queue.push(...replies),
    respondWith: (next) => {
      handler = next;
    },
    reset: () => {
      queue.length = 0;
      handler = undefined;
    },
    requests,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Reads a RIFF/WAVE file of 16-bit PCM: its format chunk and its samples; undefined if it is not one. */
function readWav(file: Buffer): UploadedWav | undefined {
  if (
    file.length < 12 ||
    file.toString('ascii', 0, 4) !== 'RIFF' ||
    file.toString('ascii', 8, 12) !== 'WAVE'
  ) {
    return undefined;
  }
  let format:
    { audioFormat: number; channels: number; sampleRate: number; bitsPerSample: number } | undefined;
  let offset = 12;
  while (offset + 8 <= file.length) {
    const id = file.toString('ascii', offset, offset + 4);
    const size = file.readUInt32LE(offset + 4);
    const start = offset + 8;
    if (id === 'fmt ' && size >= 16) {
      format = {
        audioFormat: file.readUInt16LE(start),
        channels: file.readUInt16LE(start + 2),
        sampleRate: file.readUInt32LE(start + 4),
        bitsPerSample: file.readUInt16LE(start + 14),
      };
    } else if (id === 'data') {
      if (!format || format.audioFormat !== 1 || format.bitsPerSample !== 16) return undefined;
      const data = file.subarray(start, Math.min(file.length, start + size));
      const samples = new Int16Array(data.length >> 1);
      for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(i * 2);
      return {
        sampleRate: format.sampleRate,
        channels: format.channels,
        bitsPerSample: format.bitsPerSample,
        durationMs: (samples.length / format.channels / format.sampleRate) * 1000,
        samples,
      };
    }
    offset = start + size + (size % 2); // chunks are padded to an even length
  }
  return undefined;
}

function bearerOf(authorization: string | undefined): string | undefined {
  return authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;
}

function sendError(response: http.ServerResponse, status: number, message: string, code?: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code: code ?? null } }),
  );
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
