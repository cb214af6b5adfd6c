import type { SessionServices } from '../conversation/session';
import { ConfigError, type Config } from '../config';
import { AcsCallbackVerifier, callbackSecretFor, mediaStreamPath } from '../http/acs-callback-auth';
import type { CallStore } from '../providers/store/store';
import type { AcsTelephony, HttpClient } from '../providers/telephony/acs';
import type { ServerlessVoice } from '../voice/serverless/serverless-voice';
import { buildServerlessVoice, transcriptionUrls, type WebPubSubSettings } from '../voice/serverless/setup';
import { acsAuth } from './acs-auth';

/** What ACS telephony gives the app: the calls, the check on its callbacks, and the serverless voice loop. */
export interface AcsServices {
  readonly telephony: AcsTelephony;
  readonly verifier: AcsCallbackVerifier;
  readonly botPhoneNumber: string;
  /** Builds the serverless voice loop on the finished services (set when it is the voice path). */
  readonly serverlessVoice?: (services: SessionServices) => Promise<ServerlessVoice>;
}

/** What tests may give ACS (a subset of `ServiceOverrides`). */
export interface AcsOverrides {
  /** The ACS client's HTTP transport (tests answer ACS's REST API with it). */
  readonly acsHttpClient?: HttpClient;
  /** How callback JWT signing keys are fetched (tests serve them locally). */
  readonly fetch?: typeof fetch;
  /** The Web PubSub client's HTTP transport (tests answer its REST API with it). */
  readonly webPubSubHttpClient?: HttpClient;
}

/**
 * ACS telephony, checked complete before anything is placed: the number, the resource id its callback
 * tokens name, the https URL it calls back, and with the serverless voice loop the AI services it uses.
 */
export async function openAcs(
  config: Config,
  store: CallStore,
  callbackSecret: Buffer,
  overrides: AcsOverrides,
  webPubSub: WebPubSubSettings | undefined,
): Promise<AcsServices> {
  const acs = config.telephony.acs;
  const publicUrl = config.host.public_url;
  const problems = [
    !acs.connection_string &&
      !acs.endpoint &&
      'telephony.acs.connection_string or .endpoint (env ACS_CONNECTION_STRING, ACS_ENDPOINT): required with ACS',
    !acs.phone_number && 'telephony.acs.phone_number (env ACS_PHONE_NUMBER): the number ACS calls from',
    !acs.resource_id &&
      'telephony.acs.resource_id (env ACS_RESOURCE_ID): the audience of ACS callback tokens',
    !publicUrl?.startsWith('https://') && 'host.public_url (env PUBLIC_URL): the https URL ACS calls back',
    webPubSub &&
      !acs.media_bridge &&
      !acs.cognitive_services_endpoint &&
      'telephony.acs.cognitive_services_endpoint (env COGNITIVE_SERVICES_ENDPOINT): the AI services ACS transcribes and speaks with, for the serverless voice loop',
  ].filter((problem): problem is string => typeof problem === 'string');
  if (problems.length > 0 || !acs.phone_number || !acs.resource_id || !publicUrl) {
    throw new ConfigError(problems);
  }
  // Loaded only when used: the Azure SDK would slow the local host's cold start for nothing.
  const { AcsTelephony } = await import('../providers/telephony/acs.js');
  // The media bridge, when asked for, carries the voice itself; otherwise Web PubSub does, if configured.
  const serverless = acs.media_bridge ? undefined : webPubSub;
  const telephony = new AcsTelephony({
    ...(await acsAuth(config, acs.connection_string, acs.endpoint)),
    botPhoneNumber: acs.phone_number,
    callbackBaseUrl: publicUrl,
    callbackSecretFor: (callId) => callbackSecretFor(callbackSecret, callId),
    // Kept on the call, so any instance can hang up a call another one placed.
    connections: {
      get: async (callId) => (await store.get(callId))?.connection_id ?? undefined,
      set: async (callId, connectionId) => {
        await store.update(callId, (draft) => {
          // A late callback for a call that ended must not make it look on the line again.
          if (draft.lifecycle.state !== 'ended') draft.connection_id = connectionId;
        });
      },
    },
    ...(acs.cognitive_services_endpoint
      ? { cognitiveServicesEndpoint: acs.cognitive_services_endpoint }
      : {}),
    // The media socket checks the same per-call secret as the callbacks.
    ...(acs.media_bridge
      ? {
          mediaStreamingUrlFor: (callId: string) =>
            `${publicUrl.replace(/^http/, 'ws')}${mediaStreamPath(callbackSecret, callId)}`,
        }
      : {}),
    ...(serverless
      ? {
          transcriptionUrlFor: await transcriptionUrls(
            config,
            serverless,
            overrides.webPubSubHttpClient ? { httpClient: overrides.webPubSubHttpClient } : undefined,
          ),
        }
      : {}),
    ...(overrides.acsHttpClient ? { httpClient: overrides.acsHttpClient } : {}),
  });
  const verifier = new AcsCallbackVerifier({
    audience: acs.resource_id,
    ...(overrides.fetch ? { fetch: overrides.fetch } : {}),
  });
  return {
    telephony,
    verifier,
    botPhoneNumber: acs.phone_number,
    ...(serverless
      ? { serverlessVoice: (services: SessionServices) => buildServerlessVoice(services, telephony) }
      : {}),
  };
}
