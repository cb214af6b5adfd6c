import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../shared/config';
import { DOCUMENTED_FEATURES } from './support/default-features';
import { makeTempDir } from './support/tmp';

const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

function tempDir(files: Record<string, unknown> = {}): string {
  const tmp = makeTempDir();
  dirs.push(tmp);
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(tmp.dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return tmp.dir;
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('needs nothing to start, and has the documented defaults', () => {
    const config = loadConfig({ env: {}, cwd: tempDir() });
    expect(config.host).toMatchObject({ port: 7071, bind: '127.0.0.1' });
    expect(config.features).toEqual(DOCUMENTED_FEATURES);
    expect(config.llm.fast.endpoint).toBeUndefined();
  });

  it('reads nested keys and well-known names from the environment', () => {
    const config = loadConfig({
      cwd: tempDir(),
      env: {
        LLM__FAST__ENDPOINT: 'http://localhost:11434/v1',
        OPENAI_API_KEY: 'sk-test',
        PORT: '8080',
        FEATURES__RECORDING_ENABLED: 'true',
        AzureFunctionsJobHost__logging__logLevel__default: 'Debug', // someone else's: ignored
      },
    });
    expect(config.llm.fast).toMatchObject({ endpoint: 'http://localhost:11434/v1', api_key: 'sk-test' });
    expect(config.host.port).toBe(8080);
    expect(config.features.recording_enabled).toBe(true);
  });

  it('layers the config file under the environment, and keeps false and 0 as values', () => {
    const cwd = tempDir({
      'callcenter.config.json': {
        features: { callback_timeout_hour: 0, slow_llm_for_chat: true, vad_threshold: 0.7 },
        workflow: { ring_timeout_sec: 30 },
      },
    });
    const config = loadConfig({ cwd, env: { FEATURES__SLOW_LLM_FOR_CHAT: 'false' } });
    expect(config.features.callback_timeout_hour).toBe(0);
    expect(config.features.slow_llm_for_chat).toBe(false);
    expect(config.features.vad_threshold).toBe(0.7);
    expect(config.workflow.ring_timeout_sec).toBe(30);
  });

  it('names the key, its source and what is expected when a value is invalid', () => {
    const problems = problemsOf(() =>
      loadConfig({
        cwd: tempDir(),
        env: { FEATURES__VAD_THRESHOLD: 'loud', LLM__FAST__ENDPOINT: 'not a url' },
      }),
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^features\.vad_threshold \(from env FEATURES__VAD_THRESHOLD\): .*number/);
    expect(problems.join('\n')).toMatch(
      /llm\.fast\.endpoint \(from env LLM__FAST__ENDPOINT\): expected a URL/,
    );
  });

  it('refuses a managed identity client id that is not a GUID, naming AZURE_CLIENT_ID', () => {
    const problems = problemsOf(() =>
      loadConfig({ cwd: tempDir(), env: { AZURE_CLIENT_ID: 'my-identity' } }),
    );
    expect(problems).toEqual([
      'identity.client_id (from env AZURE_CLIENT_ID): expected a managed identity client id (a GUID)',
    ]);
  });

  it('refuses an unknown key rather than ignoring a typo', () => {
    const cwd = tempDir({ 'callcenter.config.json': { features: { vad_treshold: 0.4 } } });
    const problems = problemsOf(() => loadConfig({ cwd, env: {} }));
    expect(problems[0]).toMatch(
      /^features\.vad_treshold \(from file .*callcenter\.config\.json\): unknown key/,
    );
  });

  it('explains a config file that is not JSON, or that does not exist', () => {
    const cwd = tempDir({ 'callcenter.config.json': '{ "host": ' });
    expect(problemsOf(() => loadConfig({ cwd, env: {} }))[0]).toMatch(/not valid JSON/);
    expect(problemsOf(() => loadConfig({ cwd, env: { CONFIG_FILE: 'missing.json' } }))[0]).toMatch(
      /CONFIG_FILE: no file at .*missing\.json/,
    );
  });

  it('validates prompt overrides at startup, naming the template and the placeholder', () => {
    const cwd = tempDir({
      'callcenter.config.json': { conversation: { prompts: { hello: ['Hi, {nickname} here.'] } } },
    });
    expect(problemsOf(() => loadConfig({ cwd, env: {} }))[0]).toMatch(
      /^conversation\.prompts .*: .*"hello".*\{nickname\}/,
    );
    const good = tempDir({
      'callcenter.config.json': { conversation: { prompts: { hello: ['Hi, {bot_name} here.'] } } },
    });
    expect(loadConfig({ cwd: good, env: {} }).conversation.prompts).toEqual({
      hello: ['Hi, {bot_name} here.'],
    });
  });
});
