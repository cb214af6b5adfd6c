import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { ENV_ALIASES } from '../../shared/config-env';
import { configSchema } from '../../shared/config-schema';

/**
 * Drift between the Bicep and the app's config: which app settings a template sets, which config key each
 * one lands on, and which keys the Azure deployment needs. Read from the files as text (no Bicep CLI here):
 * app settings are written either as `{ name: 'SETTING', value: ... }` entries (infra/modules/app-settings.bicep)
 * or as the keys of a `Microsoft.Web/sites/config` resource's properties (the form used before issue 11).
 */

/** Settings read by the Functions host, its extensions or the platform, not by the app's config. */
export const RUNTIME_SETTINGS: ReadonlySet<string> = new Set([
  'AzureWebJobsStorage',
  'AzureWebJobsStorage__accountName',
  'AzureWebJobsStorage__credential',
  'AzureWebJobsStorage__clientId',
  'AzureWebJobsFeatureFlags',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'FUNCTIONS_WORKER_RUNTIME',
  'FUNCTIONS_EXTENSION_VERSION',
  'WEBSITE_RUN_FROM_PACKAGE',
]);

/**
 * What the app needs on Azure, for the backends the template selects: store cosmos, telephony acs with the
 * serverless voice loop (Web PubSub + AI Services), sms acs, flags from App Configuration, the two models.
 * Each list is what shared/wiring/ (and the voice setup) refuse to start without, or what selects it.
 */
export const AZURE_REQUIRED: Readonly<Record<string, readonly string[]>> = {
  // Keyless: the app's managed identity authenticates wherever it is given an endpoint only.
  'store cosmos': ['store.cosmos.endpoint'],
  'telephony acs': [
    'telephony.backend',
    'telephony.acs.endpoint',
    'telephony.acs.phone_number',
    'telephony.acs.resource_id',
    'host.public_url',
    'security.callback_secret',
    'security.report_secret',
  ],
  // The connection string stays: the Functions Web PubSub extension checks upstream signatures with its key.
  'voice web-pubsub': [
    'telephony.acs.web_pubsub.connection_string',
    'telephony.acs.web_pubsub.hub',
    'telephony.acs.cognitive_services_endpoint',
  ],
  // The SMS backend is chosen by sms.backend or sms.acs.connection_string, never by the telephony one.
  'sms acs': ['sms.backend'],
  'flags app-configuration': ['flags.app_configuration.endpoint'],
  llm: [
    'llm.fast.endpoint',
    'llm.fast.model',
    'llm.fast.azure_api_version',
    'llm.slow.endpoint',
    'llm.slow.model',
    'llm.slow.azure_api_version',
  ],
};

/** Keys and connection strings of services the app reaches with its managed identity: never set on Azure. */
export const KEYS_REPLACED_BY_IDENTITY: ReadonlySet<string> = new Set([
  'store.cosmos.key',
  'llm.fast.api_key',
  'llm.slow.api_key',
  'telephony.acs.connection_string',
  'sms.acs.connection_string',
  'flags.app_configuration.connection_string',
  'search.azure.key',
  'speech.tts.azure.key',
  'speech.stt.azure.key',
]);

export function bicepFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return bicepFiles(path);
    return path.endsWith('.bicep') ? [path] : [];
  });
}

const ENTRY = /\bname:\s*'([A-Za-z][A-Za-z0-9_]*)'\s*(?:,|\n)\s*value:/g;
const SITE_CONFIG = /^resource\s+\w+\s+'Microsoft\.Web\/sites\/config@[^']+'\s*=\s*\{\n([\s\S]*?)\n\}/gm;
const SETTING_KEY = /^\s+([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*(?:__[A-Za-z0-9_]+)?):\s/gm;

/** The app setting names a Bicep file sets, in either form. */
export function appSettingsIn(text: string): string[] {
  const names = [...text.matchAll(ENTRY)].map((match) => match[1] as string);
  for (const block of text.matchAll(SITE_CONFIG)) {
    for (const key of (block[1] as string).matchAll(SETTING_KEY)) {
      const name = key[1] as string;
      // Resource properties (parent, name, properties, dependsOn) are camelCase; settings are not.
      if (/[A-Z]/.test(name[0] as string) || name.includes('_')) names.push(name);
    }
  }
  return [...new Set(names)];
}

type Schema = z.core.$ZodType;

function unwrap(schema: Schema): Schema {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: Schema; out?: Schema };
    if (def.innerType && ['default', 'prefault', 'optional', 'nullable'].includes(def.type)) {
      current = def.innerType;
    } else if (def.type === 'pipe' && def.out) {
      current = def.out;
    } else {
      return current;
    }
  }
}

/** Whether a dotted path is a leaf of the config schema. */
export function isConfigKey(path: readonly string[]): boolean {
  let node: Schema = configSchema;
  for (const part of path) {
    const object = unwrap(node) as Schema & {
      _zod: { def: { type: string; shape?: Record<string, Schema> } };
    };
    const child = object._zod.def.type === 'object' ? object._zod.def.shape?.[part] : undefined;
    if (!child) return false;
    node = child;
  }
  return path.length > 0 && unwrap(node)._zod.def.type !== 'object';
}

/** The config key an app setting sets (as loadConfig reads env), or undefined when the app ignores it. */
export function configKeyOf(setting: string): string | undefined {
  const alias = ENV_ALIASES[setting];
  if (alias) return alias.join('.');
  if (!setting.includes('__')) return undefined;
  const path = setting.split('__').map((part) => part.toLowerCase());
  return isConfigKey(path) ? path.join('.') : undefined;
}

/** The config keys listed in backticks under the README heading "Settings you set by hand". */
export function manualKeys(readme: string): string[] {
  const section = readme.split(/^## Settings you set by hand$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/`([a-z_]+(?:\.[a-z_]+)+)`/g)].map((match) => match[1] as string);
}

export interface Drift {
  /** Settings the template sets that nothing reads. */
  readonly unread: string[];
  /** Keys the Azure backends need, by backend, that neither the template nor the manual list provides. */
  readonly missing: Record<string, string[]>;
  /** FEATURES__* settings: they would override App Configuration and reset the flags on every deploy. */
  readonly featureOverrides: string[];
  /** Settings carrying a key where the app's managed identity works instead. */
  readonly keys: string[];
}

export function findDrift(infraDir: string, manual: readonly string[]): Drift {
  const settings = bicepFiles(infraDir).flatMap((file) => appSettingsIn(readFileSync(file, 'utf8')));
  const unread = settings.filter((name) => !RUNTIME_SETTINGS.has(name) && !configKeyOf(name));
  const provided = new Set([...settings.map(configKeyOf), ...manual]);
  const missing: Record<string, string[]> = {};
  for (const [backend, keys] of Object.entries(AZURE_REQUIRED)) {
    const absent = keys.filter((key) => !provided.has(key));
    if (absent.length > 0) missing[backend] = absent;
  }
  const featureOverrides = settings.filter((name) => name.startsWith('FEATURES__'));
  const keys = settings.filter((name) => KEYS_REPLACED_BY_IDENTITY.has(configKeyOf(name) ?? ''));
  return { unread, missing, featureOverrides, keys };
}
