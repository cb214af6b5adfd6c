import type { Config, Features } from '../shared/config';
import type { TurnEvent, TurnInput } from '../shared/conversation/engine';
import type { Language } from '../shared/domain/initiate';
import type { AnswerTiming, VoiceObserver } from '../shared/voice/voice-session';
import type { LatenessStats } from '../shared/voice/pacer';
import type { TurnTimings } from '../shared/telemetry/call-trace';

export type TranscriptLine = Parameters<NonNullable<VoiceObserver['transcript']>>[0];

/**
 * The messages between the host's main process and its media processes (media-workers.ts,
 * media-worker.ts), over Node's IPC channel. A media process runs each of its calls' voice loop (the
 * WebSocket, decoding, VAD, turn detection, speech, pacing); the main process keeps each call's
 * conversation (model, tools, store) and answers the loop's requests for it. Ids are per call.
 */

/** What the media process needs of the call to run its voice loop. */
export interface CallLine {
  readonly language: string;
  readonly languages: readonly string[];
  readonly availables: readonly Language[];
  readonly rate: number;
  readonly features: Features;
}

/** A thrown error, as far as the other side needs it: the record-full case is handled apart. */
export interface WireError {
  readonly message: string;
  /** Set when it was a CallTooLargeError (the call's record is full). */
  readonly tooLargeBytes?: number;
}

/** The only turn events a voice loop acts on. */
export type SpokenEvent = Extract<TurnEvent, { type: 'sentence' | 'filler' | 'action' }>;

export type ToWorker =
  /** First message: the configuration (speech providers, log level). Not in argv: it holds keys. */
  | { readonly type: 'init'; readonly config: Config; readonly speechModule?: SpeechModule }
  /** With the socket as the handle: the upgrade request to accept, and the call it carries. */
  | {
      readonly type: 'open';
      readonly callId: string;
      readonly request: UpgradeRequest;
      readonly call: CallLine;
    }
  | { readonly type: 'text'; readonly callId: string; readonly text: string }
  | { readonly type: 'close'; readonly callId: string }
  | {
      readonly type: 'reply';
      readonly callId: string;
      readonly id: number;
      readonly value?: unknown;
      /** After a greeting or a turn: whether the language menu waits for a key (`takeOneKey`). */
      readonly menuOpen?: boolean;
      /** After a turn: the model's and tools' timings, for the turn's span and debug line there. */
      readonly timings?: TurnTimings;
    }
  | { readonly type: 'reply_error'; readonly callId: string; readonly id: number; readonly error: WireError }
  | { readonly type: 'event'; readonly callId: string; readonly id: number; readonly event: SpokenEvent }
  | { readonly type: 'until_played'; readonly callId: string; readonly id: number }
  /** Benchmarks: lateness of these calls, CPU time and memory (after a full GC when `gc` and --expose-gc). */
  | {
      readonly type: 'stats';
      readonly id: number;
      readonly callIds: readonly string[];
      readonly gc?: boolean;
    };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'opened'; readonly callId: string }
  | { readonly type: 'failed'; readonly callId: string; readonly error: string }
  /** The call's media stream ended (either side closed it). */
  | { readonly type: 'closed'; readonly callId: string }
  | { readonly type: 'flood'; readonly callId: string }
  | {
      readonly type: 'call';
      readonly callId: string;
      readonly id: number;
      readonly method: 'greet' | 'phrase' | 'endCall' | 'expectedAnswer';
      readonly kind?: 'silence' | 'goodbye' | 'filler';
    }
  | { readonly type: 'respond'; readonly callId: string; readonly id: number; readonly input: TurnInput }
  /** The caller interrupted: the turn stops; `spoken` sentences of it were heard. */
  | { readonly type: 'abort'; readonly callId: string; readonly id: number; readonly spoken: number }
  | { readonly type: 'played'; readonly callId: string; readonly id: number; readonly spoken: number }
  | {
      readonly type: 'observe';
      readonly callId: string;
      readonly transcript?: TranscriptLine;
      readonly answered?: AnswerTiming;
      readonly bargedIn?: number;
    }
  | {
      readonly type: 'stats';
      readonly id: number;
      readonly calls: readonly (LatenessStats | null)[];
      readonly sessions: number;
      readonly rss: number;
      /** process.cpuUsage(), µs since the process started. */
      readonly cpu: { readonly user: number; readonly system: number };
      /** Frames the speech module's TTS made (benchmarks' fakes; 0 otherwise). */
      readonly framesProduced: number;
    };

/** What ws needs of the HTTP upgrade request; the rest of it stays in the main process. */
export interface UpgradeRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  /** The bytes read past the request, base64 (normally none: the client waits for the 101). */
  readonly head: string;
}

/**
 * Benchmarks' seam: a module the media process loads for its speech providers instead of the
 * configured ones (the fixed-latency fakes), with the argument it is called with.
 */
export interface SpeechModule {
  readonly path: string;
  readonly argument: unknown;
}
