import { z } from 'zod';
import type { DisconnectReason, LineEvent } from './telephony';

/**
 * ACS Call Automation callbacks: what ACS POSTs to each call's callback URL, read into our line events.
 * Kept apart from the ACS client (acs.ts) so the callback route does not load the SDK to parse JSON.
 */

/** The body of an ACS callback request is not what ACS sends. */
export class AcsCallbackError extends Error {
  override readonly name = 'AcsCallbackError';
}

const cloudEventsSchema = z.array(
  z.object({
    id: z.string(),
    source: z.string(),
    type: z.string(),
    specversion: z.string(),
    data: z.unknown(),
  }),
);
type CloudEvent = z.infer<typeof cloudEventsSchema>[number];

/** The part of a call event's data we read (the SDK's CallConnected, CallDisconnected, CreateCallFailed). */
const callEventDataSchema = z.object({
  callConnectionId: z.string(),
  resultInformation: z
    .object({ code: z.number().optional(), subCode: z.number().optional(), message: z.string().optional() })
    .optional(),
});
type ResultInformation = z.infer<typeof callEventDataSchema>['resultInformation'];

const EventType = {
  connected: 'Microsoft.Communication.CallConnected',
  disconnected: 'Microsoft.Communication.CallDisconnected',
  createCallFailed: 'Microsoft.Communication.CreateCallFailed',
} as const;

/**
 * Translates an ACS callback request body (a JSON array of CloudEvents) into what happened on the line.
 * Other events (participants updated, media, transfer accepted or failed, add participant failed...)
 * do not change whether the customer is on the line, so they are skipped: after a transfer, or when
 * the call ends for any reason, ACS sends CallDisconnected.
 * @throws AcsCallbackError when the body is not an array of CloudEvents, or a call event has no data.
 */
export function lineEventsFromCallbacks(body: unknown, callId: string): LineEvent[] {
  return parseCloudEvents(body).flatMap((event, index): LineEvent[] => {
    switch (event.type) {
      case EventType.connected:
        return [{ type: 'connected', callId }];
      case EventType.disconnected:
      case EventType.createCallFailed: {
        const { resultInformation } = callEventData(event, index);
        return [{ type: 'disconnected', callId, reason: disconnectReason(event.type, resultInformation) }];
      }
      default:
        return [];
    }
  });
}

/** What a callback says about the serverless voice loop's media: plays and keypad tones. */
export type MediaCallbackEvent =
  | {
      readonly type: 'play';
      readonly event: 'started' | 'completed' | 'failed' | 'canceled';
      readonly operationContext: string | undefined;
    }
  | { readonly type: 'tone'; readonly tone: string }
  /** ACS could not hand the call over to the agent (CallTransferFailed): the caller is still with the bot. */
  | { readonly type: 'transfer_failed' };

const PLAY_EVENTS: Readonly<Record<string, 'started' | 'completed' | 'failed' | 'canceled'>> = {
  'Microsoft.Communication.PlayStarted': 'started',
  'Microsoft.Communication.PlayCompleted': 'completed',
  'Microsoft.Communication.PlayFailed': 'failed',
  'Microsoft.Communication.PlayCanceled': 'canceled',
};

/** ACS names keypad tones (`DtmfTone`); the conversation reads them as the characters on the keys. */
const TONE_KEYS: Readonly<Record<string, string>> = {
  zero: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  asterisk: '*',
  pound: '#',
  a: 'A',
  b: 'B',
  c: 'C',
  d: 'D',
};

const playDataSchema = z.object({ operationContext: z.string().max(200).nullish() });
const toneDataSchema = z.object({ tone: z.string().max(20) });

/**
 * The play and keypad events of a callback body, in order (PlayStarted/Completed/Failed/Canceled with
 * their operation context; ContinuousDtmfRecognitionToneReceived as the key pressed; CallTransferFailed).
 * Others are skipped.
 */
