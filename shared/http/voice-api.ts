import type { Logger } from '../log';
import type { ServerlessVoice } from '../voice/serverless/serverless-voice';
import type { WebPubSubSettings } from '../voice/serverless/setup';
import type { WorkflowClient } from '../workflow/context';
import { VoiceEvent } from '../workflow/voice-loop';
import { ApiError, type ApiRequest, type ApiResponse } from './api';
import {
  connectAccepted,
  connectRefused,
  eventAcknowledged,
  readWebPubSubUpstream,
  type WebPubSubEvent,
} from './web-pubsub-upstream';

/**
 * What Web PubSub delivers for the serverless voice loop: ACS connecting to hub `calls` with a token that
 * names the call, and then every transcription frame. On Azure the Functions Web PubSub extension checks
 * the upstream's signature and invokes the trigger functions, which call `handleVoiceEvent`; hosts
 * without the extension (the local host) take the same CloudEvents on `POST /api/webpubsub/{hub}` and
 * check them here first (`webPubSubUpstream`).
 */

export interface VoiceEventDeps {
  readonly serverlessVoice: ServerlessVoice | undefined;
  readonly workflow: WorkflowClient;
  readonly log: Logger;
}

export type VoiceEventOutcome =
  { readonly accepted: true } | { readonly accepted: false; readonly reason: string };

/**
 * One Web PubSub event, already authenticated. `connect` is refused unless its user (the call id its
 * token was issued for) is a call ringing or on the line; a `message` is a transcription frame; the
 * others are only logged. Never throws for a message: a failed message event drops ACS's connection.
 */
export async function handleVoiceEvent(
  event: Pick<WebPubSubEvent, 'type' | 'userId' | 'connectionId' | 'text' | 'reason'>,
  deps: VoiceEventDeps,
): Promise<VoiceEventOutcome> {
  const voice = deps.serverlessVoice;
  if (!voice) return { accepted: false, reason: 'The serverless voice loop is not configured' };
  switch (event.type) {
    case 'connect':
      if (await voice.acceptsConnection(event.userId)) return { accepted: true };
      deps.log.warn('transcription stream refused: no live call for its token', {
        connection_id: event.connectionId,
      });
      return { accepted: false, reason: 'No live call for this token' };
    case 'message':
      if (event.userId && event.text !== undefined) {
        await voice.onTranscription(event.userId, event.text, (callId, turn) =>
          deps.workflow.raiseEvent(callId, VoiceEvent.callerTurn, turn),
        );
      }
      return { accepted: true };
    case 'connected':
      deps.log.info('transcription stream connected', { call_id: event.userId });
      return { accepted: true };
    case 'disconnected':
      deps.log.info('transcription stream ended', { call_id: event.userId, reason: event.reason });
      return { accepted: true };
  }
}

export interface WebPubSubApiDeps extends VoiceEventDeps {
  readonly webPubSub: WebPubSubSettings | undefined;
}

/** `POST|OPTIONS /api/webpubsub/{hub}`: Web PubSub's upstream, for hosts without the Functions extension. */
export async function webPubSubUpstream(request: ApiRequest, deps: WebPubSubApiDeps): Promise<ApiResponse> {
  const settings = deps.webPubSub;
  if (!settings || request.params.hub !== settings.hub) {
    throw new ApiError(404, 'No Web PubSub hub here: configure telephony.acs.web_pubsub');
  }
  const upstream = await readWebPubSubUpstream(request, {
    hub: settings.hub,
    accessKeys: settings.accessKeys,
    allowedOrigins: [settings.origin],
  });
  if (upstream.kind === 'abuse-protection') return upstream.response;
  const outcome = await handleVoiceEvent(upstream.event, deps);
  if (upstream.event.type !== 'connect') return eventAcknowledged();
  return outcome.accepted ? connectAccepted() : connectRefused(outcome.reason);
}
