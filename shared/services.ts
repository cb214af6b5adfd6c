import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, dataPath, type Config } from './config';
import { AcsCallbackVerifier, callbackSecretFor, mediaStreamPath } from './http/acs-callback-auth';
import { createLogger, type Logger } from './log';
import { azureCredential } from './providers/azure-credential';
import type { FeatureFlags } from './providers/flags/flags';
import type { ChatModel } from './providers/llm/llm';
import type { SearchHttpClient } from './providers/search/azure-search';
import { lazySearch, type DocumentSearch } from './providers/search/search';
import type { SmsSender } from './providers/sms/sms';
import type { SmsChannel } from './conversation/sms-channel';
import type { SqliteDatabase } from './providers/sqlite';
import { CallStore } from './providers/store/store';
import { LocalPhoneNetwork } from './providers/telephony/local';
import type { AcsAuth } from './providers/acs-auth';
import type { AcsTelephony, HttpClient } from './providers/telephony/acs';
import type { Telephony } from './providers/telephony/telephony';
import { loadSecret } from './secrets';
import { startTelemetry, type Telemetry } from './telemetry/setup';
import type { ServerlessVoice } from './voice/serverless/serverless-voice';
import {
  buildServerlessVoice,
  openWebPubSub,
  transcriptionUrls,
  type WebPubSubSettings,
} from './voice/serverless/setup';

/**
 * The composition root: the one place that reads the config and picks a backend for each port.
 * Hosts (the Functions app, the local host, tests) call `createServices` and get the same wiring.
 */
export interface Services {
  readonly config: Config;
  readonly log: Logger;
  readonly store: CallStore;
  readonly telephony: Telephony;
  /** Feature flags, read live (App Configuration, or the config file reloaded on change). */
  readonly flags: FeatureFlags;
  /** The embedded database when one is used (the call store and the local workflow runner share it). */
  readonly sqlite: SqliteDatabase | undefined;
  /** Where the embedded database lives, for the startup banner. */
  readonly sqlitePath: string | undefined;
  /** Which backend serves each port. */
  readonly ports: Record<string, string>;
  /** Where traces and metrics go (shared/telemetry); `none`: the OpenTelemetry API stays a no-op. */
  readonly telemetry: Telemetry;
  /** Derives each call's callback secret (the `?secret=` ACS sends back). */
  readonly callbackSecret: Buffer;
  /** Signs report links. */
  readonly reportSecret: Buffer;
  readonly sms: SmsSender;
  /** The documents the `search_document` tool searches, opened on first search; none when not configured. */
  readonly search: DocumentSearch | undefined;
  /** Where phones, ACS and report links reach this app. */
  readonly publicUrl: string;
  /** The LLMs that write post-call insights, slow model first (none: the offline rules). */
  insightModels(): Promise<ChatModel[]>;
  /** SMS as a channel: one per process (it holds the per-number rate limit). */
  smsChannel(): Promise<SmsChannel>;
  /** Set when ACS is the telephony backend: what its callbacks and Event Grid webhook need. */
  readonly acs: AcsServices | undefined;
  /** Set when calls talk through the serverless voice loop (ACS transcription via Web PubSub, play). */
  readonly serverlessVoice: ServerlessVoice | undefined;
  /** The Web PubSub hub ACS streams transcriptions to, and how its upstream requests are checked. */
  readonly webPubSub: WebPubSubSettings | undefined;
  now(): Date;
  close(): Promise<void>;
}

export interface AcsServices {
  readonly telephony: AcsTelephony;
  readonly verifier: AcsCallbackVerifier;
  readonly botPhoneNumber: string;
  /** Builds the serverless voice loop on the finished services (set when it is the voice path). */
  readonly serverlessVoice?: (services: Services) => Promise<ServerlessVoice>;
}

