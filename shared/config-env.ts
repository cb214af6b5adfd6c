import { configSchema } from './config-schema';

/**
 * How environment variables map onto config keys: `SECTION__KEY` (`LLM__FAST__ENDPOINT`,
 * `FEATURES__VAD_THRESHOLD`), and a few well-known names as aliases.
 */

/** Familiar names, mapped onto config keys. Explicit `SECTION__KEY` variables win over these. */
export const ENV_ALIASES: Readonly<Record<string, readonly string[]>> = {
  PORT: ['host', 'port'],
  HOST: ['host', 'bind'],
  CALLCENTER_API_KEY: ['host', 'api_key'],
  PUBLIC_URL: ['host', 'public_url'],
  MEDIA_WORKERS: ['host', 'media_workers'],
  MEDIA_CALLS_IN_MAIN: ['host', 'media_calls_in_main'],
  DATA_DIR: ['data_dir'],
  LOG_LEVEL: ['log', 'level'],
  OPENAI_BASE_URL: ['llm', 'fast', 'endpoint'],
  OPENAI_API_KEY: ['llm', 'fast', 'api_key'],
  OPENAI_MODEL: ['llm', 'fast', 'model'],
  AZURE_OPENAI_ENDPOINT: ['llm', 'fast', 'endpoint'],
  AZURE_OPENAI_API_KEY: ['llm', 'fast', 'api_key'],
  AZURE_OPENAI_API_VERSION: ['llm', 'fast', 'azure_api_version'],
  AZURE_SPEECH_KEY: ['speech', 'tts', 'azure', 'key'],
  AZURE_SPEECH_REGION: ['speech', 'tts', 'azure', 'region'],
  AZURE_SPEECH_RESOURCE_ID: ['speech', 'tts', 'azure', 'resource_id'],
  TRANSCRIPTION_ENDPOINT: ['speech', 'stt', 'openai', 'endpoint'],
  TRANSCRIPTION_API_KEY: ['speech', 'stt', 'openai', 'api_key'],
  COSMOS_ENDPOINT: ['store', 'cosmos', 'endpoint'],
  COSMOS_KEY: ['store', 'cosmos', 'key'],
  APP_CONFIGURATION_CONNECTION_STRING: ['flags', 'app_configuration', 'connection_string'],
  APP_CONFIGURATION_ENDPOINT: ['flags', 'app_configuration', 'endpoint'],
  AZURE_CLIENT_ID: ['identity', 'client_id'],
  ACS_ENDPOINT: ['telephony', 'acs', 'endpoint'],
  WEB_PUBSUB_ENDPOINT: ['telephony', 'acs', 'web_pubsub', 'endpoint'],
  ACS_CONNECTION_STRING: ['telephony', 'acs', 'connection_string'],
  ACS_PHONE_NUMBER: ['telephony', 'acs', 'phone_number'],
  ACS_RESOURCE_ID: ['telephony', 'acs', 'resource_id'],
  COGNITIVE_SERVICES_ENDPOINT: ['telephony', 'acs', 'cognitive_services_endpoint'],
  WEB_PUBSUB_CONNECTION_STRING: ['telephony', 'acs', 'web_pubsub', 'connection_string'],
  WEB_PUBSUB_HUB: ['telephony', 'acs', 'web_pubsub', 'hub'],
  CALLBACK_SECRET: ['security', 'callback_secret'],
  REPORT_SECRET: ['security', 'report_secret'],
  TWILIO_ACCOUNT_SID: ['sms', 'twilio', 'account_sid'],
  TWILIO_AUTH_TOKEN: ['sms', 'twilio', 'auth_token'],
  TWILIO_PHONE_NUMBER: ['sms', 'twilio', 'from'],
  AZURE_SEARCH_ENDPOINT: ['search', 'azure', 'endpoint'],
  AZURE_SEARCH_API_KEY: ['search', 'azure', 'key'],
  AZURE_SEARCH_INDEX: ['search', 'azure', 'index'],
  AZURE_SEARCH_SEMANTIC_CONFIGURATION: ['search', 'azure', 'semantic_configuration'],
  APPLICATIONINSIGHTS_CONNECTION_STRING: ['telemetry', 'azure_monitor_connection_string'],
  OTEL_EXPORTER_OTLP_ENDPOINT: ['telemetry', 'otlp_endpoint'],
  OTEL_SERVICE_NAME: ['telemetry', 'service_name'],
};

/** One config value given by an environment variable. */
export interface EnvSetting {
  /** Where it goes in the config: `['llm', 'fast', 'endpoint']`. */
  readonly path: readonly string[];
  readonly value: string;
  /** For error messages: `env OPENAI_BASE_URL`. */
  readonly source: string;
}

/** The config values in `env`, in the order they apply: aliases first, then `SECTION__KEY` names. */
export function envSettings(env: NodeJS.ProcessEnv): EnvSetting[] {
  const settings: EnvSetting[] = [];
  for (const [name, path] of Object.entries(ENV_ALIASES)) {
    const value = env[name];
    if (value !== undefined && value !== '') settings.push({ path, value, source: `env ${name}` });
  }
  const sections = new Set(Object.keys(configSchema.shape));
  for (const [name, value] of Object.entries(env)) {
    if (!name.includes('__') || value === undefined || value === '') continue;
    const path = name.split('__').map((part) => part.toLowerCase());
    if (!sections.has(path[0] ?? '')) continue; // someone else's variable (Functions host, Node, ...)
    settings.push({ path, value, source: `env ${name}` });
  }
  return settings;
}
