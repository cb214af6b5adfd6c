import { z } from 'zod';
import { readAudioDataText } from './acs-audio-data';

/**
 * The wire format of ACS bidirectional media streaming: the JSON text messages exchanged over the
 * call's media WebSocket. One module for both directions and both sides: our server decodes what ACS
 * sends and encodes what ACS plays; our softphone, the tests and the load generator do the opposite.
 *
 * Inbound kinds and field names match what `StreamingData.parse` of @azure/communication-call-automation
 * 1.6.0 reads (dist/commonjs/streamingData.js: AudioMetadata, AudioData, DtmfData, TranscriptionMetadata,
 * TranscriptionData, with `participantRawID` and `resultStatus`) and the examples of the audio streaming
 * and real-time transcription quickstarts on learn.microsoft.com (`audioMetadata.length`, which the SDK
 * drops, comes from those). ACS speaks camelCase and we match kinds exactly.
 *
 * Outbound is `{"kind":"AudioData","audioData":{"data":...}}` and `{"kind":"StopAudio","stopAudio":{}}`,
 * as microsoft/call-center-ai sends. The SDK's helper (`createOutboundAudioData`) writes
 * `"kind":"audioData"` and Microsoft's C# samples `"Kind":"AudioData"`, so the service evidently reads
 * names without regard to case; not verified against the service itself.
 *
 * Audio is 16-bit signed little-endian mono PCM, base64 in `data`. The hot path is 50 audio messages a
 * second each way for every call. Compact AudioData is read straight from the text, without JSON.parse
 * (acs-audio-data.ts: decode 1.8 → 0.6 µs, bench/README.md "Per-frame cost"); every other kind, and
 * any AudioData that reader declines, goes through JSON.parse and zod, which word the error. Encoding is a template string, 0.5 µs: JSON.stringify of an object per frame costs 3.5 µs
 * more, as it scans the base64 for characters to escape.
 */

/** Longer messages are refused before parsing: a 20 ms frame at 24 kHz is under 1.5 KiB of JSON. */
export const MAX_MEDIA_MESSAGE_CHARS = 64 * 1024;

/**
 * The formats ACS streams (`Pcm16KMono`, `Pcm24KMono`), and 8 kHz for narrowband clients (a SIP or
 * telephony gateway speaking the same format): all resampled to the voice loop's 16 kHz.
 */
export type MediaSampleRate = 8000 | 16000 | 24000;

export type MediaMessage =
  /** First message of an audio stream: the format of what follows. */
  | {
      readonly kind: 'metadata';
      readonly subscriptionId: string;
      readonly encoding: 'PCM';
      readonly sampleRate: MediaSampleRate;
      readonly channels: 1;
      /** Bytes per audio message (640: 20 ms at 16 kHz), derived from the rate when ACS leaves it out. */
      readonly frameBytes: number;
    }
  | {
      readonly kind: 'audio';
      /** PCM16LE, an even number of bytes (possibly none). */
      readonly pcm: Buffer;
      /** ISO 8601, when ACS received or sourced the audio. */
      readonly timestamp: string | undefined;
      /** Who is speaking (`4:+14255550123`), on unmixed streams; absent on a mixed stream. */
      readonly participant: string | undefined;
      /** ACS detected only silence in this frame. */
      readonly silent: boolean;
    }
  | { readonly kind: 'dtmf'; readonly digit: string }
  | {
      readonly kind: 'transcription';
      readonly text: string;
      readonly final: boolean;
      readonly confidence?: number;
      readonly participant?: string;
      /** Where the utterance starts and how long it lasts so far, in ms (ACS sends 100-ns ticks). */
      readonly offsetMs?: number;
      readonly durationMs?: number;
    }
  /** A well-formed message of a kind we do not use (TranscriptionMetadata, a kind added later): not an error. */
  | { readonly kind: 'ignored'; readonly reason: string };

/** What the softphone side reads: the messages our server sends. */
export type PlaybackMessage = { readonly kind: 'audio'; readonly pcm: Buffer } | { readonly kind: 'stop' };

export type Decoded<T> =
  { readonly ok: true; readonly message: T } | { readonly ok: false; readonly error: string };

