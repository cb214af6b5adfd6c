import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { featuresSchema } from '../../shared/config';
import { appSettingsIn, configKeyOf, findDrift, manualKeys } from './drift';

/**
 * The Bicep and the app's config must agree: every app setting the template sets is read by the app (or by
 * the Functions runtime), and every key the Azure backends need is set by the template or listed in
 * infra/README.md as set by hand. The template before issue 11 (test/fixtures/infra-before-issue-11) shows
 * what this catches: SMS left on the outbox, no models, feature flags rewritten on every deploy.
 */

const readme = readFileSync('infra/README.md', 'utf8');

describe('infra drift', () => {
  it('sets only settings the app or the Functions runtime reads, and everything the Azure backends need', () => {
    const drift = findDrift('infra', manualKeys(readme));
    expect(drift).toEqual({ unread: [], missing: {}, featureOverrides: [], keys: [] });
  });

  it('catches what the template before issue 11 got wrong', () => {
    const drift = findDrift('test/fixtures/infra-before-issue-11', []);
    expect(drift.missing['sms acs']).toEqual(['sms.backend']);
    expect(drift.missing.llm).toContain('llm.fast.endpoint');
    expect(drift.missing['voice web-pubsub']).toContain('telephony.acs.web_pubsub.connection_string');
    expect(drift.missing['flags app-configuration']).toEqual(['flags.app_configuration.endpoint']);
    expect(drift.featureOverrides).toEqual(['FEATURES__CALLBACK_TIMEOUT_HOUR']);
    // It passed Cosmos DB and ACS their keys.
    expect(drift.keys).toEqual(expect.arrayContaining(['COSMOS_KEY']));
  });

  it('reads both ways of writing app settings, and maps them as loadConfig does', () => {
    expect(appSettingsIn("  { name: 'LLM__FAST__MODEL', value: fastDeployment }")).toEqual([
      'LLM__FAST__MODEL',
    ]);
    expect(appSettingsIn("{\n  name: 'SMS__BACKEND'\n  value: 'acs'\n}")).toEqual(['SMS__BACKEND']);
    expect(configKeyOf('LLM__FAST__MODEL')).toBe('llm.fast.model');
    expect(configKeyOf('WEB_PUBSUB_HUB')).toBe('telephony.acs.web_pubsub.hub');
    // A typo, a section and an unknown name are not config keys.
    expect(configKeyOf('LLM__FAST__MODLE')).toBeUndefined();
    expect(configKeyOf('STORE__COSMOS')).toBeUndefined();
    expect(configKeyOf('OPENAI_DEPLOYMENT')).toBeUndefined();
  });

  it('seeds App Configuration with exactly the documented flags and their defaults', () => {
    const bicep = readFileSync('infra/modules/app-configuration-flags.bicep', 'utf8');
    const seeded = Object.fromEntries(
      [...bicep.matchAll(/\{ key: '([a-z_]+)', value: '([^']*)' \}/g)].map((m) => [m[1], m[2]]),
    );
    const defaults = Object.fromEntries(
      Object.entries(featuresSchema.parse({})).map(([name, value]) => [name, String(value)]),
    );
    expect(seeded).toEqual(defaults);

    // The booleans (and only they) are feature flags, in the format the app and the portal read.
    const booleans = bicep.split('var booleans = [')[1]?.split(']')[0] ?? '';
    const seededBooleans = [...booleans.matchAll(/key: '([a-z_]+)'/g)].map((m) => m[1]);
    const booleanFlags = Object.entries(featuresSchema.parse({}))
      .filter(([, value]) => typeof value === 'boolean')
      .map(([name]) => name);
    expect(seededBooleans).toEqual(booleanFlags);
    expect(bicep).toContain("name: '.appconfig.featureflag~2F${flag.key}'");
    expect(bicep).toContain("contentType: 'application/vnd.microsoft.appconfig.ff+json;charset=utf-8'");
    // The sentinel the app watches is the one the template seeds.
    const settings = readFileSync('infra/modules/app-settings.bicep', 'utf8');
    expect(settings).toContain("{ name: 'FLAGS__APP_CONFIGURATION__SENTINEL_KEY', value: sentinelKey }");
    expect(readFileSync('infra/main.bicep', 'utf8')).toMatch(
      /sentinelKey: sentinelKey[\s\S]*sentinelKey: sentinelKey/,
    );
  });

  it('subscribes Event Grid and Web PubSub to functions the app registers', () => {
    const eventGrid = readFileSync('infra/modules/event-grid.bicep', 'utf8');
    const registered = readFileSync('functions/event-grid.ts', 'utf8');
    const targets = [...eventGrid.matchAll(/functionName: '(\w+)'/g)].map((m) => m[1]);
    expect(targets.sort()).toEqual([
      'eventGridIncomingCallTrigger',
      'eventGridRecordingTrigger',
      'eventGridSmsTrigger',
    ]);
    for (const name of targets) expect(registered).toContain(`app.eventGrid('${name}'`);

    const hub = readFileSync('infra/modules/web-pubsub-hub.bicep', 'utf8');
    const voice = readFileSync('functions/voice.ts', 'utf8');
    const systemEvents = [...(hub.match(/systemEvents: \[([^\]]*)\]/)?.[1] ?? '').matchAll(/'(\w+)'/g)].map(
      (m) => m[1],
    );
    for (const event of systemEvents) expect(voice).toMatch(new RegExp(`'system', '${event}'\\)`));
    expect(hub).toContain("userEventPattern: 'message'");
    expect(voice).toContain("register('voiceTranscription', 'user', 'message')");
  });

  it('passes the template only parameters it declares, and every one it requires', () => {
    const params = (file: string) =>
      [...readFileSync(file, 'utf8').matchAll(/^param (\w+) \w+( = )?/gm)].map((m) => ({
        name: m[1] as string,
        required: m[2] === undefined,
      }));
    const main = params('infra/main.bicep');
    const given = Object.keys(
      (JSON.parse(readFileSync('infra/main.parameters.json', 'utf8')) as { parameters: object }).parameters,
    );
    expect(given.filter((name) => !main.some((p) => p.name === name))).toEqual([]);
    expect(main.filter((p) => p.required && !given.includes(p.name))).toEqual([]);

    // The postdeploy hook's -p names against events.bicep's parameters.
    const events = params('infra/events.bicep');
    const hook = readFileSync('infra/hooks/postdeploy.mjs', 'utf8');
    const passed = [...hook.matchAll(/`(\w+)=\$\{/g)].map((m) => m[1] as string);
    expect(passed.length).toBeGreaterThan(0);
    expect(passed.filter((name) => !events.some((p) => p.name === name))).toEqual([]);
    expect(events.filter((p) => p.required && !passed.includes(p.name))).toEqual([]);
  });
});
