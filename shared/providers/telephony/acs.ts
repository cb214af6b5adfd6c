import {
  CallAutomationClient,
  type AnswerCallOptions,
  type CallAutomationClientOptions,
  type CallResult,
} from '@azure/communication-call-automation';
import { z } from 'zod';
import type { DisconnectReason, InboundCall, LineEvent, OutboundCall, Telephony } from './telephony';

/**
 * The Azure Communication Services (Call Automation) backend of the telephony port. ACS reports what
 * happens on the line by POSTing CloudEvents to the callback URL given when the call was placed or
 * answered (`<callbackBaseUrl>/api/callbacks/<callId>`); the callback handler turns them into
 * orchestration events with `lineEventsFromCallbacks`. Inbound calls are announced by Event Grid
 * instead, read with `acs-events.ts`.
 *
 * ACS names a call by its own call connection id, which only the process that placed (or answered)
 * the call learns.
 * On Azure Functions the activity that hangs up may run on another instance, so where those ids are
 * kept is pluggable (`connections`, e.g. backed by the call store). Callbacks carry the id too:
 * `callConnectionIdFromCallbacks` + `rememberConnection` let the callback handler record it.
 */

/** The HTTP transport the ACS client sends its requests through (replaced in tests). */
export type HttpClient = NonNullable<CallAutomationClientOptions['httpClient']>;

/** Where the ACS call connection id of each of our calls is kept. */
export interface CallConnectionIds {
  get(callId: string): Promise<string | undefined>;
  set(callId: string, callConnectionId: string): Promise<void>;
}

export interface AcsTelephonyOptions {
  /** `endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>` */
  readonly connectionString: string;
  /** E.164 number owned by the ACS resource: what callees (and transfer targets) see as the caller. */
  readonly botPhoneNumber: string;
  /** Public HTTPS base URL of the Functions app. */
  readonly callbackBaseUrl: string;
  /** Per-call secret sent as `?secret=` on the callback URL, so the handler can tell ACS from strangers. */
  readonly callbackSecretFor?: (callId: string) => string;
  /** Where call connection ids are kept. Default: in this process's memory only. */
  readonly connections?: CallConnectionIds;
  /** Azure AI services endpoint attached to the call, needed for ACS's own speech (play/recognize). */
  readonly cognitiveServicesEndpoint?: string;
  /** `wss://` URL ACS streams the call's audio to (both ways) from the moment it is answered. */
  readonly mediaStreamingUrlFor?: (callId: string) => string;
  readonly httpClient?: HttpClient;
}

export class AcsTelephony implements Telephony {
  readonly kind = 'acs';
  private readonly client: CallAutomationClient;
  private readonly connections: CallConnectionIds;

  constructor(private readonly options: AcsTelephonyOptions) {
    // Fail at startup rather than on the first call: ACS refuses callback URLs that are not HTTPS.
    if (new URL(options.callbackBaseUrl).protocol !== 'https:') {
      throw new Error(
        `callbackBaseUrl must be https (ACS only calls back HTTPS): ${options.callbackBaseUrl}`,
      );
    }
    this.client = new CallAutomationClient(options.connectionString, { httpClient: options.httpClient });
    this.connections = options.connections ?? inMemoryConnectionIds();
  }

  async placeCall(call: OutboundCall): Promise<void> {
    const result = await this.client.createCall(
      {
        targetParticipant: { phoneNumber: call.to },
        sourceCallIdNumber: { phoneNumber: this.options.botPhoneNumber },
      },
      this.callbackUrl(call.callId),
      this.callOptions(call.callId),
    );
    await this.rememberCallConnection(call.callId, result);
  }

  /**
   * Answers a call announced by Event Grid (`Microsoft.Communication.IncomingCall`, see `acs-events.ts`).
   * From then on ACS reports on it to the same per-call callback URL as a call we placed.
   */
  async answerCall(call: InboundCall): Promise<void> {
    const result = await this.client.answerCall(
      call.incomingCallContext,
      this.callbackUrl(call.callId),
      this.callOptions(call.callId),
    );
    await this.rememberCallConnection(call.callId, result);
  }

  async hangUp(callId: string): Promise<void> {
    const connection = this.client.getCallConnection(await this.callConnectionIdOf(callId));
    try {
      // For everyone: ends the call for the callee too, and cancels it while it is still ringing.
      await connection.hangUp(true);
    } catch (error) {
      // ACS forgets a call once it is over: 404 means there is nothing left to hang up.
      if (!isNotFound(error)) throw error;
    }
  }

  async transfer(callId: string, to: string): Promise<void> {
    const connection = this.client.getCallConnection(await this.callConnectionIdOf(callId));
    // ACS needs a caller id it owns to ring a phone number; the agent sees the bot's number.
    await connection.transferCallToParticipant(
      { phoneNumber: to },
      { sourceCallIdNumber: { phoneNumber: this.options.botPhoneNumber } },
    );
  }

  /** Records a call's connection id learnt elsewhere, e.g. from a callback (`callConnectionIdFromCallbacks`). */
  async rememberConnection(callId: string, callConnectionId: string): Promise<void> {
    await this.connections.set(callId, callConnectionId);
  }

  /** What placed and answered calls share: the operation context, ACS's speech and the audio stream. */
  private callOptions(callId: string): AnswerCallOptions {
    const { cognitiveServicesEndpoint, mediaStreamingUrlFor } = this.options;
    return {
      // Echoed in every callback: a second way to tell which of our calls an event is about.
      operationContext: callId,
      ...(cognitiveServicesEndpoint && { callIntelligenceOptions: { cognitiveServicesEndpoint } }),
      ...(mediaStreamingUrlFor && {
        mediaStreamingOptions: {
          transportType: 'websocket',
          transportUrl: mediaStreamingUrlFor(callId),
          audioChannelType: 'mixed',
          contentType: 'audio',
          startMediaStreaming: true,
          enableBidirectional: true,
          audioFormat: 'pcm16KMono',
        },
      }),
    };
  }

  private async rememberCallConnection(callId: string, result: CallResult): Promise<void> {
    const callConnectionId = result.callConnectionProperties.callConnectionId;
    if (!callConnectionId) throw new Error(`ACS accepted call ${callId} without a call connection id`);
    await this.connections.set(callId, callConnectionId);
  }

  private callbackUrl(callId: string): string {
    const base = this.options.callbackBaseUrl.replace(/\/+$/, '');
    const url = new URL(`${base}/api/callbacks/${encodeURIComponent(callId)}`);
    const secretFor = this.options.callbackSecretFor;
    if (secretFor) url.searchParams.set('secret', secretFor(callId));
    return url.toString();
  }

  private async callConnectionIdOf(callId: string): Promise<string> {
    const callConnectionId = await this.connections.get(callId);
    // Guessing is not an option: staying silent would leave a real phone ringing.
    if (!callConnectionId) throw new Error(`No ACS call connection is known for call ${callId}`);
    return callConnectionId;
  }
}

function inMemoryConnectionIds(): CallConnectionIds {
  const ids = new Map<string, string>();
  return {
    async get(callId) {
      return ids.get(callId);
    },
    async set(callId, callConnectionId) {
      ids.set(callId, callConnectionId);
    },
  };
}

function isNotFound(error: unknown): boolean {
  // The SDK throws a RestError; checked by shape so as not to depend on @azure/core-rest-pipeline.
  return typeof error === 'object' && error !== null && 'statusCode' in error && error.statusCode === 404;
}

// --- Callbacks ---------------------------------------------------------------------------------------

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
