import { createHttpHeaders, type HttpClient, type PipelineRequest } from '@azure/core-rest-pipeline';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig, type Config } from '../../shared/config';
import { createLlmModels } from '../../shared/conversation/models';
import { defaultFeatures } from '../../shared/providers/flags/flags';
import { AppConfigurationFlags } from '../../shared/providers/flags/app-configuration';
import { azureCredential } from '../../shared/providers/azure-credential';
import { AzureDocumentSearch } from '../../shared/providers/search/azure-search';
import { AcsSmsSender } from '../../shared/providers/sms/acs';
import { CosmosCallStore } from '../../shared/providers/store/cosmos';
import { AcsTelephony } from '../../shared/providers/telephony/acs';
import { silentLogger } from '../../shared/log';
import { transcriptionUrls } from '../../shared/voice/serverless/setup';
import { FAKE_ENDPOINT, FakeAppConfiguration } from '../flags/fake-app-configuration';
import { FakeAcsSms } from '../sms/fake-acs-sms';
import { FakeAcs } from '../support/fake-acs';
import { documentsOfFolder, FakeAzureSearch } from '../support/fake-azure-search';
import { FakeManagedIdentity } from '../support/fake-managed-identity';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../support/scripted-llm-server';
import { prepareCallsContainer, startCosmosServer, type CosmosTestServer } from '../support/cosmos-server';
import { DOCS_DIR } from '../search/support';
import { useManagedIdentity } from './use-managed-identity';
import { makeCall } from '../support/calls';

/**
 * Every Azure backend configured with an endpoint and no key authenticates with the app's managed
 * identity: the real @azure/identity asks a fake App Service identity endpoint (IDENTITY_ENDPOINT +
 * IDENTITY_HEADER, as Functions sets them) for a token for the service's audience, and the service
 * (a fake at its wire protocol) receives `Authorization: Bearer <that token>` and answers.
 */

const identity = useManagedIdentity();
const bearer = (audience: string) => `Bearer ${FakeManagedIdentity.tokenFor(audience)}`;

function config(overrides: Record<string, unknown> = {}): Config {
  return loadConfig({ env: {}, cwd: '/nonexistent', overrides });
}

const audiences = () => identity.requests.map((r) => r.resource);

describe('the app identity (DefaultAzureCredential, managed identity on Functions)', () => {
  it('asks the App Service identity endpoint with its header and api-version 2019-08-01', async () => {
    const credential = await azureCredential(config());
    const token = await credential.getToken('https://cognitiveservices.azure.com/.default');
    expect(token?.token).toBe(FakeManagedIdentity.tokenFor('https://cognitiveservices.azure.com'));
    expect(identity.requests).toEqual([
      {
        resource: 'https://cognitiveservices.azure.com',
        apiVersion: '2019-08-01',
        clientId: null,
        identityHeader: identity.secret,
      },
    ]);
  });

  it('asks for the user-assigned identity named by identity.client_id (AZURE_CLIENT_ID)', async () => {
    const clientId = '00000000-1111-2222-3333-444444444444';
    const credential = await azureCredential(config({ identity: { client_id: clientId } }));
    await credential.getToken('https://azconfig.io/.default');
    expect(identity.requests.map((r) => r.clientId)).toEqual([clientId]);
  });
});

describe('Azure OpenAI without a key', () => {
  let llm: ScriptedLlmServer;
  beforeAll(async () => {
    llm = await startScriptedLlmServer();
  });
  afterAll(() => llm.close());

  it('sends the identity token for cognitiveservices.azure.com, and the model answers', async () => {
    llm.enqueue({ content: 'Bonjour !' });
    const [model] = createLlmModels(
      config({
        llm: { fast: { endpoint: llm.azureEndpoint, model: 'gpt-4o-mini', azure_api_version: '2024-10-21' } },
      }),
      defaultFeatures(),
      'fast',
    );
    let text = '';
    for await (const event of model!.stream({
      messages: [{ role: 'user', content: 'Salut' }],
      tools: [],
      signal: new AbortController().signal,
    })) {
      if (event.type === 'text') text += event.text;
    }
    expect(text).toBe('Bonjour !');
    expect(llm.requests[0]?.headers.authorization).toBe(bearer('https://cognitiveservices.azure.com'));
    expect(llm.requests[0]?.headers['api-key']).toBeUndefined();
  });
});

describe('App Configuration with an endpoint', () => {
  it('reads the flags with the identity token', async () => {
    const store = new FakeAppConfiguration();
    store.acceptedToken = FakeManagedIdentity.tokenFor('https://appconfig.azure.com');
    store.set('vad_threshold', '0.7');
    const flags = new AppConfigurationFlags({
      endpoint: FAKE_ENDPOINT,
      credential: await azureCredential(config()),
      clientOptions: { httpClient: store, retryOptions: { maxRetries: 0 } },
      log: silentLogger,
    });
    try {
      expect((await flags.get()).vad_threshold).toBe(0.7);
    } finally {
      await flags.close();
    }
    expect(store.requests[0]?.headers.authorization).toBe(bearer('https://appconfig.azure.com'));
  });
});

