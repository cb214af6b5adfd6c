import { resolve } from 'node:path';
import { dataPath, type Config } from './config';
import { createLogger, type Logger } from './log';
import type { FeatureFlags } from './providers/flags/flags';
import type { ChatModel } from './providers/llm/llm';
import type { DocumentSearch } from './providers/search/search';
import type { SmsSender } from './providers/sms/sms';
import type { SmsChannel } from './conversation/sms-channel';
import type { SqliteDatabase } from './providers/sqlite';
import type { CallStore } from './providers/store/store';
import { LocalPhoneNetwork } from './providers/telephony/local';
import type { Telephony } from './providers/telephony/telephony';
import { loadSecret } from './secrets';
import { startTelemetry, type Telemetry } from './telemetry/setup';
import type { ServerlessVoice } from './voice/serverless/serverless-voice';
import { openWebPubSub, type WebPubSubSettings } from './voice/serverless/setup';
import { openAcs, type AcsOverrides, type AcsServices } from './wiring/acs';
import { openFlags, type FlagsOverrides } from './wiring/flags';
import { openSearch, type SearchOverrides } from './wiring/search';
import { openSms, type SmsOverrides } from './wiring/sms';
import { openStore } from './wiring/store';

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

/** What hosts and tests may replace; each backend's own transports are in its `wiring/` file. */
export interface ServiceOverrides extends AcsOverrides, FlagsOverrides, SearchOverrides, SmsOverrides {
  readonly log?: Logger;
  readonly telephony?: Telephony;
  readonly now?: () => Date;
  readonly sms?: SmsSender;
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
