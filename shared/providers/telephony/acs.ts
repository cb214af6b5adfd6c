import {
  CallAutomationClient,
  type AnswerCallOptions,
  type CallAutomationClientOptions,
  type CallResult,
} from '@azure/communication-call-automation';
import type { InboundCall, OutboundCall, Telephony } from './telephony';
import { acsClientArgs, type AcsAuth } from '../acs-auth';

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

export type AcsTelephonyOptions = AcsAuth & AcsTelephonySettings;

interface AcsTelephonySettings {
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
  /**
   * `wss://` URL ACS streams the call's real-time transcription to (a Web PubSub client URL whose token
   * names the call): the serverless voice loop. Needs `cognitiveServicesEndpoint`.
   */
  readonly transcriptionUrlFor?: (callId: string) => Promise<string>;
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
    const clientOptions = { httpClient: options.httpClient };
    const auth = acsClientArgs(options);
    this.client =
      auth.length === 1
        ? new CallAutomationClient(auth[0], clientOptions)
        : new CallAutomationClient(auth[0], auth[1], clientOptions);
    this.connections = options.connections ?? inMemoryConnectionIds();
  }

  async placeCall(call: OutboundCall): Promise<void> {
    const result = await this.client.createCall(
      {
        targetParticipant: { phoneNumber: call.to },
        sourceCallIdNumber: { phoneNumber: this.options.botPhoneNumber },
      },
      this.callbackUrl(call.callId),
      await this.callOptions(call.callId, call.language),
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
      await this.callOptions(call.callId, call.language),
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

  /**
   * Starts recording the call (audio, one WAV channel per participant), reported to the call's callback
   * URL (`RecordingStateChanged`). Into `containerUrl` (Azure Blob, written by ACS's managed identity),
   * else into ACS's own storage. Returns the recording's id and state, and the connection it records.
   */
  async startRecording(
    callId: string,
    containerUrl: string | undefined,
  ): Promise<{ recordingId: string; state: string; connectionId: string }> {
    const connectionId = await this.callConnectionIdOf(callId);
    const result = await this.client.getCallRecording().start({
      callConnectionId: connectionId,
      recordingStateCallbackEndpointUrl: this.callbackUrl(callId),
      recordingContent: 'audio',
      recordingChannel: 'unmixed',
      recordingFormat: 'wav',
      ...(containerUrl && {
        recordingStorage: {
          recordingStorageKind: 'azureBlobStorage',
          recordingDestinationContainerUrl: containerUrl,
        },
      }),
    });
    return { recordingId: result.recordingId, state: result.recordingState, connectionId };
  }

  /** Records a call's connection id learnt elsewhere, e.g. from a callback (`callConnectionIdFromCallbacks`). */
  async rememberConnection(callId: string, callConnectionId: string): Promise<void> {
    await this.connections.set(callId, callConnectionId);
  }

  /** The ACS client, for the call media operations of the same resource (`AcsCallMedia`). */
  get automationClient(): CallAutomationClient {
    return this.client;
  }

  /** The ACS call connection id of one of our calls; throws when none is known. */
  async callConnectionIdOf(callId: string): Promise<string> {
    const callConnectionId = await this.connections.get(callId);
    // Guessing is not an option: staying silent would leave a real phone ringing.
    if (!callConnectionId) throw new Error(`No ACS call connection is known for call ${callId}`);
    return callConnectionId;
  }

  /**
   * What placed and answered calls share: the operation context, ACS's speech, and where the call's
   * audio (media bridge) or transcription (serverless voice loop) is streamed.
   */
  private async callOptions(callId: string, language = 'en-US'): Promise<AnswerCallOptions> {
    const { cognitiveServicesEndpoint, mediaStreamingUrlFor, transcriptionUrlFor } = this.options;
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
      ...(transcriptionUrlFor && {
        transcriptionOptions: {
          transportType: 'websocket',
          transportUrl: await transcriptionUrlFor(callId),
          locale: language,
          // From the moment the call connects, with partial results: they are the barge-in signal.
          startTranscription: true,
          enableIntermediateResults: true,
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

export function isNotFound(error: unknown): boolean {
  // The SDK throws a RestError; checked by shape so as not to depend on @azure/core-rest-pipeline.
  return typeof error === 'object' && error !== null && 'statusCode' in error && error.statusCode === 404;
}