/**
 * Reads one message from ACS. Never throws: a message that is too long, not JSON, of an unexpected
 * shape, or with audio that is not base64 PCM16 is refused with an error naming the field.
 */
export function decodeMediaMessage(data: string | Uint8Array): Decoded<MediaMessage> {
  // 50 a second per call: compact AudioData is read from the text by hand (acs-audio-data.ts), without
  // JSON.parse and zod. What that reader declines, and any audio it finds invalid, takes the general
  // path, which decides it and words the error.
  if (typeof data === 'string' && data.length <= MAX_MEDIA_MESSAGE_CHARS) {
    const audio = readAudioDataText(data);
    if (audio) {
      const decoded = readAudioData(audio);
      if (decoded.ok) return decoded;
    }
  }
  return decodeMediaMessageWithSchemas(data);
}

/**
 * The general path, JSON.parse and a zod schema for every kind: the reference the AudioData fast path
 * is tested against (the same result for every input, on a large fuzzed set:
 * test/voice/acs-media-fast.test.ts).
 */
export function decodeMediaMessageWithSchemas(data: string | Uint8Array): Decoded<MediaMessage> {
  const envelope = parseEnvelope(data);
  if (!envelope.ok) return envelope;
  const { kind, body } = envelope.message;
  switch (kind) {
    case 'AudioData':
      return decodeWithSchema(body, 'audioData', audioDataSchema, readAudioData);
    case 'AudioMetadata':
      return decodeWithSchema(body, 'audioMetadata', audioMetadataSchema, (metadata) =>
        accept({
          kind: 'metadata',
          subscriptionId: metadata.subscriptionId,
          encoding: 'PCM',
          sampleRate: metadata.sampleRate,
          channels: 1,
          frameBytes: metadata.length ?? (metadata.sampleRate / 1000) * FRAME_MS * 2,
        }),
      );
    case 'DtmfData':
      return decodeWithSchema(body, 'dtmfData', dtmfDataSchema, (dtmf) =>
        accept({ kind: 'dtmf', digit: dtmf.data.toUpperCase() }),
      );
    case 'TranscriptionData':
      return decodeWithSchema(body, 'transcriptionData', transcriptionDataSchema, (transcription) =>
        accept({
          kind: 'transcription',
          text: transcription.text,
          // The SDK documents `final` / `intermediate`; the service sends `Final` / `Intermediate`.
          final: transcription.resultStatus.toLowerCase() === 'final',
          ...(transcription.confidence != null ? { confidence: transcription.confidence } : {}),
          ...(transcription.participantRawID != null ? { participant: transcription.participantRawID } : {}),
          ...(transcription.offset != null ? { offsetMs: transcription.offset / TICKS_PER_MS } : {}),
          ...(transcription.duration != null ? { durationMs: transcription.duration / TICKS_PER_MS } : {}),
        }),
      );
    case 'TranscriptionMetadata':
      return accept({ kind: 'ignored', reason: 'TranscriptionMetadata is not used' });
    default:
      // ACS adds kinds over time (previews of AI features): a call must not fail on one.
      return accept({ kind: 'ignored', reason: `unknown kind ${JSON.stringify(kind)}` });
  }
}

/** The audio message from AudioData's fields, or why its `data` is not PCM16. */
function readAudioData(audio: {
  readonly data: string;
  readonly timestamp?: string | null | undefined;
  readonly participantRawID?: string | null | undefined;
  readonly silent?: boolean | null | undefined;
}): Decoded<MediaMessage> {
  const pcm = pcmFromBase64(audio.data, 'audioData.data');
  if (typeof pcm === 'string') return refuse(pcm);
  return accept({
    kind: 'audio',
    pcm,
    timestamp: audio.timestamp ?? undefined,
    participant: audio.participantRawID ?? undefined,
    silent: audio.silent === true,
  });
}