describe('Azure Communication Services with an endpoint', () => {
  const endpoint = 'https://contoso.communication.azure.com';

  it('places a call through Call Automation with the identity token', async () => {
    const acs = new FakeAcs({ botNumber: '+14255550100' });
    const telephony = new AcsTelephony({
      endpoint,
      credential: await azureCredential(config()),
      botPhoneNumber: '+14255550100',
      callbackBaseUrl: 'https://callcenter.example.net/',
      httpClient: acs,
    });
    await telephony.placeCall({ callId: 'call-1', to: '+33612345678', language: 'fr-FR' });
    expect(acs.requests[0]?.path).toBe('/calling/callConnections');
    expect(acs.requests[0]?.headers.authorization).toBe(bearer('https://communication.azure.com/'));
  });

  it('sends a text through ACS SMS with the identity token', async () => {
    const sms = new FakeAcsSms();
    const sender = new AcsSmsSender({
      endpoint,
      credential: await azureCredential(config()),
      from: '+14255550100',
      httpClient: sms,
    });
    const result = await sender.send({ to: '+33612345678', body: 'Votre dossier est enregistré.' });
    expect(result.ok).toBe(true);
    expect(sms.requests[0]?.headers.authorization).toBe(bearer('https://communication.azure.com/'));
  });
});

describe('Azure AI Search without a key', () => {
  it('searches the index with the identity token', async () => {
    const fake = new FakeAzureSearch('docs', documentsOfFolder(DOCS_DIR));
    const search = new AzureDocumentSearch({
      endpoint: 'https://contoso-search.search.windows.net',
      credential: await azureCredential(config()),
      index: 'docs',
      httpClient: fake,
      maxRetries: 0,
    });
    const hits = await search.search('deductible');
    expect(hits.length).toBeGreaterThan(0);
    expect(fake.requests[0]?.headers.authorization).toBe(bearer('https://search.azure.com'));
    expect(fake.requests[0]?.headers['api-key']).toBeUndefined();
  });
});

describe('Web PubSub with an endpoint', () => {
  it("asks the service for each call's client token with the identity token", async () => {
    const seen: PipelineRequest[] = [];
    // The service's REST API: POST /api/hubs/{hub}/:generateToken?userId=&minutesToExpire= → { token }.
    const service: HttpClient = {
      async sendRequest(request) {
        seen.push(request);
        const url = new URL(request.url);
        const ok = request.method === 'POST' && url.pathname === '/api/hubs/calls/:generateToken';
        return {
          request,
          status: ok ? 200 : 404,
          headers: createHttpHeaders({ 'content-type': 'application/json' }),
          bodyAsText: JSON.stringify(ok ? { token: `token-of-${url.searchParams.get('userId')}` } : {}),
        };
      },
    };
    const endpoint = 'https://contoso.webpubsub.azure.com';
    const urlFor = await transcriptionUrls(
      config(),
      { endpoint, hub: 'calls', accessKeys: [], origin: 'contoso.webpubsub.azure.com' },
      { httpClient: service },
    );
    const url = new URL(await urlFor('call-1'));
    expect(url.host).toBe('contoso.webpubsub.azure.com');
    expect(url.searchParams.get('access_token')).toBe('token-of-call-1');
    expect(seen[0]?.headers.get('authorization')).toBe(bearer('https://webpubsub.azure.com'));
  });
});

describe('Cosmos DB without a key', () => {
  let cosmos: CosmosTestServer;
  const authorizations: string[] = [];
  beforeAll(async () => {
    cosmos = await startCosmosServer();
    await prepareCallsContainer(cosmos);
  });
  afterAll(() => cosmos.close());

  it('stores and reads a call with the identity token (type=aad)', async () => {
    // The emulator accepts any credential; its requests are observed on the way in.
    cosmos.server.prependListener('request', (request) => {
      authorizations.push(decodeURIComponent(String(request.headers.authorization ?? '')));
    });
    vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0');
    const store = await CosmosCallStore.connectWithIdentity({
      endpoint: cosmos.endpoint,
      credential: await azureCredential(config()),
      database: 'callcenter',
      container: 'calls',
    });
    try {
      const call = makeCall();
      await store.insert(call, JSON.stringify(call));
      expect((await store.read(call.call_id))?.call.call_id).toBe(call.call_id);
    } finally {
      await store.close();
    }
    expect(audiences()).toContain(cosmos.endpoint);
    const token = FakeManagedIdentity.tokenFor(cosmos.endpoint);
    expect(authorizations.length).toBeGreaterThan(0);
    expect(authorizations.every((a) => a === `type=aad&ver=1.0&sig=${token}`)).toBe(true);
  });

  it('fails at start-up, naming the container, when the container does not exist', async () => {
    vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0');
    await expect(
      CosmosCallStore.connectWithIdentity({
        endpoint: cosmos.endpoint,
        credential: await azureCredential(config()),
        database: 'callcenter',
        container: 'missing',
      }),
    ).rejects.toThrow(/callcenter\/missing could not be read with the app's identity/);
  });
});
