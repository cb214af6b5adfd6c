import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SoftphoneClient } from '../../local/softphone-client';
import { toFrames, type Frame } from '../../shared/voice/audio';
import { readJson, type CallView } from '../support/calls';
import { eventually } from '../support/eventually';
import {
  startFakeTranscriptionServer,
  type FakeTranscriptionServer,
} from '../support/fake-transcription-server';
import { spawnHost, transpileHost, type HostProcess } from '../support/host-process';
import { silence, speechSamples } from '../support/speech';
import { attribute, startOtlpCollector } from '../support/otlp-collector';
import { makeTempDir } from '../support/tmp';

/**
 * `MEDIA_WORKERS`: the calls' voice loops in media processes, the conversation and the data folder in
 * the main one. The host runs as `npm start` runs it (a real process, built), since a media process is
 * a built script forked beside it; the phones are scripted softphones over the real sockets.
 */

const build = makeTempDir('media-workers-build-');
let main: string;
let transcription: FakeTranscriptionServer;
let speech: Frame[];
const hosts: HostProcess[] = [];
const phones: SoftphoneClient[] = [];
const dirs: { remove(): void }[] = [];

beforeAll(async () => {
  main = transpileHost(build.dir);
  transcription = await startFakeTranscriptionServer();
  speech = toFrames(await speechSamples('My name is John Smith.'));
}, 120_000);
afterEach(async () => {
  for (const phone of phones.splice(0)) await phone.close().catch(() => undefined);
  for (const host of hosts.splice(0)) await host.kill();
  for (const dir of dirs.splice(0)) dir.remove();
  transcription.reset();
});
afterAll(async () => {
  await transcription?.close();
  build.remove();
});

async function start(workers: string, env: Record<string, string> = {}): Promise<HostProcess> {
  const data = makeTempDir('media-workers-data-');
  dirs.push(data);
  const host = await spawnHost(main, data.dir, {
    MEDIA_WORKERS: workers,
    // Every call to a media process, unless a test keeps some in the main one.
    MEDIA_CALLS_IN_MAIN: '0',
    TRANSCRIPTION_ENDPOINT: transcription.baseUrl,
    TRANSCRIPTION_API_KEY: 'test-key',
    FEATURES__VAD_CUTOFF_TIMEOUT_MS: '200',
    ...env,
  });
  hosts.push(host);
  return host;
}

/** The host's child processes: its media processes. */
function mediaProcesses(host: HostProcess): number[] {
  try {
    const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(host.child.pid)], { encoding: 'utf8' });
    return out
      .split('\n')
      .filter((line) => line.trim())
      .map(Number);
  } catch {
    return []; // ps exits 1 when there is none
  }
}

async function callBot(
  host: HostProcess,
  number: string,
): Promise<{ phone: SoftphoneClient; callId: string }> {
  const phone = await SoftphoneClient.connect(host.baseUrl);
  phones.push(phone);
  await phone.register(number);
  const callId = await phone.dial();
  const hello = await phone.next((e) => e.type === 'transcript' && e.persona === 'assistant', 20_000);
  expect(String(hello.text)).toMatch(/Amélie|Contoso/);
  return { phone, callId };
}

