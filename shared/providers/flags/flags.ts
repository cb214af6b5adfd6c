import { featuresSchema, type Features } from '../../config';
import type { Logger } from '../../log';

/**
 * The feature-flags port. Flags are read on the hot path of every call (timeouts, VAD settings), so
 * `get()` answers from a cached, validated snapshot; backends refresh it in the background. A flag
 * whose stored value is invalid is refused on its own: it is logged (key and problem, never the other
 * values) and keeps its last good value, or its default.
 */
export interface FeatureFlags {
  readonly kind: string;
  /** The current flags: always a complete, valid snapshot. Cheap: no I/O after the first load. */
  get(): Promise<Features>;
  /** Stops background refreshes and watchers. `get()` keeps answering with the last snapshot. */
  close(): Promise<void>;
}

/** The flag names, as in the config file's `features` section and on Azure App Configuration. */
export const FLAG_NAMES = Object.freeze(Object.keys(featuresSchema.shape)) as readonly (keyof Features)[];

/** Every flag at its default. */
export function defaultFeatures(): Features {
  return featuresSchema.parse({});
}

/** What a backend read from its source: flag name → raw value (text or JSON scalar). Absent = default. */
export type RawFlags = Readonly<Record<string, unknown>>;

export interface FlagProblem {
  readonly key: string;
  readonly problem: string;
}

export interface MergedFlags {
  readonly features: Features;
  /** Flags whose value was refused; they kept their value from `previous`. */
  readonly invalid: readonly FlagProblem[];
  /** Keys that are not flags. Ignored. */
  readonly unknown: readonly string[];
}

function isFlagName(key: string): key is keyof Features {
  return Object.hasOwn(featuresSchema.shape, key);
}

/**
 * Validates each flag of `raw` on its own: a valid value is taken, a flag absent from `raw` (or
 * `undefined`/`null`) gets its default, an invalid value is refused and the flag keeps its value from
 * `previous`. `false` and `0` are values like any other.
 */
export function mergeFlags(previous: Features, raw: RawFlags): MergedFlags {
  const next: Record<string, unknown> = {};
  const invalid: FlagProblem[] = [];
  for (const key of FLAG_NAMES) {
    const value = raw[key];
    const parsed = featuresSchema.shape[key].safeParse(value ?? undefined);
    if (parsed.success) {
      next[key] = parsed.data;
    } else {
      next[key] = previous[key];
      invalid.push({ key, problem: parsed.error.issues.map((issue) => issue.message).join('; ') });
    }
  }
  const unknown = Object.keys(raw).filter((key) => !isFlagName(key));
  // Each flag was validated above; the whole object is validated again so that no code path can ever
  // hand out something the schema would refuse.
  const features = featuresSchema.safeParse(next);
  return features.success
    ? { features: Object.freeze(features.data), invalid, unknown }
    : {
        features: previous,
        invalid: [{ key: '(all)', problem: 'snapshot refused by the schema' }],
        unknown,
      };
}

export interface CachedFlagsOptions {
  log: Logger;
  /** The snapshot is refreshed in the background at most this often. */
  refreshIntervalMs: number;
  /**
   * How long the very first `get()` waits for the first load before answering with the defaults (the
   * load goes on in the background). Default 5 s: a call is never held up for long by a slow source.
   */
  firstLoadTimeoutMs?: number;
  /** A read that takes longer is abandoned (and logged), so that a hung connection cannot stall refreshes. Default 30 s. */
  readTimeoutMs?: number;
}

/**
 * The part every backend shares: the cached snapshot, stale-while-revalidate refreshes, per-flag
 * validation and its logging. A backend only says how to read its source (`read`) and may ask for an
 * immediate reload (`refresh`, e.g. from a file watcher).
 *
 * Refresh: the first `get()` starts the first load and waits for it (at most `firstLoadTimeoutMs`).
 * After that, `get()` never waits: when the snapshot is older than `refreshIntervalMs`, it starts one
 * background read (never more than one at a time) and answers with the current snapshot. A failed read
 * is logged and the snapshot stays as it was. No timer runs: an idle instance (a Function host between
 * calls) does no I/O.
 */
