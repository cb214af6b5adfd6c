import { afterEach, describe, expect, it } from 'vitest';
import { SoftphoneClient, type PhoneEvent } from '../../local/softphone-client';
import { createLogger } from '../../shared/log';
import { resample } from '../../shared/audio/resample';
import { FRAME_SAMPLES, toFrames, type Frame } from '../../shared/voice/audio';
import { EXAMPLE_REQUEST } from '../support/calls';
import { eventually, startLocalHost, type RunningLocalHost } from '../support/local-host';
import { speechSamples } from '../support/speech';

/**
 * A claim filled by voice with no configuration: the local host as `npm start` runs it (embedded
 * recogniser, offline agent, Flite), a scripted softphone over the real sockets, and a caller whose
 * lines are spoken by Flite and streamed in real time, in full band (16 kHz) or through a telephone
 * band (8 kHz and back). No fake anywhere: what the caller said is recognised from the audio.
 */

let host: RunningLocalHost | undefined;
let phone: SoftphoneClient | undefined;
afterEach(async () => {
  await phone?.close();
  await host?.close();
  phone = host = undefined;
});

const SILENT: Frame = new Int16Array(FRAME_SAMPLES);

/** A phone line: 20 ms frames every 20 ms, silence unless the caller is saying something. */
class Line {
  private queue: Frame[] = [];
  private timer: NodeJS.Timeout;
  private next = performance.now();

  constructor(private readonly client: SoftphoneClient) {
    this.timer = setInterval(() => this.tick(), 5);
  }

  /** Says `samples`, then waits until they have been sent. */
  async say(samples: Int16Array): Promise<void> {
    this.queue.push(...toFrames(samples));
    while (this.queue.length > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    // Catches up on late timers: the far end counts frames, as a phone sends them.
    for (let now = performance.now(); this.next <= now; this.next += 20) {
      this.client.sendFrame(this.queue.shift() ?? SILENT);
    }
  }
}

/** Waits until the bot has not sent audio for `quietMs`: it finished its sentence. */
async function botDoneTalking(client: SoftphoneClient, quietMs = 2_000): Promise<void> {
  await eventually(
    async () =>
      client.received.frames > 0 && performance.now() - client.received.lastFrameAt > quietMs
        ? true
        : undefined,
    30_000,
  );
}

/** Flite's voice, as is (16 kHz) or squeezed through a telephone line's 8 kHz. */
async function voice(text: string, band: 16 | 8): Promise<Int16Array> {
  const wide = await speechSamples(text);
  return band === 16 ? wide : resample(resample(wide, 16_000, 8_000), 8_000, 16_000);
}

const NUMBER = '+14255550161';

describe.each([16, 8] as const)('a claim answered by voice, %i kHz band', (band) => {
  it('fills name, e-mail, phone number and date from speech, and ends on "no thanks"', async () => {
    host = await startLocalHost({}, process.env.DEBUG_E2E ? { log: createLogger('debug') } : {});
    phone = await SoftphoneClient.connect(host.baseUrl);
    const registered = await phone.register(`${NUMBER.slice(0, -1)}${band === 16 ? 1 : 2}`);
    expect(registered).toMatchObject({ recognizer: { kind: 'pocketsphinx' } });
    const response = await fetch(`${host.baseUrl}/api/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...EXAMPLE_REQUEST,
        phone_number: registered.number,
        claim: [{ name: 'incident_datetime', type: 'datetime', description: 'When it happened' }],
      }),
    });
    expect(response.status).toBe(201);
    const callId = await phone.answer();
    const client = phone;
    const line = new Line(client);
    const store = host.app.services.store;
    const heard: string[] = [];
    /** Says a line, and waits for what the recogniser made of it. */
    const botLine = (e: PhoneEvent) => e.type === 'transcript' && e.persona === 'assistant';
    /** Says a line once the bot is quiet, waits for what the recogniser made of it, then for the bot's answer. */
    const say = async (text: string, answered = true) => {
      await botDoneTalking(client);
      // The bot's earlier lines, so that the next one waited for is the answer to this.
      while (await client.next(botLine, 1).catch(() => undefined));
      await line.say(await voice(text, band));
      const event = await client
        .next((e) => e.type === 'transcript' && e.persona === 'human' && e.final === true, 20_000)
        .catch(() => ({ text: '(nothing)' }));
      heard.push(String(event.text));
      if (answered) await client.next(botLine, 30_000);
    };

    try {
      await say('yes');

      await say('my name is jane smith');
      await say('jane dot smith at example dot com');
      await say('plus one two zero six five five five zero one two three');
      await say('yesterday at three p.m.');
      // "Anything else?" — no: the bot says goodbye and hangs up.
      await say('no thanks', false);
      const ended = await client
        .next((e) => e.type === 'ended', 30_000)
        .catch(async () => {
          const said = (await store.get(callId))?.messages.map((m) => `${m.persona}: ${m.content}`);
          throw new Error(
            `the call did not end; heard ${JSON.stringify(heard)}; said ${JSON.stringify(said)}`,
          );
        });
      expect(ended).toMatchObject({ call_id: callId });
      // Stored once each answer had been read back.
      expect((await store.get(callId))?.claim).toEqual({
        policyholder_name: 'jane smith',
        policyholder_email: 'jane.smith@example.com',
        policyholder_phone: '+12065550123',
        incident_datetime: expect.stringMatching(/T15:00:00/),
      });
      expect(heard).toEqual([
        'yes',
        'my name is jane smith',
        'jane dot smith at example dot com',
        'plus one two zero six five five five zero one two three',
        'yesterday at three pm',
        'no thanks',
      ]);
    } finally {
      line.stop();
    }
  }, 180_000);
});
