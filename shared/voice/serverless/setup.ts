import { ConfigError, type Config } from '../../config';
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
  readonly connectionString: string;
  readonly hub: string;
  /** Signs client tokens, and the `ce-signature` of every upstream request. */
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
): Promise<(callId: string) => Promise<string>> {
  const { WebPubSubServiceClient } = await import('@azure/web-pubsub');
  const client = new WebPubSubServiceClient(webPubSub.connectionString, webPubSub.hub);
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

/** The Web PubSub hub of the serverless voice loop, when a connection string is configured. */
export function openWebPubSub(config: Config): WebPubSubSettings | undefined {
  const { connection_string: connectionString, hub } = config.telephony.acs.web_pubsub;
  // Only ACS calls talk through Web PubSub: the local phone network ignores the setting.
  if (!connectionString || config.telephony.backend !== 'acs') return undefined;
  const problem =
    'telephony.acs.web_pubsub.connection_string (env WEB_PUBSUB_CONNECTION_STRING): expected Endpoint=https://<name>.webpubsub.azure.com;AccessKey=<key>;Version=1.0;';
  const fields = new Map(
    connectionString.split(';').flatMap((part) => {
      const at = part.indexOf('=');
      return at > 0 ? [[part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim()] as const] : [];
    }),
  );
  const endpoint = fields.get('endpoint');
  const accessKey = fields.get('accesskey');
  const url = endpoint && URL.parse(endpoint.startsWith('http') ? endpoint : `https://${endpoint}`);
  if (!url || !accessKey) throw new ConfigError([problem]);
  return { connectionString, hub, accessKeys: [accessKey], origin: url.host };
}
