import { afterEach, describe, expect, it } from 'vitest';
import type { Features } from '../../shared/config';
import { silentLogger, type Logger } from '../../shared/log';
import { DOCUMENTED_FEATURES } from '../support/default-features';
import { captureLog, eventually, fixtures, type RunningFlagSource } from './support';

const DEFAULTS = DOCUMENTED_FEATURES;

/** Short enough for tests to see changes quickly; long enough to tell "cached" from "read every time". */
const REFRESH_MS = 50;

describe.each(fixtures)('feature flags conformance: $name', (fixture) => {
  let running: RunningFlagSource | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  async function start(options: { refreshIntervalMs?: number; log?: Logger } = {}) {
    running = await fixture.start({
      refreshIntervalMs: options.refreshIntervalMs ?? REFRESH_MS,
      log: options.log ?? silentLogger,
    });
    return running;
  }

  /** Waits until `get()` returns a snapshot that satisfies `check`. */
  function until(source: RunningFlagSource, check: (features: Features) => boolean): Promise<Features> {
    return eventually(async () => {
      const features = await source.flags.get();
      return check(features) ? features : undefined;
    });
  }

  it('has the defaults when the source is empty', async () => {
    const source = await start();
    expect(await source.flags.get()).toEqual(DEFAULTS);
  });

  it('reads set values with their type', async () => {
    const source = await start();
    await source.set({ vad_threshold: '0.6', recording_enabled: 'true', recognition_retry_max: 5 });
    const features = await source.flags.get();
    expect(features).toEqual({
      ...DEFAULTS,
      vad_threshold: 0.6,
      recording_enabled: true,
      recognition_retry_max: 5,
    });
    expect(typeof features.vad_threshold).toBe('number');
    expect(typeof features.recording_enabled).toBe('boolean');
  });

  it('keeps false and 0 as values, not as "missing"', async () => {
    const source = await start();
    await source.set({ recording_enabled: true, slow_llm_for_chat: true, recognition_retry_max: 0 });
    expect(await source.flags.get()).toMatchObject({
      recording_enabled: true,
      slow_llm_for_chat: true,
      recognition_retry_max: 0,
    });
    await source.set({ recording_enabled: false, slow_llm_for_chat: 'false', vad_threshold: 0 });
    expect(await until(source, (f) => !f.recording_enabled && !f.slow_llm_for_chat)).toEqual({
      ...DEFAULTS,
      recognition_retry_max: 0,
      vad_threshold: 0,
    });
  });

  it('refuses an invalid value per flag, keeps its last good value and logs the key', async () => {
    const { log, lines } = captureLog();
    const source = await start({ log });
    await source.set({ vad_threshold: 0.7, recognition_retry_max: 2 });
    expect(await source.flags.get()).toMatchObject({ vad_threshold: 0.7, recognition_retry_max: 2 });

    await source.set({
      vad_threshold: 'loud', // not a number
      recognition_retry_max: 2.5, // not an integer
      vad_silence_timeout_ms: -1, // out of range, never had a good value
      answer_hard_timeout_sec: 4242.5, // valid: proves the refresh happened
    });
    const features = await until(source, (f) => f.answer_hard_timeout_sec === 4242.5);
    expect(features).toEqual({
      ...DEFAULTS,
      answer_hard_timeout_sec: 4242.5,
      vad_threshold: 0.7,
      recognition_retry_max: 2,
      vad_silence_timeout_ms: DEFAULTS.vad_silence_timeout_ms,
    });
    const refused = (key: string) =>
      lines.filter((line) => line.includes('invalid') && line.includes(`key=${key}`));
    for (const key of ['vad_threshold', 'recognition_retry_max', 'vad_silence_timeout_ms']) {
      expect(refused(key), key).toHaveLength(1);
    }
    // The log names keys and problems, never the values of other flags.
    expect(lines.filter((line) => line.includes('4242'))).toEqual([]);
    expect(lines.filter((line) => line.includes('answer_hard_timeout_sec'))).toEqual([]);

    // Fixed in the source: taken again.
    await source.set({ vad_threshold: '0.8' });
    expect(await until(source, (f) => f.vad_threshold === 0.8)).toMatchObject({ recognition_retry_max: 2 });
  });

  it('sees a change in the source after the refresh interval', async () => {
    const source = await start();
    expect(await source.flags.get()).toEqual(DEFAULTS);
    await source.set({ vad_threshold: 0.9, phone_silence_timeout_sec: '30' });
    expect(await until(source, (f) => f.vad_threshold === 0.9)).toMatchObject({
      phone_silence_timeout_sec: 30,
    });
    // A flag removed from the source is back to its default.
    await source.set({ vad_threshold: undefined });
    expect(await until(source, (f) => f.vad_threshold === DEFAULTS.vad_threshold)).toMatchObject({
      phone_silence_timeout_sec: 30,
    });
  });

  it('does not read the source on every get()', async () => {
    const source = await start({ refreshIntervalMs: 60_000 });
    await source.set({ vad_threshold: 0.6 });
    for (let i = 0; i < 500; i++) expect((await source.flags.get()).vad_threshold).toBe(0.6);
    expect(source.reads()).toBeGreaterThanOrEqual(1);
    expect(source.reads()).toBeLessThanOrEqual(2); // the first load (+ a watch event, for a file)
  });

  it('reads again once the refresh interval has passed, one read at a time', async () => {
    const source = await start();
    await source.flags.get();
    const first = source.reads();
    await Promise.all(Array.from({ length: 50 }, () => source.flags.get()));
    await new Promise((resolve) => setTimeout(resolve, REFRESH_MS * 3));
    await Promise.all(Array.from({ length: 50 }, () => source.flags.get()));
    await eventually(async () => (source.reads() > first ? true : undefined));
    expect(source.reads() - first).toBeLessThanOrEqual(3);
  });
});
