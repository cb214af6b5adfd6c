import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../shared/http/routes';
import { ACTIVITY_NAMES, ORCHESTRATORS } from '../../shared/workflow/catalog';
import { prepareHarness, REPO_ROOT, runHarnessScript, staleBuildReason, type Harness } from './harness';

/**
 * The app under Microsoft's real Azure Functions Node worker (../shared/tools/functions-host, outside
 * this repository; the worker build is vendored in worker-dist/). It loads the compiled app, so it needs
 * `npm run build` first: `.ci/run` runs this file again after the build. Skips, saying why, when the
 * harness folder is absent or dist/ is missing or older than the sources.
 */

interface Registration {
  readonly name: string;
  readonly trigger: string;
  readonly route: string | null;
  readonly methods: readonly string[] | null;
  readonly authLevel: string | null;
  readonly bindings: readonly Record<string, unknown>[];
}

const stale = staleBuildReason();
let harness: Harness | undefined;
let skipped = stale;

beforeAll(async () => {
  if (stale) return;
  const prepared = await prepareHarness();
  if ('skipped' in prepared) skipped = prepared.skipped;
  else harness = prepared;
}, 300_000);
afterAll(() => harness?.dispose());

/** The prepared harness, or undefined after saying why the test does not run. */
function ready(): Harness | undefined {
  if (!harness) console.warn(`functions-host test skipped: ${skipped ?? 'harness not prepared'}`);
  return harness;
}

describe('the Functions app under the real Node worker', () => {
  it('registers every function with the triggers and bindings Azure will see', async (ctx) => {
    const h = ready();
    if (!h) return ctx.skip();
    const run = await runHarnessScript(h.listFunctions, []);
    expect(run.code, run.output).toBe(0);
    const listed = JSON.parse(run.output.slice(run.output.indexOf('{'))) as { functions: Registration[] };
    const byName = new Map(listed.functions.map((f) => [f.name, f]));

    for (const route of ROUTES.filter((r) => !r.localOnly)) {
      const f = byName.get(route.name);
      expect(f?.trigger, route.name).toBe('httpTrigger');
      expect(f?.route, route.name).toBe(route.route);
      expect(f?.authLevel, route.name).toBe(route.authLevel);
      expect([...(f?.methods ?? [])].sort(), route.name).toEqual(
        route.methods.filter((m) => m !== 'OPTIONS').sort(),
      );
    }
    for (const name of Object.keys(ORCHESTRATORS))
      expect(byName.get(name)?.trigger, name).toBe('orchestrationTrigger');
    for (const name of ACTIVITY_NAMES) expect(byName.get(name)?.trigger, name).toBe('activityTrigger');

    for (const name of ['eventGridIncomingCallTrigger', 'eventGridSmsTrigger', 'eventGridRecordingTrigger']) {
      expect(byName.get(name)?.trigger, name).toBe('eventGridTrigger');
    }
    const voice = {
      voiceConnect: ['system', 'connect'],
      voiceTranscription: ['user', 'message'],
      voiceDisconnected: ['system', 'disconnected'],
    };
    for (const [name, [eventType, eventName]] of Object.entries(voice)) {
      const trigger = byName.get(name)?.bindings.find((b) => b.type === 'webPubSubTrigger');
      expect(trigger, name).toMatchObject({
        hub: 'calls',
        eventType,
        eventName,
        connections: ['WEB_PUBSUB_CONNECTION_STRING'],
        direction: 'in',
      });
    }
  }, 120_000);

  it('answers the generic scenario: health over HTTP, an orchestration replayed', async (ctx) => {
    const h = ready();
    if (!h) return ctx.skip();
    const run = await runHarnessScript(h.fakeHost, []);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/HTTP 200/);
    expect(run.output).toMatch(/FunctionLoadRequest x\d+; <- \d+ Success/);
  }, 240_000);

  it('runs the follow-ups orchestration: timer, external event, continueAsNew (harness example)', async (ctx) => {
    const h = ready();
    if (!h) return ctx.skip();
    const run = await runHarnessScript(h.fakeHost, [h.file('examples/call-center-ai/followups.js')]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/output: "called back"/);
  }, 240_000);

  it('runs on the Cosmos DB store (harness example)', async (ctx) => {
    const h = ready();
    if (!h) return ctx.skip();
    const run = await runHarnessScript(h.fakeHost, [h.file('examples/call-center-ai/cosmos.js')]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/"store":"cosmos"/);
    expect(run.output).toMatch(/callGet: invocation=Success http=200/);
  }, 240_000);
  it('passes `npm run smoke` with every Azure backend, configured as app-settings.bicep does (scenarios/smoke.cjs)', async (ctx) => {
    const h = ready();
    if (!h) return ctx.skip();
    const scenario = path.join(REPO_ROOT, 'test/functions-host/scenarios/smoke.cjs');
    const run = await runHarnessScript(h.fakeHost, [scenario]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('/api/health: 200 ok');
    const ports = {
      store: 'cosmos',
      llm: 'azure-openai',
      sms: 'acs',
      telephony: 'acs',
      flags: 'app-configuration',
      voice: 'web-pubsub',
      stt: 'azure-speech',
      tts: 'azure-speech',
    };
    for (const [port, backend] of Object.entries(ports)) {
      expect(run.output).toMatch(new RegExp(`^ {2}${port}\\s+${backend}\\s+ok$`, 'm'));
    }
    expect(run.output).toContain('Smoke check passed.');
    // The Cosmos store connected with the managed identity's token (no key is configured).
    expect(run.output).toMatch(/managed identity tokens asked for: https:\/\/127\.0\.0\.1:\d+/);
  }, 240_000);

  it('holds an inbound and an outbound call on the serverless voice loop (scenarios/voice.cjs)', async (ctx) => {
    const h = ready();
    if (!h) return ctx.skip();
    const scenario = path.join(REPO_ROOT, 'test/functions-host/scenarios/voice.cjs');
    const run = await runHarnessScript(h.fakeHost, [scenario]);
    const failed = run.output.split('\n').filter((l) => l.startsWith('FAIL - '));
    expect(failed, run.output).toEqual([]);
    expect(run.code, run.output).toBe(0);
    // Each step ran (a scenario that stopped early prints fewer checks).
    const transcription = [
      'transportUrl is the Web PubSub client URL of hub calls',
      "its token's sub is the call id",
      'websocket transport, locale, start at connect, intermediate results',
      'ACS speech through the cognitive services endpoint',
    ];
    const conversation = [
      'the hello is played with SSML',
      'continuous DTMF recognition starts',
      "connect as the call's user is accepted",
      'connect as an unknown user is refused',
      'the second answer is played after the first',
      'speech past the cutoff over the bot cancels its media',
      'the stored answer is cut to the two sentences heard',
      '"42#" is answered as the turn "42", without waiting for the pause',
      'the silence prompt is played',
      'post-call activities ran',
      'every caller turn is stored, in order',
      'the claim holds the name the caller gave',
    ];
    for (const [leg, request] of [
      ['inbound', 'inbound answerCall'],
      ['outbound', 'outbound createCall'],
    ]) {
      for (const step of transcription) expect(run.output).toContain(`ok - ${request}: ${step}`);
      for (const step of conversation) expect(run.output).toContain(`ok - ${leg}: ${step}`);
    }
    expect(run.output).toContain('ok - inbound: the call was recorded from CallConnected');
    expect(run.output).toContain(
      "ok - the recording's content and metadata locations are on the call, for operators",
    );
    expect(run.output).toMatch(/voice scenario: \d+ checks passed, 0 failed/);
  }, 300_000);
});
