import { promises as fsp, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE } from '../../config';
import { ENV_ALIASES } from '../../config-env';
import type { Logger } from '../../log';
import { CachedFlags, type RawFlags } from './flags';

export interface ConfigFileFlagsOptions {
  log: Logger;
  /** The environment the config was loaded from (default `process.env`): its `FEATURES__*` win. */
  env?: NodeJS.ProcessEnv;
  /** Where `callcenter.config.json` (or a relative `CONFIG_FILE`) is looked for (default `process.cwd()`). */
  cwd?: string;
  /** The same overrides given to `loadConfig`, if any: their `features` win over everything. */
  overrides?: Record<string, unknown>;
  /** Re-reads the file at most this often even without a watch event (default 60 s). */
  refreshIntervalMs?: number;
  /** Quiet time after the last watch event before the file is re-read (default 100 ms). */
  debounceMs?: number;
  /** Watch the file's directory for changes (default true). */
  watch?: boolean;
  firstLoadTimeoutMs?: number;
  readTimeoutMs?: number;
}

/**
 * The embedded default: the flags come from the config layering, as at startup (defaults, then the
 * `features` section of the JSON config file, then `FEATURES__*` env vars, then overrides), but each
 * flag is validated on its own, so that one bad value in the file does not take the others down.
 *
 * The file's directory is watched (`fs.watch`, which also sees editors that replace the file by a
 * rename); events are debounced and trigger a reload. The file is also re-read, in the background, when
 * the snapshot is older than `refreshIntervalMs`, for file systems where watching misses events. A file
 * that cannot be read or parsed (an editor mid-write, say) keeps the last good snapshot; a file that
 * disappears means the file layer is empty again.
 */
export class ConfigFileFlags extends CachedFlags {
  /** The config file the flags come from (it may not exist). */
  readonly path: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly named: boolean;
  private readonly overrides: Record<string, unknown> | undefined;
  private readonly debounceMs: number;
  private watcher?: FSWatcher;
  private debounce?: NodeJS.Timeout;

  constructor(options: ConfigFileFlagsOptions) {
    super('config-file', {
      log: options.log,
      refreshIntervalMs: options.refreshIntervalMs ?? 60_000,
      firstLoadTimeoutMs: options.firstLoadTimeoutMs,
      readTimeoutMs: options.readTimeoutMs,
    });
    this.env = options.env ?? process.env;
    const named = this.env.CONFIG_FILE || undefined;
    this.named = named !== undefined;
    this.path = resolve(options.cwd ?? process.cwd(), named ?? DEFAULT_CONFIG_FILE);
    this.overrides = options.overrides;
    this.debounceMs = options.debounceMs ?? 100;
    if (options.watch ?? true) this.startWatching();
  }

  override async close(): Promise<void> {
    clearTimeout(this.debounce);
    this.watcher?.close();
    this.watcher = undefined;
    await super.close();
  }

  protected async read(): Promise<RawFlags> {
    const raw: Record<string, unknown> = { ...(await this.readFileFeatures()) };
    for (const [name, path] of Object.entries(ENV_ALIASES)) {
      const value = this.env[name];
      if (path[0] === 'features' && value !== undefined && value !== '') raw[path.slice(1).join('.')] = value;
    }
    for (const [name, value] of Object.entries(this.env)) {
      if (!name.includes('__') || value === undefined || value === '') continue;
      const [section, ...rest] = name.split('__').map((part) => part.toLowerCase());
      if (section === 'features') raw[rest.join('.')] = value;
    }
    const overridden = this.overrides?.features;
    if (isObject(overridden)) Object.assign(raw, overridden);
    return raw;
  }

  private async readFileFeatures(): Promise<Record<string, unknown>> {
    let text: string;
    try {
      text = await fsp.readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !this.named) return {};
      throw new Error(`cannot read ${this.path}: ${(error as Error).message}`, { cause: error });
    }
    let values: unknown;
    try {
      values = JSON.parse(text);
    } catch {
      // Not the parser's message: it quotes the file's text, values included.
      throw new Error(`${this.path}: not valid JSON`);
    }
    if (!isObject(values)) throw new Error(`${this.path}: expected a JSON object at the top level`);
    const features = values.features;
    if (features === undefined) return {};
    if (!isObject(features)) throw new Error(`${this.path}: "features" must be an object`);
    return features;
  }

  private startWatching(): void {
    const file = basename(this.path);
    try {
      this.watcher = watch(dirname(this.path), { persistent: false }, (_event, changed) => {
        if (changed === null || changed === file) this.scheduleReload();
      });
      this.watcher.on('error', (error) => {
        this.log.warn('feature flags: stopped watching the config file, polling only', {
          path: this.path,
          error: error.message,
        });
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch (error) {
      this.log.warn('feature flags: cannot watch the config file, polling only', {
        path: this.path,
        error: (error as Error).message,
      });
    }
  }

  private scheduleReload(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.refresh(), this.debounceMs);
    this.debounce.unref();
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
