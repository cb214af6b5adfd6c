import { z } from 'zod';

/**
 * What Event Grid tells the app about ACS: the calls someone places to the bot
 * (`Microsoft.Communication.IncomingCall`), texts to it (`SMSReceived`), a call recording's files being
 * in storage (`RecordingFileStatusUpdated`), and the handshake that proves the webhook wants them
 * (`Microsoft.EventGrid.SubscriptionValidationEvent`, answered with `{ validationResponse: code }`).
 *
 * Event Grid POSTs a JSON array of events in the Event Grid schema (`id`, `topic`, `subject`,
 * `eventType`, `eventTime`, `data`, `dataVersion`); the subscription must use that schema, not
 * CloudEvents (which ACS uses for the per-call callbacks read by `lineEventsFromCallbacks`).
 * Event Grid delivers at least once: the same IncomingCall may arrive twice (same `correlationId`).
 */

/** One event of an Event Grid delivery, as far as the app cares. */
export type EventGridNotification =
  | { readonly type: 'validation'; readonly validationCode: string }
  | IncomingCallNotification
  | SmsReceivedNotification
  | RecordingFilesNotification
  | { readonly type: 'ignored'; readonly eventType: string };

/**
 * A call recording's files are in storage (`Microsoft.Communication.RecordingFileStatusUpdated`), one
 * chunk per file set; the recording is named only by the event's subject
 * (`/recording/call/{call-id}[/serverCallId/{id}]/recordingId/{recording-id}`).
 */
export interface RecordingFilesNotification {
  readonly type: 'recording_files';
  readonly recordingId: string;
  /** When ACS started the recording (ISO 8601), when it says. */
  readonly startedAt: string | undefined;
  readonly durationMs: number | undefined;
  readonly chunks: readonly RecordingChunk[];
}

export interface RecordingChunk {
  readonly index: number;
  readonly documentId: string;
  /** The recorded media's blob. */
  readonly contentLocation: string;
  /** The recording's metadata (participants, channels) blob. */
  readonly metadataLocation: string;
  readonly endReason: string | undefined;
}

/** An SMS someone sent to one of the resource's numbers. */
export interface SmsReceivedNotification {
  readonly type: 'sms_received';
  readonly from: string;
  readonly to: string;
  readonly message: string;
  readonly messageId: string;
}

export interface IncomingCallNotification {
  readonly type: 'incoming_call';
  /** The caller's number in E.164 when a phone called (PSTN); undefined for anyone else or a hidden number. */
  readonly from: string | undefined;
  /** ACS's raw id of the caller, whoever it is: `4:+33612345678`, `8:acs:…`, `8:orgid:…`. */
  readonly fromRawId: string;
  /** The number that was called in E.164 (one of the resource's numbers), when a number was called. */
  readonly to: string | undefined;
  /** The handle to answer the call with, valid while it rings. */
  readonly incomingCallContext: string;
  /** ACS's id of the call; the same in a redelivery of the event. */
  readonly correlationId: string;
  readonly serverCallId?: string;
}

/** The body of an Event Grid delivery is not an array of Event Grid events we can read. */
export class EventGridPayloadError extends Error {
  override readonly name = 'EventGridPayloadError';
}

const EventType = {
  validation: 'Microsoft.EventGrid.SubscriptionValidationEvent',
  incomingCall: 'Microsoft.Communication.IncomingCall',
  smsReceived: 'Microsoft.Communication.SMSReceived',
  recordingFiles: 'Microsoft.Communication.RecordingFileStatusUpdated',
} as const;

const eventsSchema = z.array(
  z.object({
    id: z.string(),
    topic: z.string().optional(),
    subject: z.string(),
    eventType: z.string().min(1),
    eventTime: z.string(),
    data: z.unknown(),
    dataVersion: z.string(),
  }),
);

const validationDataSchema = z.object({ validationCode: z.string().min(1) });

/** A CommunicationIdentifierModel: `kind` is not read, older payloads spell it `PhoneNumber`. */
const identifierSchema = z.object({
  rawId: z.string().min(1),
  phoneNumber: z.object({ value: z.string(), isAnonymous: z.boolean().optional() }).optional(),
});
type Identifier = z.infer<typeof identifierSchema>;

const incomingCallDataSchema = z.object({
  from: identifierSchema,
  to: identifierSchema.optional(),
  incomingCallContext: z.string().min(1),
  correlationId: z.string().min(1),
  serverCallId: z.string().optional(),
});