export interface ServiceOverrides {
  readonly log?: Logger;
  readonly telephony?: Telephony;
  readonly now?: () => Date;
  /** The ACS client's HTTP transport (tests answer ACS's REST API with it). */
  readonly acsHttpClient?: HttpClient;
  /** How callback JWT signing keys are fetched (tests serve them locally). */
  readonly fetch?: typeof fetch;
  /** Where the config came from, so that the config file can be re-read for live flags. */
  readonly configSource?: { env?: NodeJS.ProcessEnv; cwd?: string; overrides?: Record<string, unknown> };
  readonly sms?: SmsSender;
  /** The Azure AI Search client's HTTP transport (tests answer its REST API with it). */
  readonly searchHttpClient?: SearchHttpClient;
  /** The App Configuration client's HTTP transport (tests answer its REST API with it). */
  readonly appConfigurationHttpClient?: HttpClient;
  /** The ACS SMS client's HTTP transport (tests answer its REST API with it). */
  readonly acsSmsHttpClient?: HttpClient;
  /** The Web PubSub client's HTTP transport (tests answer its REST API with it). */
  readonly webPubSubHttpClient?: HttpClient;
}

export async function createServices(config: Config, overrides: ServiceOverrides = {}): Promise<Services> {
  const log = overrides.log ?? createLogger(config.log.level);
  // Azure instances must share secrets, so there they are configured, never generated.
  const secrets = {
    file: resolve(dataPath(config, 'secrets.json')),
    mayGenerate: config.telephony.backend === 'local',
  };
  const callbackSecret = loadSecret(
    'callback',
    {
      configured: config.security.callback_secret,
      setting: 'security.callback_secret (env CALLBACK_SECRET)',
    },
    secrets,
  );
  const reportSecret = loadSecret(
    'report',
    { configured: config.security.report_secret, setting: 'security.report_secret (env REPORT_SECRET)' },
    secrets,
  );
  // Before anything is opened: it only checks the config, and opens its backend on first search.
  const search = openSearch(config, log, overrides);
  const { store, sqlite, sqlitePath } = await openStore(config);
  const webPubSub = openWebPubSub(config);
  const acs =
    config.telephony.backend === 'acs'
      ? await openAcs(config, store, callbackSecret, overrides, webPubSub)
      : undefined;
  const telephony = overrides.telephony ?? acs?.telephony ?? new LocalPhoneNetwork(log);
  const flags = await openFlags(config, log, overrides);
  const sms = overrides.sms ?? (await openSms(config, overrides));
  const llm = !config.llm.fast.endpoint
    ? 'offline agent'
    : config.llm.fast.azure_api_version
      ? 'azure-openai'
      : 'openai-compatible';
  const voice = voicePathOf(config, acs);
  let smsChannel: Promise<SmsChannel> | undefined;
  let serverlessVoice: ServerlessVoice | undefined;
  // Once every check above passed (it is shared by the process and released on close); the calls' spans
  // start only after this: nothing above writes a call.
  const telemetry = await startTelemetry(config.telemetry, log);
  const services: Services = {
    config,
    log,
    store,
    telephony,
    flags,
    callbackSecret,
    reportSecret,
    sms,
    search,
    publicUrl: config.host.public_url ?? `http://localhost:${config.host.port}`,
    // Loaded on first use: the openai client costs the local host's cold start ~120 ms otherwise.
    insightModels: async () =>
      (await import('./conversation/models.js')).createLlmModels(config, config.features, 'slow'),
    acs,
    get serverlessVoice() {
      return serverlessVoice;
    },
    webPubSub: acs?.serverlessVoice ? webPubSub : undefined,
    sqlite,
    sqlitePath,
    telemetry,
    ports: {
      store: store.kind,
      telephony: telephony.kind,
      voice,
      // The serverless loop speaks and listens through ACS, with the AI Services resource it names. A
      // host with its own voice loop (the local host) reports its own providers instead.
      stt: voice === 'web-pubsub' ? 'azure-speech' : 'none',
      tts: voice === 'web-pubsub' ? 'azure-speech' : 'none',
      sms: sms.kind,
      flags: flags.kind,
      llm,
      ...(search ? { search: search.kind } : {}),
      telemetry: telemetry.kind,
    },
    now: overrides.now ?? (() => new Date()),
    smsChannel() {
      // Loaded on first text: the conversation modules are not needed to start the host.
      smsChannel ??= import('./conversation/sms-channel.js').then(
        ({ SmsChannel }) => new SmsChannel(services),
      );
      return smsChannel;
    },
    async close() {
      await flags.close();
      await search?.close();
      await store.close();
      sqlite?.close();
      await telemetry.shutdown();
    },
  };
  if (acs?.serverlessVoice) serverlessVoice = await acs.serverlessVoice(services);
  return services;
}