export abstract class CachedFlags implements FeatureFlags {
  protected readonly log: Logger;
  private readonly refreshIntervalMs: number;
  private readonly firstLoadTimeoutMs: number;
  private readonly readTimeoutMs: number;
  private snapshot: Features = Object.freeze(defaultFeatures());
  /** Settles once the first load succeeded, failed or timed out; `get()` never waits after that. */
  private firstLoad?: Promise<void>;
  private lastAttemptAt = 0;
  private running?: Promise<void>;
  private rerun = false;
  private closed = false;
  /** The last problem logged for each key, so that a bad value is reported once, not every refresh. */
  private readonly reported = new Map<string, string>();
  private readonly aborter = new AbortController();

  protected constructor(
    readonly kind: string,
    options: CachedFlagsOptions,
  ) {
    if (!(options.refreshIntervalMs >= 0)) throw new RangeError('refreshIntervalMs must be a number >= 0');
    this.log = options.log.child({ flags: kind });
    this.refreshIntervalMs = options.refreshIntervalMs;
    this.firstLoadTimeoutMs = options.firstLoadTimeoutMs ?? 5_000;
    this.readTimeoutMs = options.readTimeoutMs ?? 30_000;
  }

  /**
   * Reads the raw flags from the source. Throws when the source cannot be read (the snapshot stays).
   * `signal` aborts on `close()` and after `readTimeoutMs`.
   */
  protected abstract read(signal: AbortSignal): Promise<RawFlags>;

  async get(): Promise<Features> {
    if (!this.firstLoad) {
      this.firstLoad = withTimeout(this.refresh(), this.firstLoadTimeoutMs, () =>
        this.log.warn('feature flags: first load is slow, answering with the defaults meanwhile', {
          timeout_ms: this.firstLoadTimeoutMs,
        }),
      );
    }
    await this.firstLoad;
    if (!this.running && !this.closed && Date.now() - this.lastAttemptAt >= this.refreshIntervalMs) {
      void this.refresh();
    }
    return this.snapshot;
  }

  /**
   * Reads the source now (coalesced with a read in flight: if one is running, another follows it, so
   * that a change made during that read is not missed). Resolves once the snapshot is up to date;
   * never rejects.
   */
  refresh(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    const run = async () => {
      do {
        this.rerun = false;
        await this.loadOnce();
      } while (this.rerun && !this.closed);
    };
    this.running = run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.aborter.abort();
    await this.running;
  }

  private async loadOnce(): Promise<void> {
    // An explicit controller and timer rather than `AbortSignal.any([.., AbortSignal.timeout()])`:
    // Node 20 may garbage-collect a timeout signal only referenced by `any()`, and then a hung read
    // is never abandoned and no refresh ever runs again (seen as a flaky CI run).
    const reading = new AbortController();
    const timer = setTimeout(() => reading.abort(), this.readTimeoutMs);
    const onClose = () => reading.abort();
    this.aborter.signal.addEventListener('abort', onClose, { once: true });
    const signal = reading.signal;
    try {
      const raw = await this.read(signal);
      if (this.closed) return;
      this.apply(raw);
    } catch (error) {
      if (!this.closed) {
        this.log.warn('feature flags: could not read the source, keeping the last good values', {
          error: signal.aborted ? `no answer within ${this.readTimeoutMs} ms` : errorMessage(error),
        });
      }
    } finally {
      clearTimeout(timer);
      this.aborter.signal.removeEventListener('abort', onClose);
      this.lastAttemptAt = Date.now();
    }
  }

  private apply(raw: RawFlags): void {
    const merged = mergeFlags(this.snapshot, raw);
    const refused = new Set<string>();
    for (const { key, problem } of merged.invalid) {
      refused.add(key);
      const signature = `${problem}\u0000${describeRaw(raw[key])}`;
      if (this.reported.get(key) === signature) continue;
      this.reported.set(key, signature);
      this.log.warn('feature flags: invalid value refused, keeping the last good value', { key, problem });
    }
    for (const key of merged.unknown) {
      if (this.reported.has(key)) continue;
      this.reported.set(key, 'unknown');
      this.log.warn('feature flags: unknown flag ignored', { key });
    }
    for (const key of this.reported.keys()) {
      if (!refused.has(key) && !merged.unknown.includes(key)) this.reported.delete(key);
    }
    this.snapshot = merged.features;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeRaw(value: unknown): string {
  return `${typeof value}:${typeof value === 'object' ? JSON.stringify(value) : String(value)}`;
}

/** Waits for `promise`, or `ms` at most (then calls `onTimeout`; the promise goes on). */
async function withTimeout(promise: Promise<void>, ms: number, onTimeout: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve();
    }, ms);
    timer.unref();
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
