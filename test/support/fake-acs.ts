import { createHttpHeaders, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import type { HttpClient } from '../../shared/providers/telephony/acs';

/**
 * A fake Azure Communication Services Call Automation REST API, plugged in as the SDK's HTTP transport
 * (`AcsTelephonyOptions.httpClient`, or the `acsHttpClient` service override of the local host). It
 * records each REST request and answers the way the service does: one call connection per createCall
 * or answer, forgotten once hung up (then 404, like the service). Media operations (play, cancel,
 * continuous DTMF, transcription language) are accepted (202) on live connections, and recordings of
 * live connections started (`POST /calling/recordings`).
 */

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  /** Lower-cased names: `authorization` (HMAC with a connection string, Bearer with an identity). */
  readonly headers: Readonly<Record<string, string>>;
}

export interface FakeAcsOptions {
  /** The number the ACS resource owns (what answered calls were made to). */
  readonly botNumber?: string;
  /** Who the answered calls come from, as reported in the answer's `source`. */
  readonly caller?: string;
}

export const phoneNumber = (value: string) => ({
  kind: 'phoneNumber',
  rawId: `4:${value}`,
  phoneNumber: { value },
});

export class FakeAcs implements HttpClient {
  readonly requests: RecordedRequest[] = [];
  readonly liveConnections = new Set<string>();
  /** The call connection id ACS gave each call it created or answered, by that call's callback URI. */
  readonly connectionIdByCallbackUri = new Map<string, string>();
  private created = 0;
  private recordings = 0;
  private readonly botNumber: string;
  private readonly caller: string;

  constructor(options: FakeAcsOptions = {}) {
    this.botNumber = options.botNumber ?? '+33100000000';
    this.caller = options.caller ?? '+33612345678';
  }

  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    const url = new URL(request.url);
    const path = decodeURIComponent(url.pathname);
    const body = typeof request.body === 'string' ? JSON.parse(request.body) : undefined;
    this.requests.push({ method: request.method, path, body, headers: request.headers.toJSON() });
    const answer = (status: number, json?: unknown): PipelineResponse => ({
      request,
      status,
      headers: createHttpHeaders(json === undefined ? {} : { 'content-type': 'application/json' }),
      bodyAsText: json === undefined ? '' : JSON.stringify(json),
    });

    if (request.method === 'POST' && path === '/calling/callConnections') {
      const callConnectionId = this.newConnection(body.callbackUri);
      return answer(201, {
        callConnectionId,
        serverCallId: 'server-call-1',
        targets: body.targets,
        callConnectionState: 'connecting',
        callbackUri: body.callbackUri,
        sourceCallerIdNumber: body.sourceCallerIdNumber,
        correlationId: 'correlation-1',
      });
    }
    if (request.method === 'POST' && path === '/calling/callConnections:answer') {
      const callConnectionId = this.newConnection(body.callbackUri);
      return answer(200, {
        callConnectionId,
        serverCallId: 'server-call-1',
        targets: [phoneNumber(this.botNumber)],
        source: phoneNumber(this.caller),
        callConnectionState: 'connecting',
        callbackUri: body.callbackUri,
        correlationId: 'correlation-1',
        answeredFor: { value: this.botNumber },
      });
    }
    if (request.method === 'POST' && path === '/calling/recordings') {
      // Call Automation records a live call only (by its call connection id, or a server call locator).
      if (body?.callConnectionId && !this.liveConnections.has(body.callConnectionId)) {
        return answer(404, { error: { code: '8522', message: 'Call not found.' } });
      }
      return answer(200, {
        recordingId: `recording-${++this.recordings}`,
        recordingState: 'active',
        recordingKind: 'azureCommunicationServices',
      });
    }
    const action =
      /^\/calling\/callConnections\/([^:/]+):(terminate|transferToParticipant|play|cancelAllMediaOperations|startContinuousDtmfRecognition|updateTranscription)$/.exec(
        path,
      );
    if (request.method === 'POST' && action?.[1] && action[2]) {
      if (!this.liveConnections.has(action[1])) {
        return answer(404, { error: { code: '8522', message: 'Call not found.' } });
      }
      if (action[2] === 'terminate') {
        this.liveConnections.delete(action[1]);
        return answer(204);
      }
      if (action[2] === 'play' || action[2] === 'startContinuousDtmfRecognition') return answer(202);
      return answer(202, { operationContext: body?.operationContext });
    }
    return answer(400, {
      error: { code: '8523', message: `Fake ACS does not know ${request.method} ${path}` },
    });
  }

  private newConnection(callbackUri: unknown): string {
    const callConnectionId = `acs-connection-${++this.created}`;
    this.liveConnections.add(callConnectionId);
    if (typeof callbackUri === 'string') this.connectionIdByCallbackUri.set(callbackUri, callConnectionId);
    return callConnectionId;
  }
}
