import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../../shared/log';
import {
  AppConfigurationFlags,
  type AppConfigurationFlagsOptions,
} from '../../shared/providers/flags/app-configuration';
import { FLAG_NAMES } from '../../shared/providers/flags/flags';
import {
  FAKE_CONNECTION_STRING,
  FAKE_ENDPOINT,
  FAKE_TOKEN,
  FakeAppConfiguration,
} from './fake-app-configuration';
import { captureLog, eventually } from './support';

const open: AppConfigurationFlags[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((flags) => flags.close()));
});

function connect(
  store: FakeAppConfiguration,
  options: Partial<Omit<AppConfigurationFlagsOptions, 'connectionString' | 'endpoint' | 'credential'>> & {
    log?: Logger;
  } = {},
): AppConfigurationFlags {
  const flags = new AppConfigurationFlags({
    connectionString: FAKE_CONNECTION_STRING,
    clientOptions: { httpClient: store, retryOptions: { maxRetries: 0 } },
    log: silentLogger,
    ...options,
  });
  open.push(flags);
  return flags;
}

describe('AppConfigurationFlags', () => {
  it('lists the bare flag names, 5 exact keys per request, without label, signed with the access key', async () => {
    const store = new FakeAppConfiguration();
    store.set('vad_threshold', '0.6');
    await connect(store).get();

    const urls = store.requests.map((r) => r.url);
    expect(urls.map((url) => url.pathname)).toEqual(['/kv', '/kv', '/kv', '/kv']);
    expect(urls.map((url) => url.searchParams.get('key')?.split(','))).toEqual([
      FLAG_NAMES.slice(0, 5),
      FLAG_NAMES.slice(5, 10),
      FLAG_NAMES.slice(10),
      // The booleans, as feature flags.
      ['.appconfig.featureflag/recording_enabled', '.appconfig.featureflag/slow_llm_for_chat'],
    ]);
    for (const url of urls) {
      expect(url.searchParams.get('label')).toBe('\0'); // sent as %00: settings without a label
      expect(url.searchParams.get('api-version')).toMatch(/^\d{4}-\d{2}-\d{2}/);
    }
    const [first] = store.requests;
    expect(first?.headers.authorization).toMatch(/^HMAC-SHA256 Credential=abc&SignedHeaders=/);
    expect(first?.headers.accept).toContain('application/vnd.microsoft.appconfig.kvset+json');
  });

  it('lists `prefix*` with the configured label, and ignores everything else', async () => {
    const store = new FakeAppConfiguration();
    store.set('callcenter:vad_threshold', '0.6', 'prod');
    store.set('callcenter:vad_threshold', '0.2', 'staging');
    store.set('callcenter:recording_enabled', 'true'); // no label
    store.set('vad_threshold', '0.3', 'prod'); // not under the prefix
    const flags = connect(store, { keyPrefix: 'callcenter:', label: 'prod' });

    expect(await flags.get()).toMatchObject({ vad_threshold: 0.6, recording_enabled: false });
    expect(store.requests.map((r) => r.url.searchParams.get('key'))).toEqual([
      'callcenter:*',
      '.appconfig.featureflag/callcenter:*',
    ]);
    expect(store.requests.map((r) => r.url.searchParams.get('label'))).toEqual(['prod', 'prod']);
  });

  it('authenticates with an endpoint and a token credential', async () => {
    const store = new FakeAppConfiguration();
    store.set('slow_llm_for_chat', 'true');
    const scopes: string[] = [];
    const flags = new AppConfigurationFlags({
      endpoint: FAKE_ENDPOINT,
      credential: {
        async getToken(scope) {
          scopes.push(...[scope].flat());
          return { token: FAKE_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
        },
      },
      clientOptions: { httpClient: store, retryOptions: { maxRetries: 0 } },
      log: silentLogger,
    });
    open.push(flags);

    expect((await flags.get()).slow_llm_for_chat).toBe(true);
    expect(store.requests[0]?.headers.authorization).toBe(`Bearer ${FAKE_TOKEN}`);
    expect(scopes[0]).toBe('https://appconfig.azure.com/.default');
  });

  it('follows pages', async () => {
    const store = new FakeAppConfiguration();
    store.pageSize = 2;
    for (const name of FLAG_NAMES) store.set(`p/${name}`, name.startsWith('vad_threshold') ? '0.25' : '1');
    const features = await connect(store, { keyPrefix: 'p/' }).get();
    expect(features).toMatchObject({
      vad_threshold: 0.25,
      recording_enabled: true,
      answer_hard_timeout_sec: 1,
    });
    // The key-values' pages, then the (empty) feature flags' one.
    expect(store.requests.length).toBe(Math.ceil(FLAG_NAMES.length / 2) + 1);
  });

  it("reads booleans from feature flags (the portal's Feature manager), which win over key-values", async () => {
    const store = new FakeAppConfiguration();
    const featureFlag = (id: string, enabled: boolean) =>
      JSON.stringify({ id, description: '', enabled, conditions: { client_filters: [] } });
    store.set('.appconfig.featureflag/recording_enabled', featureFlag('recording_enabled', true));
    store.set('slow_llm_for_chat', 'true');
    store.set('.appconfig.featureflag/slow_llm_for_chat', featureFlag('slow_llm_for_chat', false));
    const flags = connect(store, { refreshIntervalMs: 0 });
    expect(await flags.get()).toMatchObject({ recording_enabled: true, slow_llm_for_chat: false });

    // Toggled in the portal: seen at the next refresh.
    store.set('.appconfig.featureflag/recording_enabled', featureFlag('recording_enabled', false));
    await flags.refresh();
    expect((await flags.get()).recording_enabled).toBe(false);
  });

  it('refuses a feature flag without a boolean "enabled", keeping the last good value, and says so', async () => {
    const store = new FakeAppConfiguration();
    store.set('.appconfig.featureflag/recording_enabled', '{"id":"recording_enabled","enabled":true}');
    const { log, lines } = captureLog();
    const flags = connect(store, { refreshIntervalMs: 0, log });
    expect((await flags.get()).recording_enabled).toBe(true);
    store.set('.appconfig.featureflag/recording_enabled', '{"id":"recording_enabled","enabled":"yes"}');
    await flags.refresh();
    expect((await flags.get()).recording_enabled).toBe(true);
    expect(lines.join('\n')).toMatch(/invalid value refused.*key=recording_enabled/);
  });

  it('with a sentinel key, re-reads the flags only when the sentinel changed', async () => {
    const store = new FakeAppConfiguration();
    store.set('sentinel', '1');
    store.set('vad_threshold', '0.6');
    const flags = connect(store, { refreshIntervalMs: 600_000, sentinelKey: 'sentinel' });
    expect((await flags.get()).vad_threshold).toBe(0.6);
    const fullRead = store.requests.length;
    expect(store.requests[0]?.url.searchParams.get('key')).toBe('sentinel');

    // A flag changed, the sentinel not yet: one request, the old value.
    store.set('vad_threshold', '0.8');
    store.requests.length = 0;
    await flags.refresh();
    expect(store.requests.map((r) => r.url.searchParams.get('key'))).toEqual(['sentinel']);
    expect((await flags.get()).vad_threshold).toBe(0.6);

    // The sentinel changed: everything is read again.
    store.set('sentinel', '2');
    store.requests.length = 0;
    await flags.refresh();
    expect(store.requests).toHaveLength(fullRead);
    expect((await flags.get()).vad_threshold).toBe(0.8);

    // The sentinel deleted: every refresh reads everything again (changes are not missed).
    store.delete('sentinel');
    store.set('vad_threshold', '0.9');
    await flags.refresh();
    expect((await flags.get()).vad_threshold).toBe(0.9);
    store.set('vad_threshold', '0.4');
    await flags.refresh();
    expect((await flags.get()).vad_threshold).toBe(0.4);
  });

  it('treats an empty value as not set', async () => {
    const store = new FakeAppConfiguration();
    store.set('vad_threshold', '');
    store.set('recognition_retry_max', null);
    const { log, lines } = captureLog();
    const features = await connect(store, { log }).get();
    expect(features).toMatchObject({ vad_threshold: 0.5, recognition_retry_max: 3 });
    expect(lines).toEqual([]);
  });

  it('logs an unknown key under the prefix once', async () => {
    const store = new FakeAppConfiguration();
    store.set('cc/vad_treshold', '0.6');
    const { log, lines } = captureLog();
    const flags = connect(store, { keyPrefix: 'cc/', refreshIntervalMs: 0, log });
    await flags.get();
    await flags.refresh();
    await flags.refresh();
    expect(lines.filter((line) => line.includes('key=vad_treshold'))).toHaveLength(1);
    expect(lines[0]).toContain('unknown flag');
  });

  it('keeps the last good values through an outage, and logs it', async () => {
    const store = new FakeAppConfiguration();
    store.set('vad_threshold', '0.6');
    const { log, lines } = captureLog();
    const flags = connect(store, { refreshIntervalMs: 20, log });
    expect((await flags.get()).vad_threshold).toBe(0.6);

    store.failWith = 503;
    store.set('vad_threshold', '0.7');
    const requests = store.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await flags.get()).vad_threshold).toBe(0.6); // starts a refresh, which fails
    await eventually(async () => (store.requests.length > requests ? true : undefined));
    await flags.refresh();
    expect((await flags.get()).vad_threshold).toBe(0.6);
    expect(lines.some((line) => line.includes('could not read the source') && line.includes('503'))).toBe(
      true,
    );

    store.failWith = undefined;
    await eventually(async () => ((await flags.get()).vad_threshold === 0.7 ? true : undefined));
  });

  it('never makes get() wait on the network after the first load', async () => {
    const store = new FakeAppConfiguration();
    store.set('cc/vad_threshold', '0.6');
    const flags = connect(store, { keyPrefix: 'cc/', refreshIntervalMs: 0 });
    await flags.get();

    store.delayMs = 300;
    store.set('cc/vad_threshold', '0.7');
    const started = performance.now();
    expect((await flags.get()).vad_threshold).toBe(0.6); // starts a (slow) background refresh
    expect((await flags.get()).vad_threshold).toBe(0.6);
    expect(performance.now() - started).toBeLessThan(100);
    await eventually(async () => ((await flags.get()).vad_threshold === 0.7 ? true : undefined));
  });

  it('answers with the defaults when the first load hangs, and recovers once the source answers', async () => {
    const store = new FakeAppConfiguration();
    store.set('vad_threshold', '0.6');
    store.hang = true;
    const { log, lines } = captureLog();
    const flags = connect(store, { firstLoadTimeoutMs: 50, readTimeoutMs: 200, refreshIntervalMs: 20, log });

    const started = performance.now();
    expect((await flags.get()).vad_threshold).toBe(0.5);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(lines.some((line) => line.includes('first load is slow'))).toBe(true);

    store.hang = false;
    await eventually(async () => ((await flags.get()).vad_threshold === 0.6 ? true : undefined));
    expect(lines.some((line) => line.includes('no answer within 200 ms'))).toBe(true);
  });

  it('stops reading the source once closed', async () => {
    const store = new FakeAppConfiguration();
    store.set('vad_threshold', '0.6');
    const flags = connect(store, { refreshIntervalMs: 0 });
    await flags.get();
    await flags.close();
    const requests = store.requests.length;
    store.set('vad_threshold', '0.7');
    expect((await flags.get()).vad_threshold).toBe(0.6);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(store.requests.length).toBe(requests);
  });

  it('refuses a malformed connection string and filters the SDK would not encode', () => {
    expect(() => new AppConfigurationFlags({ connectionString: 'nope', log: silentLogger })).toThrow(
      /connection string/i,
    );
    expect(
      () =>
        new AppConfigurationFlags({
          connectionString: FAKE_CONNECTION_STRING,
          keyPrefix: 'a&b',
          log: silentLogger,
        }),
    ).toThrow(/keyPrefix/);
    expect(
      () =>
        new AppConfigurationFlags({
          connectionString: FAKE_CONNECTION_STRING,
          label: 'a*',
          log: silentLogger,
        }),
    ).toThrow(/label/);
  });
});
