import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_FILE, loadConfig, type Features } from '../../shared/config';
import { silentLogger } from '../../shared/log';
import { ConfigFileFlags, type ConfigFileFlagsOptions } from '../../shared/providers/flags/config-file';
import { makeTempDir } from '../support/tmp';
import { captureLog, eventually } from './support';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A temp dir holding a config file with these `features` (or this raw text). */
function configDir(features?: Record<string, unknown> | string): {
  dir: string;
  write(f: typeof features): void;
} {
  const tmp = makeTempDir('callcenter-flags-');
  cleanups.push(() => tmp.remove());
  const write = (content: typeof features) =>
    writeFileSync(
      join(tmp.dir, DEFAULT_CONFIG_FILE),
      typeof content === 'string' ? content : JSON.stringify({ log: { level: 'info' }, features: content }),
    );
  if (features !== undefined) write(features);
  return { dir: tmp.dir, write };
}

function open(options: Partial<ConfigFileFlagsOptions> & { cwd: string }): ConfigFileFlags {
  const flags = new ConfigFileFlags({ env: {}, log: silentLogger, debounceMs: 20, ...options });
  cleanups.push(() => flags.close());
  return flags;
}

function until(flags: ConfigFileFlags, check: (features: Features) => boolean): Promise<Features> {
  return eventually(async () => {
    const features = await flags.get();
    return check(features) ? features : undefined;
  });
}

/** No periodic re-read within a test: only the watcher can bring changes in. */
const HOUR = 3_600_000;

describe('ConfigFileFlags', () => {
  it('gives the same features as loadConfig for the same env and directory', async () => {
    const env = { FEATURES__VAD_THRESHOLD: '0.8', FEATURES__RECORDING_ENABLED: 'true' };
    const { dir } = configDir({ vad_threshold: 0.6, answer_soft_timeout_sec: 0, slow_llm_for_chat: true });
    expect(await open({ cwd: dir, env }).get()).toEqual(loadConfig({ env, cwd: dir }).features);
  });

  it('sees a rewritten file through the watcher, also when an editor replaces it by a rename', async () => {
    const { dir, write } = configDir({ vad_threshold: 0.6 });
    const flags = open({ cwd: dir, refreshIntervalMs: HOUR });
    expect((await flags.get()).vad_threshold).toBe(0.6);

    write({ vad_threshold: 0.7 });
    await until(flags, (f) => f.vad_threshold === 0.7);

    const temp = join(dir, '.callcenter.config.json.swp');
    writeFileSync(temp, JSON.stringify({ features: { vad_threshold: 0.8 } }));
    renameSync(temp, join(dir, DEFAULT_CONFIG_FILE));
    await until(flags, (f) => f.vad_threshold === 0.8);
  });

  it('keeps env vars winning over the file', async () => {
    const { dir, write } = configDir({ vad_threshold: 0.6, recognition_retry_max: 1 });
    const flags = open({ cwd: dir, env: { FEATURES__VAD_THRESHOLD: '0.9' }, refreshIntervalMs: HOUR });
    expect(await flags.get()).toMatchObject({ vad_threshold: 0.9, recognition_retry_max: 1 });

    write({ vad_threshold: 0.1, recognition_retry_max: 2 });
    expect(await until(flags, (f) => f.recognition_retry_max === 2)).toMatchObject({ vad_threshold: 0.9 });
  });

  it('applies the `features` of overrides last, as loadConfig does', async () => {
    const { dir } = configDir({ vad_threshold: 0.6 });
    const flags = open({
      cwd: dir,
      env: { FEATURES__VAD_THRESHOLD: '0.9' },
      overrides: { features: { vad_threshold: 0.2 } },
    });
    expect((await flags.get()).vad_threshold).toBe(0.2);
  });

  it('keeps the last good snapshot while the file is not valid JSON, without logging its content', async () => {
    const { dir, write } = configDir({ vad_threshold: 0.6, answer_hard_timeout_sec: 4242 });
    const { log, lines } = captureLog();
    const flags = open({ cwd: dir, refreshIntervalMs: HOUR, log });
    expect((await flags.get()).vad_threshold).toBe(0.6);

    write('{"features": {"vad_threshold": 0.7, "answer_hard_timeout_sec": 4242'); // half written
    await eventually(async () => (lines.some((line) => line.includes('not valid JSON')) ? true : undefined));
    expect(await flags.get()).toMatchObject({ vad_threshold: 0.6, answer_hard_timeout_sec: 4242 });
    expect(lines.filter((line) => line.includes('4242') || line.includes('0.7'))).toEqual([]);

    write({ vad_threshold: 0.7 });
    await until(flags, (f) => f.vad_threshold === 0.7);
  });

  it('goes back to the defaults (env still winning) when the file is deleted', async () => {
    const { dir } = configDir({ vad_threshold: 0.6, recognition_retry_max: 1 });
    const flags = open({ cwd: dir, env: { FEATURES__RECOGNITION_RETRY_MAX: '5' }, refreshIntervalMs: HOUR });
    expect(await flags.get()).toMatchObject({ vad_threshold: 0.6, recognition_retry_max: 5 });

    rmSync(join(dir, DEFAULT_CONFIG_FILE));
    expect(await until(flags, (f) => f.vad_threshold === 0.5)).toMatchObject({ recognition_retry_max: 5 });
  });

  it('follows CONFIG_FILE, relative to cwd', async () => {
    const { dir } = configDir();
    mkdirSync(join(dir, 'conf'));
    const path = join(dir, 'conf', 'flags.json');
    writeFileSync(path, JSON.stringify({ features: { slow_llm_for_chat: true } }));
    const flags = open({ cwd: dir, env: { CONFIG_FILE: 'conf/flags.json' }, refreshIntervalMs: HOUR });
    expect(flags.path).toBe(path);
    expect((await flags.get()).slow_llm_for_chat).toBe(true);

    writeFileSync(path, JSON.stringify({ features: { slow_llm_for_chat: false } }));
    await until(flags, (f) => !f.slow_llm_for_chat);
  });

  it('keeps the last good snapshot when the file CONFIG_FILE names disappears', async () => {
    const { dir } = configDir();
    const path = join(dir, 'flags.json');
    writeFileSync(path, JSON.stringify({ features: { vad_threshold: 0.6 } }));
    const { log, lines } = captureLog();
    const flags = open({ cwd: dir, env: { CONFIG_FILE: path }, refreshIntervalMs: HOUR, log });
    expect((await flags.get()).vad_threshold).toBe(0.6);

    rmSync(path);
    await eventually(async () => (lines.some((line) => line.includes('cannot read')) ? true : undefined));
    expect((await flags.get()).vad_threshold).toBe(0.6);
  });

  it('logs an unknown flag in the file once, and ignores other sections', async () => {
    const { dir } = configDir({ vad_treshold: 0.6 });
    const { log, lines } = captureLog();
    const flags = open({ cwd: dir, refreshIntervalMs: 0, log });
    expect((await flags.get()).vad_threshold).toBe(0.5);
    await flags.refresh();
    expect(lines.filter((line) => line.includes('key=vad_treshold'))).toHaveLength(1);
  });

  it('still serves the file and env when the directory cannot be watched', async () => {
    const { log, lines } = captureLog();
    const tmp = makeTempDir();
    cleanups.push(() => tmp.remove());
    const missing = join(tmp.dir, 'gone');
    const flags = open({ cwd: missing, env: { FEATURES__VAD_THRESHOLD: '0.3' }, log });
    expect((await flags.get()).vad_threshold).toBe(0.3);
    expect(lines.some((line) => line.includes('cannot watch'))).toBe(true);
  });
});
