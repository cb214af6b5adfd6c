import { createHttpHeaders, type HttpClient } from '@azure/core-rest-pipeline';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../shared/config';
import { silentLogger } from '../../shared/log';
import { createServices } from '../../shared/services';
import { FAKE_ENDPOINT, FakeAppConfiguration } from '../flags/fake-app-configuration';
import { FakeAcsSms } from '../sms/fake-acs-sms';
import { FakeAcs } from '../support/fake-acs';
import { prepareCallsContainer, startCosmosServer, type CosmosTestServer } from '../support/cosmos-server';
import { FakeManagedIdentity } from '../support/fake-managed-identity';
import { makeCall } from '../support/calls';
import { makeTempDir } from '../support/tmp';
import { useManagedIdentity } from './use-managed-identity';

/**
 * The composition root configured as the Bicep configures the Functions app: endpoints, no keys. Every
 * Azure backend is selected, and each one that is used authenticates with the managed identity's token.
 */

const identity = useManagedIdentity();
let cosmos: CosmosTestServer;
const tmp = makeTempDir();

beforeAll(async () => {
  cosmos = await startCosmosServer();
  await prepareCallsContainer(cosmos);
});
afterAll(async () => {
  await cosmos.close();
  tmp.remove();
});
// The emulator's self-signed certificate (restored after each test with the identity's environment).
beforeEach(() => {
  vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0');
});

const secret = Buffer.alloc(32, 3).toString('base64');
const keyless = () =>
  loadConfig({
    cwd: tmp.dir,
    env: {
      DATA_DIR: tmp.dir,
      PUBLIC_URL: 'https://callcenter.example.net',
      CALLBACK_SECRET: secret,
      REPORT_SECRET: secret,
      STORE__BACKEND: 'cosmos',
      COSMOS_ENDPOINT: cosmos.endpoint,
      LLM__FAST__ENDPOINT: 'https://contoso.openai.azure.com/',
      LLM__FAST__MODEL: 'gpt-4o-mini',
      LLM__FAST__AZURE_API_VERSION: '2024-10-21',
      APP_CONFIGURATION_ENDPOINT: FAKE_ENDPOINT,
      FLAGS__APP_CONFIGURATION__SENTINEL_KEY: 'sentinel',
      TELEPHONY__BACKEND: 'acs',
      ACS_ENDPOINT: 'https://contoso.communication.azure.com',
      ACS_PHONE_NUMBER: '+18005550100',
      ACS_RESOURCE_ID: '1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9',
      COGNITIVE_SERVICES_ENDPOINT: 'https://contoso-ai.cognitiveservices.azure.com/',
      WEB_PUBSUB_ENDPOINT: 'https://contoso.webpubsub.azure.com',
      SMS__BACKEND: 'acs',
    },
  });

describe('the services with endpoints and no keys', () => {
  it('select every Azure backend, and reach each with the managed identity', async () => {
    const appConfiguration = new FakeAppConfiguration();
    appConfiguration.acceptedToken = FakeManagedIdentity.tokenFor('https://appconfig.azure.com');
    appConfiguration.set('sentinel', '1');
    appConfiguration.set('vad_threshold', '0.65');
    const acs = new FakeAcs({ botNumber: '+18005550100' });
    const sms = new FakeAcsSms();
    const webPubSub: HttpClient = {
      // POST /api/hubs/calls/:generateToken?userId=<call> → { token }: the call's transcription URL.
      async sendRequest(request) {
        webPubSubAuthorizations.push(request.headers.get('authorization') ?? '');
        const userId = new URL(request.url).searchParams.get('userId');
        return {
          request,
          status: 200,
          headers: createHttpHeaders({ 'content-type': 'application/json' }),
          bodyAsText: JSON.stringify({ token: `token-of-${userId}` }),
        };
      },
    };
    const webPubSubAuthorizations: string[] = [];
    const services = await createServices(keyless(), {
      log: silentLogger,
      appConfigurationHttpClient: appConfiguration,
      acsHttpClient: acs,
      acsSmsHttpClient: sms,
      webPubSubHttpClient: webPubSub,
    });
    try {
      expect(services.ports).toEqual({
        store: 'cosmos',
        telephony: 'acs',
        voice: 'web-pubsub',
        stt: 'azure-speech',
        tts: 'azure-speech',
        sms: 'acs',
        flags: 'app-configuration',
        llm: 'azure-openai',
        // No Application Insights connection string in this environment: the no-op API.
        telemetry: 'none',
      });
      expect((await services.flags.get()).vad_threshold).toBe(0.65);
      expect(appConfiguration.requests[0]?.url.searchParams.get('key')).toBe('sentinel');

      // The call goes into Cosmos DB (the store keeps ACS's connection id on it).
      const call = await services.store.create(makeCall());
      await services.telephony.placeCall({ callId: call.call_id, to: '+33612345678', language: 'en-US' });
      expect(acs.requests[0]?.headers.authorization).toBe(
        `Bearer ${FakeManagedIdentity.tokenFor('https://communication.azure.com/')}`,
      );
      // The call's transcription goes to a Web PubSub client URL asked of the service with the identity.
      expect(JSON.stringify(acs.requests[0]?.body)).toContain(`access_token=token-of-${call.call_id}`);
      expect(webPubSubAuthorizations).toEqual([
        `Bearer ${FakeManagedIdentity.tokenFor('https://webpubsub.azure.com')}`,
      ]);
      expect((await services.sms.send({ to: '+33612345678', body: 'Hello' })).ok).toBe(true);
      expect(sms.requests[0]?.headers.authorization).toBe(
        `Bearer ${FakeManagedIdentity.tokenFor('https://communication.azure.com/')}`,
      );
      expect(new Set(identity.requests.map((r) => r.resource))).toEqual(
        new Set([
          'https://appconfig.azure.com',
          cosmos.endpoint,
          'https://communication.azure.com/',
          'https://webpubsub.azure.com',
        ]),
      );
    } finally {
      await services.close();
    }
  });

  it('refuses ACS with neither a connection string nor an endpoint, naming both settings', async () => {
    const config = keyless();
    const { endpoint: _, ...acs } = config.telephony.acs;
    await expect(
      createServices({ ...config, telephony: { ...config.telephony, acs } }, { log: silentLogger }),
    ).rejects.toThrow(
      /telephony\.acs\.connection_string or \.endpoint \(env ACS_CONNECTION_STRING, ACS_ENDPOINT\)/,
    );
  });
});