export function mediaEventsFromCallbacks(body: unknown): MediaCallbackEvent[] {
  return parseCloudEvents(body).flatMap((event): MediaCallbackEvent[] => {
    const play = PLAY_EVENTS[event.type];
    if (play) {
      const data = playDataSchema.safeParse(event.data);
      return [{ type: 'play', event: play, operationContext: data.data?.operationContext ?? undefined }];
    }
    if (event.type === 'Microsoft.Communication.ContinuousDtmfRecognitionToneReceived') {
      const data = toneDataSchema.safeParse(event.data);
      const key = data.success ? TONE_KEYS[data.data.tone.toLowerCase()] : undefined;
      return key ? [{ type: 'tone', tone: key }] : [];
    }
    if (event.type === 'Microsoft.Communication.CallTransferFailed') return [{ type: 'transfer_failed' }];
    return [];
  });
}

/** The ACS call connection id a callback body is about, if any of its events says. */
export function callConnectionIdFromCallbacks(body: unknown): string | undefined {
  for (const event of parseCloudEvents(body)) {
    const data = z.object({ callConnectionId: z.string() }).safeParse(event.data);
    if (data.success) return data.data.callConnectionId;
  }
  return undefined;
}

function parseCloudEvents(body: unknown): CloudEvent[] {
  const parsed = cloudEventsSchema.safeParse(body);
  if (!parsed.success) {
    throw new AcsCallbackError(
      `ACS callback body is not an array of CloudEvents:\n${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}

function callEventData(event: CloudEvent, index: number): z.infer<typeof callEventDataSchema> {
  const parsed = callEventDataSchema.safeParse(event.data);
  if (!parsed.success) {
    throw new AcsCallbackError(
      `ACS callback event ${index} (${event.type}) has unexpected data:\n${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}

// SIP-style codes and ACS subcodes, from the Call Automation troubleshooting codes
// (learn.microsoft.com/azure/communication-services/resources/troubleshooting/voice-video-calling/troubleshooting-codes).
/** Busy here (486), busy everywhere (600), decline (603); callee declined, busy, busy everywhere. */
const DECLINED = { codes: [486, 600, 603], subCodes: [8538, 8539, 8540] };
/** Timeout (408), temporarily unavailable (480), canceled (487); callee unavailable, call canceled, unreachable. */
const UNANSWERED = { codes: [408, 480, 487], subCodes: [8541, 8542, 8544] };

/**
 * Why the line went down. 'hung_up' before the call was answered is how the orchestration learns the
 * phone rang out (it records `not_answered`), as with the local phone network.
 */
function disconnectReason(type: string, info: ResultInformation): DisconnectReason {
  const is = (set: { codes: number[]; subCodes: number[] }) =>
    (info?.code !== undefined && set.codes.includes(info.code)) ||
    (info?.subCode !== undefined && set.subCodes.includes(info.subCode));
  if (is(DECLINED)) return 'declined';
  if (type === EventType.disconnected) {
    // Calls normally end with a success or "graceful" result; only a server error is a failure.
    const code = info?.code ?? 0;
    return code >= 500 && code < 600 ? 'failed' : 'hung_up';
  }
  return is(UNANSWERED) ? 'hung_up' : 'failed';
}

/** A `RecordingStateChanged` callback (sent to the URL given when the recording started): its new state. */
export interface RecordingStateEvent {
  readonly recordingId: string;
  /** `active`, `inactive` (paused or ended), as ACS names it. */
  readonly state: string;
}

const recordingStateSchema = z.object({ recordingId: z.string().min(1), state: z.string().min(1) });

export function recordingEventsFromCallbacks(body: unknown): RecordingStateEvent[] {
  return parseCloudEvents(body).flatMap((event) => {
    if (event.type !== 'Microsoft.Communication.RecordingStateChanged') return [];
    const data = recordingStateSchema.safeParse(event.data);
    return data.success ? [{ recordingId: data.data.recordingId, state: data.data.state }] : [];
  });
}