/** Which voice path calls take: in this process (local), the media bridge, or the serverless loop. */
function voicePathOf(config: Config, acs: AcsServices | undefined): string {
  if (config.telephony.backend === 'local') return 'local';
  if (config.telephony.acs.media_bridge) return 'media-bridge';
  return acs?.serverlessVoice ? 'web-pubsub' : 'none';
}

/** The configured call store (and the embedded database, when it is SQLite); the export opens it alone. */
export async function openStore(
  config: Config,
): Promise<{ store: CallStore; sqlite: SqliteDatabase | undefined; sqlitePath: string | undefined }> {
  const cosmos = config.store.cosmos;
  const backend = config.store.backend ?? (cosmos.endpoint ? 'cosmos' : 'sqlite');
  if (backend === 'cosmos') {
    if (!cosmos.endpoint) {
      throw new ConfigError([
        'store.cosmos.endpoint (env COSMOS_ENDPOINT): required with the cosmos store (and store.cosmos.key, COSMOS_KEY, unless the app identity has a data-plane role)',
      ]);
    }
    // Loaded only when used: the Azure SDK would slow the local host's cold start for nothing.
    const { CosmosCallStore } = await import('./providers/store/cosmos.js');
    const { database, container, endpoint, key } = { ...cosmos, endpoint: cosmos.endpoint };
    const cosmosStore = key
      ? await CosmosCallStore.connect({ endpoint, key, database, container })
      : await CosmosCallStore.connectWithIdentity({
          endpoint,
          credential: await azureCredential(config),
          database,
          container,
        });
    return { store: new CallStore(cosmosStore), sqlite: undefined, sqlitePath: undefined };
  }
  // Loaded only when used too: the native module has no business in a Cosmos-backed Functions app.
  const { openSqliteDatabase } = await import('./providers/sqlite.js');
  const { SqliteCallStore } = await import('./providers/store/sqlite.js');
  const path = resolve(dataPath(config, config.store.sqlite_path ?? 'callcenter.sqlite'));
  const sqlite = openSqliteDatabase(path);
  return { store: new CallStore(new SqliteCallStore(sqlite)), sqlite, sqlitePath: path };
}

async function openAcs(
  config: Config,
  store: CallStore,
  callbackSecret: Buffer,
  overrides: ServiceOverrides,
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
  const { AcsTelephony } = await import('./providers/telephony/acs.js');
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
      ? { serverlessVoice: (services: Services) => buildServerlessVoice(services, telephony) }
      : {}),
  };
}

/**
 * How an ACS client authenticates: the connection string when one is set (local development), else the
 * resource endpoint with the app's Entra ID identity.
 */
async function acsAuth(
  config: Config,
  connectionString: string | undefined,
  endpoint: string | undefined,
): Promise<AcsAuth> {
  if (connectionString) return { connectionString };
  if (!endpoint) throw new ConfigError(['telephony.acs.connection_string or .endpoint: required with ACS']);
  return { endpoint, credential: await azureCredential(config) };
}

async function openFlags(config: Config, log: Logger, overrides: ServiceOverrides): Promise<FeatureFlags> {
  const refreshIntervalMs = config.flags.refresh_interval_sec * 1000;
  const appConfiguration = config.flags.app_configuration;
  const { connection_string: connectionString, endpoint } = appConfiguration;
  if (connectionString || endpoint) {
    const { AppConfigurationFlags } = await import('./providers/flags/app-configuration.js');
    return new AppConfigurationFlags({
      ...(connectionString
        ? { connectionString }
        : { endpoint: endpoint as string, credential: await azureCredential(config) }),
      log,
      refreshIntervalMs,
      ...(appConfiguration.key_prefix ? { keyPrefix: appConfiguration.key_prefix } : {}),
      ...(appConfiguration.label ? { label: appConfiguration.label } : {}),
      ...(appConfiguration.sentinel_key ? { sentinelKey: appConfiguration.sentinel_key } : {}),
      ...(overrides.appConfigurationHttpClient
        ? { clientOptions: { httpClient: overrides.appConfigurationHttpClient } }
        : {}),
    });
  }
  const { ConfigFileFlags } = await import('./providers/flags/config-file.js');
  return new ConfigFileFlags({ log, refreshIntervalMs, ...overrides.configSource });
}