/** Reads one message our server sent (the softphone's side). */
export function decodePlaybackMessage(data: string | Uint8Array): Decoded<PlaybackMessage> {
  const envelope = parseEnvelope(data);
  if (!envelope.ok) return envelope;
  const { kind, body } = envelope.message;
  if (kind === 'StopAudio') return accept({ kind: 'stop' });
  if (kind !== 'AudioData') return refuse(`kind ${JSON.stringify(kind)} is not AudioData or StopAudio`);
  return decodeWithSchema(body, 'audioData', playbackAudioSchema, (audio) => {
    const pcm = pcmFromBase64(audio.data, 'audioData.data');
    return typeof pcm === 'string' ? refuse(pcm) : accept({ kind: 'audio', pcm });
  });
}

/** Audio for ACS to play into the call. Runs 50 times a second per call: a template, no JSON.stringify. */
export function encodeAudio(pcm: Uint8Array | Int16Array): string {
  return `{"kind":"AudioData","audioData":{"data":"${base64Of(pcm)}"}}`;
}

const STOP_AUDIO = '{"kind":"StopAudio","stopAudio":{}}';

/** Drop the audio ACS has queued for playing (barge-in). */
export function encodeStopAudio(): string {
  return STOP_AUDIO;
}

/** What ACS sends first on a media WebSocket (softphone side). */
export function encodeMetadata(options: {
  readonly subscriptionId: string;
  readonly sampleRate?: MediaSampleRate;
  readonly frameBytes?: number;
}): string {
  const sampleRate = options.sampleRate ?? 16000;
  return JSON.stringify({
    kind: 'AudioMetadata',
    audioMetadata: {
      subscriptionId: options.subscriptionId,
      encoding: 'PCM',
      sampleRate,
      channels: 1,
      length: options.frameBytes ?? (sampleRate / 1000) * FRAME_MS * 2,
    },
  });
}

/** Caller audio as ACS sends it (softphone side, load generator): a template, as on our hot path. */
export function encodeInboundAudio(
  pcm: Uint8Array | Int16Array,
  options: {
    readonly timestamp?: Date | string;
    readonly participant?: string;
    readonly silent?: boolean;
  } = {},
): string {
  const timestamp = options.timestamp ?? new Date();
  const iso = typeof timestamp === 'string' ? timestamp : timestamp.toISOString();
  // Raw IDs are "4:+1425..." or "8:acs:...": stringify anyway rather than trust them not to need escaping.
  const participant =
    options.participant === undefined ? '' : `"participantRawID":${JSON.stringify(options.participant)},`;
  return `{"kind":"AudioData","audioData":{"timestamp":${JSON.stringify(iso)},${participant}"data":"${base64Of(pcm)}","silent":${options.silent === true}}}`;
}

/** A caller's words as ACS's real-time transcription sends them (softphone side, tests). */
export function encodeTranscription(text: string, final = true): string {
  return JSON.stringify({
    kind: 'TranscriptionData',
    transcriptionData: { text, format: 'display', resultStatus: final ? 'Final' : 'Intermediate' },
  });
}

/** A key pressed on the phone, as ACS sends it (softphone side). */
export function encodeDtmf(digit: string): string {
  if (!DTMF_TONE.test(digit)) throw new RangeError(`not a DTMF tone: ${JSON.stringify(digit)}`);
  return JSON.stringify({ kind: 'DtmfData', dtmfData: { data: digit } });
}