/** SMSReceived data; the documented payload spells its keys in PascalCase, so both casings are read. */
const smsReceivedDataSchema = z.preprocess(
  (data) =>
    data && typeof data === 'object'
      ? Object.fromEntries(Object.entries(data).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), v]))
      : data,
  z.object({
    messageId: z.string().min(1),
    from: z.string().min(1),
    to: z.string().min(1),
    message: z.string(),
  }),
);

const recordingFilesDataSchema = z.object({
  recordingStorageInfo: z.object({
    recordingChunks: z.array(
      z.object({
        documentId: z.string().min(1),
        index: z.number().int().min(0),
        endReason: z.string().optional(),
        contentLocation: z.url({ protocol: /^https$/ }),
        metadataLocation: z.url({ protocol: /^https$/ }),
      }),
    ),
  }),
  recordingStartTime: z.string().optional(),
  recordingDurationMs: z.number().min(0).optional(),
});

/** The recording id is the subject's last segment (ACS's ids are base64, which may contain `/`). */
const RECORDING_ID_IN_SUBJECT = /\/recordingId\/(.+)$/;

/**
 * Reads an Event Grid delivery (the webhook's request body), one result per event, in order.
 * @throws EventGridPayloadError naming the first offending fields, e.g.
 *   `event[0].data.incomingCallContext is required`.
 */
export function parseEventGridDelivery(body: unknown): EventGridNotification[] {
  return parse(eventsSchema, body, []).map((event, index): EventGridNotification => {
    const dataPath = [index, 'data'];
    switch (event.eventType) {
      case EventType.validation: {
        const { validationCode } = parse(validationDataSchema, event.data, dataPath);
        return { type: 'validation', validationCode };
      }
      case EventType.incomingCall: {
        const data = parse(incomingCallDataSchema, event.data, dataPath);
        return {
          type: 'incoming_call',
          from: e164Of(data.from),
          fromRawId: data.from.rawId,
          to: data.to && e164Of(data.to),
          incomingCallContext: data.incomingCallContext,
          correlationId: data.correlationId,
          ...(data.serverCallId !== undefined && { serverCallId: data.serverCallId }),
        };
      }
      case EventType.smsReceived: {
        const data = parse(smsReceivedDataSchema, event.data, dataPath);
        return {
          type: 'sms_received',
          from: withPlus(data.from),
          to: withPlus(data.to),
          message: data.message,
          messageId: data.messageId,
        };
      }
      case EventType.recordingFiles: {
        const recordingId = RECORDING_ID_IN_SUBJECT.exec(event.subject)?.[1];
        if (!recordingId) {
          throw new EventGridPayloadError(
            `Not an Event Grid delivery: event[${index}].subject must end with /recordingId/{id}`,
          );
        }
        const data = parse(recordingFilesDataSchema, event.data, dataPath);
        return {
          type: 'recording_files',
          recordingId,
          startedAt: data.recordingStartTime,
          durationMs: data.recordingDurationMs,
          chunks: data.recordingStorageInfo.recordingChunks.map((chunk) => ({
            index: chunk.index,
            documentId: chunk.documentId,
            contentLocation: chunk.contentLocation,
            metadataLocation: chunk.metadataLocation,
            endReason: chunk.endReason,
          })),
        };
      }
      default:
        return { type: 'ignored', eventType: event.eventType };
    }
  });
}

/**
 * ACS writes SMS numbers in E.164, but not always with the `+` (Microsoft's own sample has
 * `"From":"15555555555"`): digits alone are read as E.164.
 */
function withPlus(number: string): string {
  const trimmed = number.trim();
  return /^[1-9]\d{6,14}$/.test(trimmed) ? `+${trimmed}` : trimmed;
}

/** A phone number identifier's number, unless hidden (`anonymous`) or not E.164. */
function e164Of(identifier: Identifier): string | undefined {
  const phone = identifier.phoneNumber;
  if (!phone || phone.isAnonymous) return undefined;
  return /^\+[1-9]\d{1,14}$/.test(phone.value) ? phone.value : undefined;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, at: readonly PropertyKey[]): T {
  const parsed = schema.safeParse(value, { error: issueMessage });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${pathOf([...at, ...issue.path])} ${issue.message}`);
  throw new EventGridPayloadError(`Not an Event Grid delivery: ${problems.join('; ')}`);
}

/** Messages that read after a field's path: "event[0].data is required". */
function issueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${withArticle(issue.expected)}, not ${kindOf(issue.input)}`;
    case 'too_small':
      return issue.origin === 'string' ? 'must not be empty' : undefined;
    default:
      return undefined;
  }
}

function pathOf(path: readonly PropertyKey[]): string {
  const [first, ...rest] = path;
  if (first === undefined) return 'body';
  return rest.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${String(key)}`),
    `event[${String(first)}]`,
  );
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return withArticle(typeof value);
}
