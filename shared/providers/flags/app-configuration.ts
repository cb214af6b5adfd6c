import { AppConfigurationClient, type AppConfigurationClientOptions } from '@azure/app-configuration';
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
  firstLoadTimeoutMs?: number;
  readTimeoutMs?: number;
};

/** The filters go into the query string unencoded by the SDK: only characters safe there are accepted. */
const SAFE_FILTER_TEXT = /^[A-Za-z0-9._:/@-]*$/;
/** The service matches at most 5 exact keys per request. */
const EXACT_KEYS_PER_REQUEST = 5;

/**
 * Flags on Azure App Configuration, as the Python original and the portal's Configuration explorer
 * have them: one key-value per flag, the key being the flag name (optionally under `keyPrefix`), the
 * value its text (`0.6`, `true`), converted by the same schema as env vars. Settings are read with
 * `listConfigurationSettings`: by key prefix (`prefix*`) when there is one, else by the exact flag
 * names; with the configured label, or the null label. A flag with no setting has its default.
 */
export class AppConfigurationFlags extends CachedFlags {
  private readonly client: AppConfigurationClient;
  private readonly keyPrefix: string;
  private readonly labelFilter: string;

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
    this.client =
      options.connectionString !== undefined
        ? new AppConfigurationClient(options.connectionString, options.clientOptions)
        : new AppConfigurationClient(options.endpoint, options.credential, options.clientOptions);
  }

  protected async read(signal: AbortSignal): Promise<RawFlags> {
    const keyFilters = this.keyPrefix
      ? [`${this.keyPrefix}*`]
      : chunk(FLAG_NAMES, EXACT_KEYS_PER_REQUEST).map((keys) => keys.join(','));
    const raw: Record<string, unknown> = {};
    for (const keyFilter of keyFilters) {
      const settings = this.client.listConfigurationSettings({
        keyFilter,
        labelFilter: this.labelFilter,
        fields: ['key', 'label', 'value'],
        abortSignal: signal,
      });
      for await (const setting of settings) {
        if (!setting.key.startsWith(this.keyPrefix)) continue;
        // An empty value is "not set", as an empty env var is.
        const value = setting.value === '' ? undefined : setting.value;
        raw[setting.key.slice(this.keyPrefix.length)] = value;
      }
    }
    return raw;
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