async function stream(phone: SoftphoneClient, frames: Frame[]): Promise<void> {
  for (const frame of frames) {
    phone.sendFrame(frame);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function getCall(host: HostProcess, callId: string): Promise<CallView> {
  return readJson(await fetch(`${host.baseUrl}/api/call/${callId}`));
}

describe('calls in media processes (MEDIA_WORKERS)', () => {
  it('hears, transcribes, answers and stops for a barge-in as in process', async () => {
    const host = await start('2');
    expect(mediaProcesses(host)).toHaveLength(2);
    const { phone, callId } = await callBot(host, '+14255550171');

    // The hello's audio, paced in real time by the media process.
    await eventually(async () => (phone.received.frames >= 25 ? true : undefined), 10_000);
    const helloFrames = phone.received.frames;
    expect(phone.received.lastFrameAt - phone.received.firstFrameAt).toBeGreaterThan(
      (helloFrames - 5) * 20 * 0.8,
    );

    // Spoken: VAD and end of turn over there, transcription, the turn answered and stored here.
    transcription.enqueue({ text: 'My name is John Smith.' });
    await stream(phone, [...toFrames(silence(400)), ...speech, ...toFrames(silence(800))]);
    const heard = await phone.next((e) => e.type === 'transcript' && e.persona === 'human', 15_000);
    expect(heard.text).toBe('My name is John Smith.');
    expect(transcription.requests.at(-1)?.wav?.durationMs).toBeGreaterThan((speech.length - 10) * 20);
    await eventually(async () => {
      const call = await getCall(host, callId);
      return call.claim.policyholder_name === 'John Smith' ? true : undefined;
    }, 10_000);

    // A typed turn, then speech over its answer: StopAudio, and the bot falls silent.
    await phone.next((e) => e.type === 'transcript' && e.persona === 'assistant', 10_000);
    phone.say(callId, 'What do you need from me?');
    await phone.next(
      (e) => e.type === 'transcript' && e.persona === 'assistant' && e.text !== heard.text,
      10_000,
    );
    const framesBefore = phone.received.frames;
    await eventually(async () => (phone.received.frames > framesBefore + 10 ? true : undefined), 10_000);
    transcription.enqueue({ text: '' });
    await stream(phone, speech.slice(0, 40));
    await eventually(async () => (phone.received.stopAudio > 0 ? true : undefined));
    const afterStop = phone.received.frames;
    await stream(phone, toFrames(silence(300)));
    expect(phone.received.frames - afterStop).toBeLessThanOrEqual(3);

    phone.hangUp(callId);
    await phone.next((e) => e.type === 'ended');
    await eventually(async () =>
      (await getCall(host, callId)).lifecycle.state === 'ended' ? true : undefined,
    );
  }, 90_000);

  it('a media process that dies ends only its own calls, with their turns whole, and is replaced', async () => {
    const host = await start('2');
    const before = mediaProcesses(host);
    expect(before).toHaveLength(2);
    const calls = [await callBot(host, '+14255550172'), await callBot(host, '+14255550173')];

    // Both calls mid-answer: a question asked, its answer playing.
    for (const { phone, callId } of calls) phone.say(callId, 'What do you need from me?');
    for (const { phone } of calls) {
      await phone.next((e) => e.type === 'transcript' && e.persona === 'assistant', 10_000);
    }
    process.kill(before[0] ?? 0, 'SIGKILL');

    // Exactly one call ends: the one that media process carried.
    const ended = await Promise.race(
      calls.map(async (call) => {
        await call.phone.next((e) => e.type === 'ended', 15_000);
        return call;
      }),
    );
    const survivor = calls.find((call) => call !== ended);
    if (!survivor) throw new Error('both calls ended');
    await expect(survivor.phone.next((e) => e.type === 'ended', 1_000)).rejects.toThrow();

    // The dead process's call: ended in the store, the caller's question stored once, nothing torn.
    const dead = await eventually(async () => {
      const call = await getCall(host, ended.callId);
      return call.lifecycle.state === 'ended' ? call : undefined;
    }, 10_000);
    const asked = dead.messages.filter(
      (m) => m.persona === 'human' && m.content === 'What do you need from me?',
    );
    expect(asked).toHaveLength(1);

    // The other call goes on: a turn answered by voice.
    const frames = survivor.phone.received.frames;
    survivor.phone.say(survivor.callId, 'My name is Jane Doe.');
    await eventually(async () => {
      const call = await getCall(host, survivor.callId);
      return call.claim.policyholder_name === 'Jane Doe' ? true : undefined;
    }, 10_000);
    await eventually(async () => (survivor.phone.received.frames > frames + 10 ? true : undefined), 10_000);

    // A new process took the dead one's place, and new calls are taken.
    await eventually(async () => {
      const now = mediaProcesses(host);
      return now.length === 2 && !now.includes(before[0] ?? 0) ? true : undefined;
    }, 15_000);
    await callBot(host, '+14255550174');
  }, 120_000);

  it('MEDIA_WORKERS sets the number of media processes; 0 keeps the calls in the main process', async () => {
    const three = await start('3');
    expect(mediaProcesses(three)).toHaveLength(3);
    await three.stop();

    const none = await start('0');
    expect(mediaProcesses(none)).toHaveLength(0);
    const { phone } = await callBot(none, '+14255550175');
    await eventually(async () => (phone.received.frames >= 10 ? true : undefined), 10_000);
  }, 90_000);

  it('keeps the first calls in the main process (MEDIA_CALLS_IN_MAIN) and hands the others to media processes', async () => {
    const host = await start('2', { MEDIA_CALLS_IN_MAIN: '1', LOG_LEVEL: 'debug' });
    // A turn's debug line names the media process that ran it; in the main process there is none.
    const turnLine = (callId: string) =>
      host.output().match(new RegExp(`DEBUG turn .*call_id=${callId}.*`))?.[0];
    const talk = async ({ phone, callId }: { phone: SoftphoneClient; callId: string }) => {
      phone.say(callId, 'My name is Jane Doe.');
      return eventually(async () => turnLine(callId), 15_000);
    };
    const first = await callBot(host, '+14255550179');
    const second = await callBot(host, '+14255550180');
    expect(await talk(first)).not.toMatch(/media_process=/);
    expect(await talk(second)).toMatch(/media_process=\d+/);

    // Once the main process's call is over, it takes the next one.
    first.phone.hangUp(first.callId);
    await first.phone.next((e) => e.type === 'ended');
    // (Its media socket closes just after the phone hears the call ended.)
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await talk(await callBot(host, '+14255550181'))).not.toMatch(/media_process=/);
  }, 90_000);

  it('takes a language menu key at once in a media process, and keeps a recorded call in the main one', async () => {
    const menu = await start('2', { CONVERSATION__LANGUAGE_MENU: 'true' });
    const phone = await SoftphoneClient.connect(menu.baseUrl);
    phones.push(phone);
    await phone.register('+14255550176');
    const callId = await phone.dial();
    const said = () =>
      phone
        .next((e) => e.type === 'transcript' && e.persona === 'assistant', 20_000)
        .then((e) => String(e.text));
    expect(await said()).toContain('Pour continuer en français, tapez 2.');
    expect(mediaProcesses(menu)).toHaveLength(2);
    // One key is the whole answer: pressed together, "23" would pick no language. The media process
    // must know the menu is open to take the 2 alone.
    phone.sendDigit('2');
    phone.sendDigit('3');
    expect(await said()).toMatch(/^Bonjour/);
    expect((await getCall(menu, callId)).language).toBe('fr-FR');
    // Ctrl+C with the call still on the line: the host stops (a socket handed to a media process once
    // kept the server open until the test timed out).
    const stopping = Date.now();
    await menu.stop();
    expect(Date.now() - stopping).toBeLessThan(10_000);

    const recorded = await start('2', { FEATURES__RECORDING_ENABLED: 'true' });
    const { phone: caller, callId: recordedId } = await callBot(recorded, '+14255550177');
    await eventually(async () => (caller.received.frames >= 10 ? true : undefined), 10_000);
    const call = await getCall(recorded, recordedId);
    expect(call.recordings).toHaveLength(1);
  }, 90_000);

  it("reports a media process's turns whole: the model's time in their span and debug line, exported from there", async () => {
    const collector = await startOtlpCollector();
    try {
      const host = await start('2', {
        LOG_LEVEL: 'debug',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.baseUrl,
      });
      const { phone, callId } = await callBot(host, '+14255550178');
      phone.say(callId, 'My name is Jane Doe.');
      const turnLine = () => host.output().match(/DEBUG turn .*turn=1 .*/)?.[0];
      await eventually(async () => turnLine(), 15_000);
      // The turn ran in a media process; the model ran in the main one, and its time came back.
      expect(turnLine()).toMatch(/media_process=\d+/);
      expect(turnLine()).toMatch(/ model_ms=[\d.]+ .*model="[^"]+" tools=1/);
      // The media process exports its spans too (on its way out at the latest).
      await host.stop();
      await eventually(async () => {
        const turns = collector.spans().filter((span) => span.name === 'turn');
        return turns.find((turn) => attribute(turn, 'turn.model_ms') !== undefined);
      }, 10_000);
      const turn = collector.spans().find((span) => span.name === 'turn')!;
      expect(turn.traceId).toBe(callId.replace(/-/g, ''));
      expect(attribute(turn, 'turn.tools')).toBe(1);
    } finally {
      await collector.close();
    }
  }, 90_000);
});