const FRAME_MS = 20;
const DTMF_TONE = /^[0-9A-D*#]$/i;

/** ACS's serializers may write null for an absent field: optional fields are nullish. */
const audioDataSchema = z.object({
  data: z.string(),
  timestamp: z.string().nullish(),
  participantRawID: z.string().nullish(),
  silent: z.boolean().nullish(),
});

const playbackAudioSchema = z.object({ data: z.string() });

const audioMetadataSchema = z.object({
  subscriptionId: z.string(),
  // "PCM" in the service's messages, "pcm" in the SDK's documentation.
  encoding: z.string().refine((encoding) => encoding.toUpperCase() === 'PCM', {
    error: 'must be PCM, the only encoding ACS streams',
  }),
  sampleRate: z.union([z.literal(8000), z.literal(16000), z.literal(24000)], {
    error: 'must be 8000, 16000 or 24000',
  }),
  channels: z.literal(1, { error: 'must be 1 (mono)' }),
  length: z.number().int().positive().nullish(),
});

const dtmfDataSchema = z.object({
  data: z.string().regex(DTMF_TONE, { error: 'must be one DTMF tone: 0-9, A-D, * or #' }),
});

/** Offsets, durations and words are not read, so not checked: ACS's offsets exceed 2^53 anyway. */
const transcriptionDataSchema = z.object({
  // Bounded by MAX_MEDIA_MESSAGE_CHARS here; the voice session refuses a turn over MAX_TURN_CHARS and
  // tells the caller, as for typed input.
  text: z.string(),
  resultStatus: z.string(),
  confidence: z.number().min(0).max(1).nullish(),
  participantRawID: z.string().nullish(),
  offset: z.number().min(0).nullish(),
  duration: z.number().min(0).nullish(),
});

/** ACS times transcriptions in 100-nanosecond ticks. */
const TICKS_PER_MS = 10_000;

interface Envelope {
  readonly kind: string;
  readonly body: Readonly<Record<string, unknown>>;
}

function parseEnvelope(data: string | Uint8Array): Decoded<Envelope> {
  const [length, unit] = typeof data === 'string' ? [data.length, 'characters'] : [data.byteLength, 'bytes'];
  if (length > MAX_MEDIA_MESSAGE_CHARS) {
    return refuse(`message of ${length} ${unit} is over the ${MAX_MEDIA_MESSAGE_CHARS} limit`);
  }
  let body: unknown;
  try {
    body = JSON.parse(typeof data === 'string' ? data : textOf(data));
  } catch (error) {
    return refuse(`malformed JSON: ${(error as Error).message}`);
  }
  if (!isRecord(body)) return refuse('message must be a JSON object');
  if (typeof body.kind !== 'string')
    return refuse(`kind ${body.kind === undefined ? 'is required' : 'must be a string'}`);
  return accept({ kind: body.kind, body });
}

/** The PCM in a base64 field, or why it is not PCM16. */
function pcmFromBase64(data: string, field: string): Buffer | string {
  // Node skips characters that are not base64 rather than failing: compare with the length it should decode to.
  const pcm = Buffer.from(data, 'base64');
  if (pcm.length !== base64DecodedLength(data)) return `${field} is not base64`;
  if (pcm.length % 2 !== 0) return `${field} has ${pcm.length} bytes: not whole 16-bit samples`;
  return pcm;
}

function base64DecodedLength(text: string): number {
  let end = text.length;
  if (end > 0 && text.charCodeAt(end - 1) === EQUALS) end--;
  if (end > 0 && text.charCodeAt(end - 1) === EQUALS) end--;
  // A single character past a 4-character group cannot encode a byte: not base64.
  return end % 4 === 1 ? -1 : Math.floor((end * 3) / 4);
}

const EQUALS = 61;

function decodeWithSchema<S extends z.ZodType, T>(
  body: Readonly<Record<string, unknown>>,
  field: string,
  schema: S,
  read: (value: z.infer<S>) => Decoded<T>,
): Decoded<T> {
  const parsed = schema.safeParse(body[field]);
  if (parsed.success) return read(parsed.data);
  // Again, keeping the offending value in the issue to tell "is required" from "must be a string":
  // `reportInput` would cost 1.5 µs on every message, failures are rare.
  const failed = schema.safeParse(body[field], { reportInput: true });
  if (failed.success) return read(failed.data);
  const issue = failed.error.issues[0];
  const path = [field, ...(issue?.path ?? []).map(String)].join('.');
  return refuse(`${path} ${issue ? problemOf(issue) : 'is invalid'}`);
}

/** Reads after the field's path: "audioMetadata.sampleRate must be 8000, 16000 or 24000". */
function problemOf(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_type') return issue.message;
  if (issue.input === undefined) return 'is required';
  return `must be ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
}

function base64Of(pcm: Uint8Array | Int16Array): string {
  // A view, not a copy. Int16Array is little-endian on every platform Node runs on here (x64, arm64).
  return Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength).toString('base64');
}

function textOf(data: Uint8Array): string {
  return (Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength)).toString(
    'utf8',
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function accept<T>(message: T): Decoded<T> {
  return { ok: true, message };
}

function refuse(error: string): { ok: false; error: string } {
  return { ok: false, error };
}
