import { app, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { handleVoiceEvent } from '../shared/http/voice-api';
import type { WebPubSubEventType } from '../shared/http/web-pubsub-upstream';
import { depsFor } from './app-services';

/**
 * The serverless voice loop's Web PubSub triggers, on hub `calls` (`WEB_PUBSUB_HUB`): ACS connects to it
 * as a plain WebSocket client, with a token naming the call, and sends every transcription frame, which
 * the service's upstream turns into a `message` event. The Web PubSub extension
 * (`/runtime/webhooks/webpubsub?code=<webpubsub_extension key>`) checks each request's signature with the
 * access key of `WEB_PUBSUB_CONNECTION_STRING` — named in `connections`, because without it the
 * extension would accept unsigned requests — and answers the abuse-protection handshake.
 */

const HUB = process.env.WEB_PUBSUB_HUB ?? 'calls';
const CONNECTIONS = ['WEB_PUBSUB_CONNECTION_STRING'];

/** What the extension passes as the trigger's `request` (`WebPubSubEventRequest`, as JSON). */
interface WebPubSubRequest {
  readonly connectionContext?: { readonly connectionId?: string; readonly userId?: string };
  readonly data?: unknown;
  readonly reason?: string;
}

function register(name: string, eventType: 'user' | 'system', eventName: WebPubSubEventType) {
  app.webPubSub(name, {
    name: 'request',
    hub: HUB,
    eventType,
    eventName,
    connections: CONNECTIONS,
    extraInputs: [df.input.durableClient()],
    handler: async (request: unknown, context: InvocationContext) => {
      const event = request as WebPubSubRequest;
      const outcome = await handleVoiceEvent(
        {
          type: eventName,
          connectionId: event.connectionContext?.connectionId ?? '',
          userId: event.connectionContext?.userId,
          ...(typeof event.data === 'string' ? { text: event.data } : {}),
          ...(event.reason !== undefined ? { reason: event.reason } : {}),
        },
        await depsFor(context),
      );
      // The extension reads a returned `code` as an EventErrorResponse: the client is refused.
      if (eventName === 'connect' && !outcome.accepted) {
        return { code: 'unauthorized', errorMessage: outcome.reason };
      }
      return eventName === 'connect' ? {} : undefined;
    },
  });
}

register('voiceConnect', 'system', 'connect');
register('voiceTranscription', 'user', 'message');
register('voiceDisconnected', 'system', 'disconnected');
