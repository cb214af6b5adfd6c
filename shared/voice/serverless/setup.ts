import type { WebPubSubServiceClientOptions } from '@azure/web-pubsub';
import { ConfigError, type Config } from '../../config';
import { azureCredential } from '../../providers/azure-credential';
import type { SessionServices } from '../../conversation/session';
import { MAX_TURN_CHARS } from '../../domain/turn';
import type { AcsTelephony } from '../../providers/telephony/acs';
import type { ServerlessVoice } from './serverless-voice';

/**
 * Setting up the serverless voice loop from the config: the Web PubSub hub (its connection string gives
 * the access key that signs client tokens and upstream requests), each call's transcription URL, and the
 * `ServerlessVoice` on the app's services. Modules are loaded on use: the local host never needs them.
 */

export interface WebPubSubSettings {
  /** With the access key; absent when the app's Entra ID identity asks the service for client tokens. */
  readonly connectionString?: string;
  /** `https://<name>.webpubsub.azure.com`, used with the identity when there is no connection string. */
  readonly endpoint?: string;
  readonly hub: string;
  /**
   * Signs client tokens, and the `ce-signature` of every upstream request. Empty with an identity: then
   * no upstream request reaches this app's own check (on Azure the Functions extension checks them).
   */
  readonly accessKeys: readonly string[];
  /** The service's host name: the only origin the upstream's abuse protection allows. */
  readonly origin: string;
}

/**
 * Each call's transcription goes to a Web PubSub client URL whose token names the call (`sub` = call id)
 * and lasts as long as the call may: ringing plus the maximum duration, with a margin.
 */
export async function transcriptionUrls(
  config: Config,
  webPubSub: WebPubSubSettings,
  /** The client's options (`httpClient`: tests answer the service's REST API with it). */
  options?: WebPubSubServiceClientOptions,
): Promise<(callId: string) => Promise<string>> {
  const { WebPubSubServiceClient } = await import('@azure/web-pubsub');
  const client = webPubSub.connectionString
    ? new WebPubSubServiceClient(webPubSub.connectionString, webPubSub.hub)
    : new WebPubSubServiceClient(
        webPubSub.endpoint as string,
        await azureCredential(config),
        webPubSub.hub,
        options,
      );
  const { ring_timeout_sec, max_call_duration_sec } = config.workflow;
  const expirationTimeInMinutes = Math.ceil((ring_timeout_sec + max_call_duration_sec) / 60) + 5;
  return async (callId) =>
    (await client.getClientAccessToken({ userId: callId, expirationTimeInMinutes })).url;
}

export async function buildServerlessVoice(
  services: SessionServices,
  telephony: AcsTelephony,
): Promise<ServerlessVoice> {
  const [{ ServerlessVoice }, { AcsCallMedia }, { ConversationSession, sessionDeps }, { createChatModels }] =
    await Promise.all([
      import('./serverless-voice.js'),
      import('../../providers/telephony/acs-call-media.js'),
      import('../../conversation/session.js'),
      import('../../conversation/models.js'),
    ]);
  return new ServerlessVoice({
    store: services.store,
    media: new AcsCallMedia(telephony),
    telephony,
    features: () => services.flags.get(),
    conversation: (callId, features) =>
      new ConversationSession(callId, {
        ...sessionDeps(services, createChatModels(services.config, features)),
        // ACS records the call from CallConnected on (see the callback handler): the hello says so.
        recorded: features.recording_enabled,
      }),
    log: services.log,
    now: () => services.now(),
    maxTurnChars: MAX_TURN_CHARS,
  });
}

/** The Web PubSub hub of the serverless voice loop, when a connection string or an endpoint is configured. */
export function openWebPubSub(config: Config): WebPubSubSettings | undefined {
  const { connection_string: connectionString, endpoint, hub } = config.telephony.acs.web_pubsub;
  // Only ACS calls talk through Web PubSub: the local phone network ignores the setting.
  if (config.telephony.backend !== 'acs') return undefined;
  if (!connectionString) {
    return endpoint ? { endpoint, hub, accessKeys: [], origin: new URL(endpoint).host } : undefined;
  }
  const problem =
    'telephony.acs.web_pubsub.connection_string (env WEB_PUBSUB_CONNECTION_STRING): expected Endpoint=https://<name>.webpubsub.azure.com;AccessKey=<key>;Version=1.0;';
  const fields = new Map(
    connectionString.split(';').flatMap((part) => {
      const at = part.indexOf('=');
      return at > 0 ? [[part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim()] as const] : [];
    }),
  );
  const serviceEndpoint = fields.get('endpoint');
  const accessKey = fields.get('accesskey');
  const url =
    serviceEndpoint &&
    URL.parse(serviceEndpoint.startsWith('http') ? serviceEndpoint : `https://${serviceEndpoint}`);
  if (!url || !accessKey) throw new ConfigError([problem]);
  return { connectionString, hub, accessKeys: [accessKey], origin: url.host };
}
