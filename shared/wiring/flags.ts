import type { Config } from '../config';
import type { Logger } from '../log';
import { azureCredential } from '../providers/azure-credential';
import type { FeatureFlags } from '../providers/flags/flags';
import type { HttpClient } from '../providers/telephony/acs';

/** What tests and hosts may give the feature flags (a subset of `ServiceOverrides`). */
export interface FlagsOverrides {
  /** The App Configuration client's HTTP transport (tests answer its REST API with it). */
  readonly appConfigurationHttpClient?: HttpClient;
  /** Where the config came from, so that the config file can be re-read for live flags. */
  readonly configSource?: { env?: NodeJS.ProcessEnv; cwd?: string; overrides?: Record<string, unknown> };
}

/** The live feature flags: App Configuration when one is configured, else the config file, reloaded on change. */
export async function openFlags(
  config: Config,
  log: Logger,
  overrides: FlagsOverrides,
): Promise<FeatureFlags> {
  const refreshIntervalMs = config.flags.refresh_interval_sec * 1000;
  const appConfiguration = config.flags.app_configuration;
  const { connection_string: connectionString, endpoint } = appConfiguration;
  if (connectionString || endpoint) {
    const { AppConfigurationFlags } = await import('../providers/flags/app-configuration.js');
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
  const { ConfigFileFlags } = await import('../providers/flags/config-file.js');
  return new ConfigFileFlags({ log, refreshIntervalMs, ...overrides.configSource });
}
