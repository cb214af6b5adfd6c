import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';

/**
 * A scripted ACS real-time transcription stream, for tests of the serverless voice loop. ACS connects
 * to the `transcriptionOptions.transportUrl` it was given (here a Web PubSub client URL) as a plain
 * WebSocket (no subprotocol), sends one `TranscriptionMetadata` frame, then `TranscriptionData`
 * frames while the caller speaks: growing `Intermediate` hypotheses, then one `Final`.
 * Shapes as in tools/functions-host/fixtures/azure/media-transcription-*.sdkjs-test.json.
 */

const TICKS_PER_MS = 10_000; // offsets and durations are in 100-ns ticks

export interface TranscriptionWord {
  readonly text: string;
  readonly offset: number;
  readonly duration: number;
}

export interface TranscriptionDataFrame {
  readonly kind: 'TranscriptionData';
  readonly transcriptionData: {
    readonly text: string;
    readonly format: 'display';
    readonly confidence: number;
    readonly offset: number;
    readonly duration: number;
    readonly words: readonly TranscriptionWord[];
    readonly participantRawID: string;
    readonly resultStatus: 'Intermediate' | 'Final';
  };
}

export interface TranscriptionMetadataFrame {
  readonly kind: 'TranscriptionMetadata';
  readonly transcriptionMetadata: {
    readonly subscriptionId: string;
    readonly locale: string;
    readonly callConnectionId: string;
    readonly correlationId: string;
  };
}

export interface TranscriptionCallerOptions {
  /** The Web PubSub client URL the app gave ACS (`?access_token=` included). */
  readonly transportUrl: string;
  /** The caller's number, E.164 with `+` (the frames carry `4:<number>`). */
  readonly caller?: string;
  readonly locale?: string;
  readonly callConnectionId?: string;
  readonly correlationId?: string;
  /**
   * true (default): frames are spread over the speech's duration on the wall clock, as ACS emits them
   * while the person speaks; false: sent back to back (the ticks in the frames are the same).
   */
  readonly realTime?: boolean;
}

export interface SayOptions {
  /** Intermediate hypotheses before the final one (default: one per word, at most 5). */
  readonly intermediateSteps?: number;
  /** How long the speech lasts (default 300 ms per word). */
  readonly durationMs?: number;
}

export class TranscriptionCaller {
  /** Every frame sent, in order (metadata first). */
  readonly sent: (TranscriptionMetadataFrame | TranscriptionDataFrame)[] = [];
  /** Text frames the service sent to this client (REST sendToConnection / sendToUser). */
  readonly received: string[] = [];
  /** Settles when the socket closes, with its close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
  private clockTicks = 0;

  private constructor(
    private readonly socket: WebSocket,
    private readonly options: TranscriptionCallerOptions,
  ) {
    socket.on('message', (data, isBinary) => {
      if (!isBinary) this.received.push(String(data));
    });
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })),
    );
  }

  /** Connects and sends `TranscriptionMetadata`; rejects with the HTTP status when refused. */
  static async connect(options: TranscriptionCallerOptions): Promise<TranscriptionCaller> {
    const socket = new WebSocket(options.transportUrl);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_req, res) =>
        reject(new Error(`transcription transport refused with HTTP ${res.statusCode}`)),
      );
      socket.once('error', reject);
    });
    const caller = new TranscriptionCaller(socket, options);
    const connectionId = options.callConnectionId ?? randomUUID();
    await caller.send({
      kind: 'TranscriptionMetadata',
      transcriptionMetadata: {
        subscriptionId: randomUUID(),
        locale: options.locale ?? 'en-US',
        callConnectionId: connectionId,
        correlationId: options.correlationId ?? connectionId,
      },
    });
    return caller;
  }

  /** The caller says `text`: growing Intermediate frames, then the Final one with `text` as written. */
  async say(text: string, options: SayOptions = {}): Promise<void> {
    const words = spokenWords(text);
    const steps = options.intermediateSteps ?? Math.min(words.length, 5);
    const durationMs = options.durationMs ?? 300 * Math.max(words.length, 1);
    const start = this.clockTicks;
    for (let step = 1; step <= steps; step += 1) {
      const fraction = step / (steps + 1);
      const heard = words.slice(0, Math.max(1, Math.round(words.length * fraction)));
      await this.pace(durationMs / (steps + 1));
      await this.send(this.frame(heard.join(' '), heard, start, durationMs * fraction, 'Intermediate'));
    }
    await this.pace(durationMs / (steps + 1));
    await this.send(this.frame(text, words, start, durationMs, 'Final'));
    this.advance(durationMs);
  }

  /**
   * The caller talks over the bot for `durationMs` without finishing a sentence: Intermediate frames
   * only, one every `stepMs`, their duration growing to `durationMs`.
   */
  async interrupt(
    durationMs: number,
    text = 'wait wait sorry I have a question',
    stepMs = 100,
  ): Promise<void> {
    const words = spokenWords(text);
    const steps = Math.max(1, Math.round(durationMs / stepMs));
    const start = this.clockTicks;
    for (let step = 1; step <= steps; step += 1) {
      const fraction = step / steps;
      const heard = words.slice(0, Math.max(1, Math.round(words.length * fraction)));
      await this.pace(durationMs / steps);
      await this.send(this.frame(heard.join(' '), heard, start, durationMs * fraction, 'Intermediate'));
    }
    this.advance(durationMs);
  }

  /** Hangs up the transcription stream (ACS closes it when the call ends). */
  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000);
    await this.closed;
  }

  private frame(
    text: string,
    heard: readonly string[],
    startTicks: number,
    spokenMs: number,
    resultStatus: 'Intermediate' | 'Final',
  ): TranscriptionDataFrame {
    // Words share the utterance's time evenly; a hypothesis covers the time heard so far.
    const wordTicks = Math.round((spokenMs * TICKS_PER_MS) / Math.max(heard.length, 1));
    return {
      kind: 'TranscriptionData',
      transcriptionData: {
        text,
        format: 'display',
        confidence: resultStatus === 'Final' ? 0.92 : 0,
        offset: startTicks,
        duration: Math.round(spokenMs * TICKS_PER_MS),
        words: heard.map((word, i) => ({
          text: word,
          offset: startTicks + i * wordTicks,
          duration: wordTicks,
        })),
        participantRawID: `4:${this.options.caller ?? '+33612345678'}`,
        resultStatus,
      },
    };
  }

  private send(frame: TranscriptionMetadataFrame | TranscriptionDataFrame): Promise<void> {
    this.sent.push(frame);
    return new Promise((resolve, reject) =>
      this.socket.send(JSON.stringify(frame), (error) => (error ? reject(error) : resolve())),
    );
  }

  private pace(ms: number): Promise<void> {
    if (this.options.realTime === false || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Moves the stream's clock past an utterance and a short pause, as offsets count from the call's start. */
  private advance(durationMs: number): void {
    this.clockTicks += Math.round((durationMs + 500) * TICKS_PER_MS);
  }
}

/** What the recogniser's words look like: lower case, without punctuation ("Hello everyone." → hello, everyone). */
function spokenWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}']+$/gu, ''))
    .filter((word) => word.length > 0);
}
