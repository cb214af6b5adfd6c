import {
  AppConfigurationClient,
  featureFlagPrefix,
  type AppConfigurationClientOptions,
} from '@azure/app-configuration';
import { featuresSchema } from '../../config';
import type { Logger } from '../../log';
import { CachedFlags, FLAG_NAMES, type RawFlags } from './flags';

/** An Azure AD credential (`TokenCredential` from @azure/core-auth, e.g. a managed identity). */
export type AppConfigurationCredential = ConstructorParameters<typeof AppConfigurationClient>[1];

export type AppConfigurationFlagsOptions = (
  | { connectionString: string; endpoint?: never; credential?: never }
  | { endpoint: string; credential: AppConfigurationCredential; connectionString?: never }
) & {
  log: Logger;
  /** Passed to the SDK client: `httpClient` (the test seam), `retryOptions`, `apiVersion`... */
  clientOptions?: AppConfigurationClientOptions;
  /** The snapshot is refreshed in the background at most this often (default 60 s). */
  refreshIntervalMs?: number;
  /** Keys are `${keyPrefix}${flag}`, e.g. `callcenter:vad_threshold` (default: the bare flag names). */
  keyPrefix?: string;
  /** Only settings with this label (default: settings without a label, as the Python original reads). */
  label?: string;
  /**
   * When set, each refresh first reads this key alone and re-reads the flags only when it changed since
   * the last full read: one request a minute per instance instead of four. While the key does not exist,
   * every refresh reads everything.
   */
  sentinelKey?: string;
  firstLoadTimeoutMs?: number;
  readTimeoutMs?: number;
};

/** The filters go into the query string unencoded by the SDK: only characters safe there are accepted. */
const SAFE_FILTER_TEXT = /^[A-Za-z0-9._:/@-]*$/;
/** The service matches at most 5 exact keys per request. */
const EXACT_KEYS_PER_REQUEST = 5;

/** The flags that are booleans: on App Configuration they may be feature flags. */
const BOOLEAN_FLAGS = FLAG_NAMES.filter((name) => featuresSchema.shape[name].safeParse(true).success);

/**
 * Flags on Azure App Configuration, in either of the forms the portal edits:
 * - a key-value per flag (Configuration explorer, as the Python original has them): the key is the flag
 *   name (optionally under `keyPrefix`), the value its text (`0.6`, `true`), converted by the same
 *   schema as env vars. Numbers are always key-values;
 * - for booleans, a feature flag (Feature manager): key `.appconfig.featureflag/<keyPrefix><name>`,
 *   value `{"id": "<name>", "enabled": true, "conditions": {...}}`; its `enabled` is the flag (filters
 *   are not evaluated: a flag is the same for every call). A feature flag wins over a key-value.
 * Settings are read with `listConfigurationSettings`: by key prefix (`prefix*`) when there is one,
 * else by the exact names; with the configured label, or the null label. A flag with no setting has its
 * default; an unreadable feature flag is refused (logged) like any invalid value.
 */
export class AppConfigurationFlags extends CachedFlags {
  private readonly client: AppConfigurationClient;
  private readonly keyPrefix: string;
  private readonly labelFilter: string;
  private readonly sentinelKey: string | undefined;
  /** The sentinel's etag at the last full read (`null`: it did not exist), and what that read found. */
  private lastFullRead: { sentinel: string | null; raw: RawFlags } | undefined;

  constructor(options: AppConfigurationFlagsOptions) {
    super('app-configuration', {
      log: options.log,
      refreshIntervalMs: options.refreshIntervalMs ?? 60_000,
      firstLoadTimeoutMs: options.firstLoadTimeoutMs,
      readTimeoutMs: options.readTimeoutMs,
    });
    this.keyPrefix = checkFilterText('keyPrefix', options.keyPrefix ?? '');
    const label = checkFilterText('label', options.label ?? '');
    // `\0` is the service's "no label" (sent as %00).
    this.labelFilter = label === '' ? '\0' : label;
    this.sentinelKey =
      options.sentinelKey === undefined ? undefined : checkFilterText('sentinelKey', options.sentinelKey);
    this.client =
      options.connectionString !== undefined
        ? new AppConfigurationClient(options.connectionString, options.clientOptions)
        : new AppConfigurationClient(options.endpoint, options.credential, options.clientOptions);
  }

  protected async read(signal: AbortSignal): Promise<RawFlags> {
    // The sentinel is read before the flags: a change made during the full read is seen next time.
    const sentinel = this.sentinelKey === undefined ? undefined : await this.sentinelEtag(signal);
    // A missing sentinel (a store seeded before it existed) cannot say nothing changed: read everything.
    if (sentinel && this.lastFullRead?.sentinel === sentinel) return this.lastFullRead.raw;
    const raw = await this.readAll(signal);
    if (sentinel !== undefined) this.lastFullRead = { sentinel, raw };
    return raw;
  }

  private async readAll(signal: AbortSignal): Promise<RawFlags> {
    const featureFlagKeys = `${featureFlagPrefix}${this.keyPrefix}`;
    const keyFilters = this.keyPrefix
      ? [`${this.keyPrefix}*`, `${featureFlagKeys}*`]
      : [
          ...chunk(FLAG_NAMES, EXACT_KEYS_PER_REQUEST).map((keys) => keys.join(',')),
          BOOLEAN_FLAGS.map((name) => `${featureFlagKeys}${name}`).join(','),
        ];
    const keyValues: Record<string, unknown> = {};
    const featureFlags: Record<string, unknown> = {};
    for (const keyFilter of keyFilters) {
      const settings = this.client.listConfigurationSettings({
        keyFilter,
        labelFilter: this.labelFilter,
        fields: ['key', 'label', 'value'],
        abortSignal: signal,
      });
      for await (const setting of settings) {
        // An empty value is "not set", as an empty env var is.
        const value = setting.value === '' ? undefined : setting.value;
        if (setting.key.startsWith(featureFlagKeys)) {
          featureFlags[setting.key.slice(featureFlagKeys.length)] = featureFlagEnabled(value);
        } else if (setting.key.startsWith(this.keyPrefix)) {
          keyValues[setting.key.slice(this.keyPrefix.length)] = value;
        }
      }
    }
    return { ...keyValues, ...featureFlags };
  }

  /** The sentinel key's etag, `null` when it does not exist. */
  private async sentinelEtag(signal: AbortSignal): Promise<string | null> {
    const settings = this.client.listConfigurationSettings({
      keyFilter: this.sentinelKey,
      labelFilter: this.labelFilter,
      fields: ['key', 'etag'],
      abortSignal: signal,
    });
    for await (const setting of settings) return setting.etag ?? null;
    return null;
  }
}

/**
 * A feature flag's `enabled`; anything else as it is (the flag's schema then refuses it, and it is
 * logged without the rest of the value).
 */
function featureFlagEnabled(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    const enabled = (parsed as { enabled?: unknown } | null)?.enabled;
    return typeof enabled === 'boolean' ? enabled : 'a feature flag without a boolean "enabled"';
  } catch {
    return 'a feature flag that is not JSON';
  }
}

function checkFilterText(name: string, value: string): string {
  if (!SAFE_FILTER_TEXT.test(value)) {
    throw new Error(`App Configuration ${name} may only contain letters, digits and . _ : / @ -`);
  }
  return value;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
