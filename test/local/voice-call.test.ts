import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SoftphoneClient } from '../../local/softphone-client';
import { toFrames, type Frame } from '../../shared/voice/audio';
import { eventually, startLocalHost, type RunningLocalHost } from '../support/local-host';
import { silence, speechSamples } from '../support/speech';

/**
 * A phone call by voice, through the local host's real sockets: the scripted softphone speaks exactly
 * the browser page's protocol, the bot speaks with Flite, listens with the WebRTC VAD, and answers with
 * the offline agent. No STT is configured, so the caller's words are typed, as on a fresh install.
 */

const CALLER = '+14255550123';
let host: RunningLocalHost;
let speech: Frame[];

beforeAll(async () => {
  host = await startLocalHost({ features: { vad_cutoff_timeout_ms: 200 } });
  speech = toFrames(await speechSamples('Hello? Excuse me, I have a question about my claim, please.'));
});
afterAll(async () => {
  await host?.close();
});

/** Streams frames in real time (20 ms apart), as a phone does. */
async function stream(phone: SoftphoneClient, frames: Frame[]): Promise<void> {
  for (const frame of frames) {
    phone.sendFrame(frame);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a voice call on the local host', () => {
  it('stores what the caller said and what the tools did before the answer has finished playing', async () => {
    const phone = await SoftphoneClient.connect(host.baseUrl);
    try {
      await phone.register('+14255550124');
      const callId = await phone.dial();
      await phone.next((e) => e.type === 'transcript' && e.persona === 'assistant');
      phone.say(callId, 'My name is Jane Doe.');
      // The answer starts playing (its first frames arrive, paced in real time)...
      await phone.next((e) => e.type === 'transcript' && e.persona === 'assistant');
      const framesAtAnswer = phone.received.frames;
      await eventually(async () => (phone.received.frames > framesAtAnswer + 5 ? true : undefined));
      // ...and while it plays, a crash would lose nothing the caller was told was noted.
      const call = await host.app.services.store.get(callId);
      expect(call?.claim.policyholder_name).toBe('Jane Doe');
      expect(call?.messages.some((m) => m.persona === 'human' && m.content === 'My name is Jane Doe.')).toBe(
        true,
      );
      phone.hangUp(callId);
      await phone.next((e) => e.type === 'ended');
    } finally {
      await phone.close();
    }
  });

  it('greets by voice, answers a typed turn by voice, stops when the caller talks over it, and ends with a report link', async () => {
    const phone = await SoftphoneClient.connect(host.baseUrl);
    try {
      expect(await phone.register(CALLER)).toMatchObject({
        type: 'registered',
        speech_recognition: true,
        recognizer: { kind: 'pocketsphinx', understands: { langs: ['en'] } },
      });
      const callId = await phone.dial();

      // The hello: its transcript line, then its audio, paced in real time.
      const hello = await phone.next((e) => e.type === 'transcript' && e.persona === 'assistant');
      expect(String(hello.text)).toMatch(/Amélie|Contoso/);
      await eventually(async () => (phone.received.frames >= 25 ? true : undefined));
      const helloFrames = phone.received.frames;
      expect(phone.received.lastFrameAt - phone.received.firstFrameAt).toBeGreaterThan(
        (helloFrames - 5) * 20 * 0.8,
      );

      // A typed turn: the bot answers it by voice, and the turn is stored.
      phone.say(callId, 'My name is Jane Doe.');
      await phone.next(
        (e) => e.type === 'transcript' && e.persona === 'human' && e.text === 'My name is Jane Doe.',
      );
      const answer = await phone.next((e) => e.type === 'transcript' && e.persona === 'assistant');
      expect(String(answer.text).length).toBeGreaterThan(0);
      await eventually(async () => {
        const call = await host.app.services.store.get(callId);
        return call?.claim.policyholder_name === 'Jane Doe' ? call : undefined;
      });

      // Speech over the bot: StopAudio, and the bot falls silent.
      phone.say(callId, 'What do you need from me?');
      await phone.next((e) => e.type === 'transcript' && e.persona === 'assistant');
      const framesBefore = phone.received.frames;
      await eventually(async () => (phone.received.frames > framesBefore + 10 ? true : undefined));
      await stream(phone, speech.slice(0, 40));
      await eventually(async () => (phone.received.stopAudio > 0 ? true : undefined));
      const afterStop = phone.received.frames;
      await stream(phone, toFrames(silence(300)));
      expect(phone.received.frames - afterStop).toBeLessThanOrEqual(3);
      expect(host.voiceCalls.metrics.bargeIns.length).toBeGreaterThan(0);

      // Hang up: the call ends, its post-call work runs, and the phone gets the report link.
      phone.hangUp(callId);
      const ended = await phone.next((e) => e.type === 'ended');
      expect(ended.report_url).toMatch(new RegExp(`^/api/report/${callId}\\?token=`));
      const report = await fetch(new URL(String(ended.report_url), host.baseUrl));
      expect(report.status).toBe(200);
      const stored = await eventually(async () => {
        const call = await host.app.services.store.get(callId);
        return call?.lifecycle.state === 'ended' && call.synthesis ? call : undefined;
      });
      // The interrupted answer was stored only as far as it was heard.
      const spoken = stored.messages.filter((m) => m.persona === 'assistant' && m.action === 'talk');
      expect(spoken.length).toBeGreaterThanOrEqual(1);
    } finally {
      await phone.close();
    }
  });

  it('refuses a media stream without the call’s secret, or for a call that is not connected', async () => {
    const phone = await SoftphoneClient.connect(host.baseUrl);
    try {
      await phone.register('+14255550124');
      const callId = await phone.dial();
      const base = host.baseUrl.replace(/^http/, 'ws');
      expect(await upgradeStatus(`${base}/api/media/${callId}`)).toBe(403);
      expect(await upgradeStatus(`${base}/api/media/${callId}?secret=${'A'.repeat(43)}`)).toBe(403);
      phone.hangUp(callId);
      await phone.next((e) => e.type === 'ended');
    } finally {
      await phone.close();
    }
  });

  it('refuses a phone socket opened by another site, and explains a bad message', async () => {
    const base = host.baseUrl.replace(/^http/, 'ws');
    expect(await upgradeStatus(`${base}/api/phone`, { origin: 'https://evil.example' })).toBe(403);
    const phone = await SoftphoneClient.connect(host.baseUrl);
    try {
      expect(await phone.register('0612')).toMatchObject({ type: 'error', field: 'number' });
      phone.say('00000000-0000-4000-8000-000000000000', 'hello');
      expect(await phone.next((e) => e.type === 'error')).toMatchObject({
        message: expect.stringMatching(/not one of this phone's calls/),
      });
      // In plain words, naming the field, never the validation library's wording.
      phone.say('not-a-call-id', 'hello');
      const wrong = await phone.next((e) => e.type === 'error');
      expect(wrong).toMatchObject({ field: 'call_id', message: expect.stringMatching(/^call_id: must be/) });
      expect(String(wrong.message)).not.toMatch(/Invalid|expected .* received/);
    } finally {
      await phone.close();
    }
  });
});

function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('error', (error) => {
      if (!String(error).includes('Unexpected server response')) reject(error);
    });
  });
}