async function openSms(config: Config, overrides: ServiceOverrides): Promise<SmsSender> {
  const { acs, twilio } = config.sms;
  const backend =
    config.sms.backend ?? (twilio.account_sid ? 'twilio' : acs.connection_string ? 'acs' : 'outbox');
  if (backend === 'twilio') {
    if (!twilio.account_sid || !twilio.auth_token || !twilio.from) {
      throw new ConfigError([
        'sms.twilio: set account_sid, auth_token and from (env TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_PHONE_NUMBER)',
      ]);
    }
    const { TwilioSmsSender } = await import('./providers/sms/twilio.js');
    return new TwilioSmsSender({
      accountSid: twilio.account_sid,
      authToken: twilio.auth_token,
      from: twilio.from,
    });
  }
  if (backend === 'acs') {
    const from = acs.from ?? config.telephony.acs.phone_number;
    const connectionString = acs.connection_string ?? config.telephony.acs.connection_string;
    const endpoint = config.telephony.acs.endpoint;
    if (!(connectionString || endpoint) || !from) {
      throw new ConfigError([
        'sms.acs: set connection_string and from (or the telephony.acs ones: connection_string or endpoint, phone_number)',
      ]);
    }
    const { AcsSmsSender } = await import('./providers/sms/acs.js');
    return new AcsSmsSender({
      ...(await acsAuth(config, connectionString, endpoint)),
      from,
      ...(overrides.acsSmsHttpClient ? { httpClient: overrides.acsSmsHttpClient } : {}),
    });
  }
  const { OutboxSmsSender } = await import('./providers/sms/outbox.js');
  return new OutboxSmsSender();
}

/**
 * The document search backend, opened on first search: neither the SDK nor the indexing of the docs
 * folder slows the host's start, and a process that never searches never pays for them. Undefined
 * when none is configured: the conversation then has no `search_document` tool.
 */
function openSearch(config: Config, log: Logger, overrides: ServiceOverrides): DocumentSearch | undefined {
  const { azure, docs_dir } = config.search;
  const backend = config.search.backend ?? (azure.endpoint ? 'azure' : docs_dir ? 'sqlite' : 'none');
  if (backend === 'azure') {
    const { endpoint, key, index } = azure;
    if (!endpoint || !index) {
      throw new ConfigError([
        [
          !endpoint && 'search.azure.endpoint (env AZURE_SEARCH_ENDPOINT)',
          !index && 'search.azure.index (env AZURE_SEARCH_INDEX)',
        ]
          .filter(Boolean)
          .join(', ') + ': required with the Azure AI Search backend',
      ]);
    }
    return lazySearch('azure-search', async () => {
      const { AzureDocumentSearch } = await import('./providers/search/azure-search.js');
      return new AzureDocumentSearch({
        endpoint,
        // Without a key, the app's Entra ID identity (role Search Index Data Reader).
        ...(key ? { key } : { credential: await azureCredential(config) }),
        index,
        fields: { title: azure.title_field, content: azure.content_field, source: azure.source_field },
        ...(azure.semantic_configuration ? { semanticConfiguration: azure.semantic_configuration } : {}),
        ...(azure.vector_field ? { vectorField: azure.vector_field } : {}),
        ...(overrides.searchHttpClient ? { httpClient: overrides.searchHttpClient } : {}),
        log,
      });
    });
  }
  if (backend === 'sqlite') {
    if (!docs_dir) {
      throw new ConfigError(['search.docs_dir (env SEARCH__DOCS_DIR): the folder of documents to search']);
    }
    // Checked now: a typo in the folder's name should stop startup, not fail a caller's question.
    const docsDir = resolve(docs_dir);
    if (!existsSync(docsDir) || !statSync(docsDir).isDirectory()) {
      throw new ConfigError([`search.docs_dir: no folder at ${docsDir}`]);
    }
    const indexPath = resolve(dataPath(config, config.search.sqlite_path ?? 'search.sqlite'));
    return lazySearch('sqlite-fts', async () => {
      const { SqliteFtsSearch } = await import('./providers/search/sqlite-fts.js');
      return SqliteFtsSearch.open({ docsDir, indexPath, log });
    });
  }
  return undefined;
}
