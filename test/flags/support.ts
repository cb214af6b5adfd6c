import { eventually as poll } from '../support/eventually';
import fs, { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import { DEFAULT_CONFIG_FILE } from '../../shared/config';
import { createLogger, type Logger } from '../../shared/log';
import { AppConfigurationFlags } from '../../shared/providers/flags/app-configuration';
import { ConfigFileFlags } from '../../shared/providers/flags/config-file';
import { FLAG_NAMES, type FeatureFlags } from '../../shared/providers/flags/flags';
import { makeTempDir } from '../support/tmp';
import { FAKE_CONNECTION_STRING, FakeAppConfiguration } from './fake-app-configuration';

export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  return poll(check, timeoutMs, 10);
}

/** A logger that keeps its lines (without the timestamp), for assertions. */
export function captureLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = createLogger('debug', (line) => lines.push(line.replace(/^\S+ /, '')));
  return { log, lines };
}

export type FlagValue = string | number | boolean;

export interface RunningFlagSource {
  readonly flags: FeatureFlags;
  /** Sets flags in the source as a person would (`undefined` removes the flag). */
  set(values: Record<string, FlagValue | undefined>): Promise<void>;
  /** How many times the backend has read its source so far. */
  reads(): number;
  close(): Promise<void>;
}

export interface FlagSourceFixture {
  readonly name: string;
  /** An empty source and a backend reading it (which has not read anything yet). */
  start(options: { refreshIntervalMs: number; log: Logger }): Promise<RunningFlagSource>;
}

/**
 * Azure App Configuration: the real SDK client over the fake store; values are stored as text. With
 * `keyPrefix`/`label`, the store also holds look-alike settings the backend must not read.
 */
function appConfigurationFixture(
  name: string,
  scope: { keyPrefix?: string; label?: string },
): FlagSourceFixture {
  const keyPrefix = scope.keyPrefix ?? '';
  const label = scope.label ?? null;
  return {
    name,
    async start({ refreshIntervalMs, log }) {
      const store = new FakeAppConfiguration();
      store.pageSize = 4; // flags span several pages
      if (keyPrefix || label) {
        store.set('vad_threshold', '0.1'); // outside the prefix
        store.set(`${keyPrefix}vad_threshold`, '0.2', 'other-label');
        store.set('other-app:vad_threshold', '0.3', label);
      }
      const flags = new AppConfigurationFlags({
        connectionString: FAKE_CONNECTION_STRING,
        clientOptions: { httpClient: store, retryOptions: { maxRetries: 0 } },
        refreshIntervalMs,
        keyPrefix: scope.keyPrefix,
        label: scope.label,
        log,
      });
      return {
        flags,
        async set(values) {
          for (const [key, value] of Object.entries(values)) {
            if (value === undefined) store.delete(`${keyPrefix}${key}`, label);
            else store.set(`${keyPrefix}${key}`, String(value), label);
          }
        },
        // One read = one listing; bare names take a few requests (5 exact keys each), pages more.
        reads: () => store.listingsOf(keyPrefix ? `${keyPrefix}*` : `${FLAG_NAMES[0]},`),
        close: () => flags.close(),
      };
    },
  };
}

/** The config file: a real `callcenter.config.json` in a temp dir, rewritten by the test. */
export const configFileFixture: FlagSourceFixture = {
  name: 'config-file',
  async start({ refreshIntervalMs, log }) {
    const tmp = makeTempDir('callcenter-flags-');
    const path = join(tmp.dir, DEFAULT_CONFIG_FILE);
    const features: Record<string, FlagValue> = {};
    const write = () => writeFileSync(path, JSON.stringify({ inbound: { bot_name: 'Amélie' }, features }));
    write();
    const readFile = vi.spyOn(fs.promises, 'readFile');
    const flags = new ConfigFileFlags({ env: {}, cwd: tmp.dir, refreshIntervalMs, debounceMs: 20, log });
    return {
      flags,
      async set(values) {
        for (const [key, value] of Object.entries(values)) {
          if (value === undefined) delete features[key];
          else features[key] = value;
        }
        write();
      },
      reads: () => readFile.mock.calls.filter(([file]) => file === path).length,
      async close() {
        await flags.close();
        readFile.mockRestore();
        tmp.remove();
      },
    };
  },
};

export const fixtures: readonly FlagSourceFixture[] = [
  appConfigurationFixture('app-configuration, bare flag names', {}),
  appConfigurationFixture('app-configuration, key prefix and label', {
    keyPrefix: 'callcenter:',
    label: 'prod',
  }),
  configFileFixture,
];
