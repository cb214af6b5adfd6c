import { describe, expect, it } from 'vitest';
import { createLogger, type LogLevel } from '../../shared/log';
import { AcsSmsSender } from '../../shared/providers/sms/acs';
import { OutboxSmsSender } from '../../shared/providers/sms/outbox';
import { TwilioSmsSender } from '../../shared/providers/sms/twilio';
import { FakeAcsSms } from './fake-acs-sms';
import { FakeTwilio } from './fake-twilio';
import { ACS_CONNECTION_STRING, FROM, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN } from './support';

const TO = '+33612345678';

function captureLog() {
  const lines: { line: string; level: LogLevel }[] = [];
  return { log: createLogger('debug', (line, level) => lines.push({ line, level })), lines };
}

/**
 * A message sent and accepted, then one refused (`refuse` sets the fake up for it): the sender logs an
 * info line and a warn line, each naming the masked number, and neither the number, the message body
 * nor any of `secrets`.
 */
async function expectMaskedLog(
  sender: { send(message: { to: string; body: string }): Promise<unknown> },
  refuse: () => void,
  lines: { line: string; level: LogLevel }[],
  secrets: string[] = [],
): Promise<void> {
  await sender.send({ to: TO, body: 'secret body' });
  refuse();
  await sender.send({ to: TO, body: 'secret body' });
  expect(lines.map((l) => l.level)).toEqual(['info', 'warn']);
  for (const { line } of lines) {
    expect(line).toContain('to=+336******78');
    for (const hidden of [TO, 'secret', ...secrets]) expect(line).not.toContain(hidden);
  }
}

describe('OutboxSmsSender', () => {
  it('keeps messages by recipient and tells the listener', async () => {
    const heard: string[] = [];
    const outbox = new OutboxSmsSender({
      onSent: async (message, id) => void heard.push(`${message.to} ${id}`),
    });
    const first = await outbox.send({ to: TO, body: 'one' });
    await outbox.send({ to: '+14255550123', body: 'other' });
    const second = await outbox.send({ to: TO, body: 'two' });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(outbox.messagesTo(TO).map((m) => [m.body, m.id])).toEqual([
      ['one', first.id],
      ['two', second.id],
    ]);
    expect(outbox.messagesTo('+33 6 12 34 56 78')).toHaveLength(2); // looked up in any written form
    expect(outbox.messagesTo('+33700000000')).toEqual([]);
    expect(outbox.messages()).toHaveLength(3);
    expect(heard).toEqual([
      `${TO} ${first.id}`,
      expect.stringMatching(/^\+14255550123 outbox-/),
      `${TO} ${second.id}`,
    ]);
  });

  it('does not keep a message whose listener failed, so that a retry does not duplicate it', async () => {
    let fail = true;
    const outbox = new OutboxSmsSender({
      onSent: () => {
        if (fail) throw new Error(`cannot store for ${TO}`);
      },
    });
    const failed = await outbox.send({ to: TO, body: 'hello' });
    expect(failed).toEqual({
      ok: false,
      retryable: true,
      error: 'outbox listener failed: cannot store for +336******78',
    });
    expect(outbox.messagesTo(TO)).toEqual([]);
    fail = false;
    expect((await outbox.send({ to: TO, body: 'hello' })).ok).toBe(true);
    expect(outbox.messagesTo(TO)).toHaveLength(1);
  });

  it('keeps at most `limit` messages, dropping the oldest', async () => {
    const outbox = new OutboxSmsSender({ limit: 2 });
    for (const body of ['1', '2', '3']) await outbox.send({ to: TO, body });
    expect(outbox.messages().map((m) => m.body)).toEqual(['2', '3']);
    expect(() => new OutboxSmsSender({ limit: 0 })).toThrow(RangeError);
  });

  it('logs masked numbers, never the number or the body', async () => {
    const { log, lines } = captureLog();
    await new OutboxSmsSender({ log }).send({ to: TO, body: 'secret body' });
    expect(lines.map((l) => l.line).join('\n')).toContain('to=+336******78');
    for (const { line } of lines) {
      expect(line).not.toContain(TO);
      expect(line).not.toContain('secret');
    }
  });
});

describe('AcsSmsSender', () => {
  const start = () => {
    const fake = new FakeAcsSms();
    const { log, lines } = captureLog();
    const sender = new AcsSmsSender({
      connectionString: ACS_CONNECTION_STRING,
      from: FROM,
      httpClient: fake,
      log,
    });
    return { fake, sender, lines };
  };

  it.each([
    [401, false],
    [400, false],
    [429, true],
    [503, true],
  ])('reports a whole request refused with %s, retryable=%s, without retrying', async (status, retryable) => {
    const { fake, sender } = start();
    fake.next = { requestStatus: status };
    const result = await sender.send({ to: TO, body: 'hello' });
    expect(result).toEqual({ ok: false, retryable, error: expect.stringContaining(`(${status})`) });
    expect(fake.requests).toHaveLength(1);
  });

  it('reports a recipient refused inside a 202 with its status and masked reason', async () => {
    const { fake, sender } = start();
    fake.next = { recipientStatus: 400 };
    expect(await sender.send({ to: TO, body: 'hello' })).toEqual({
      ok: false,
      retryable: false,
      error: 'ACS refused the message (400): Invalid To phone number format +336******78',
    });
  });

  it('reports no answer at all as retryable', async () => {
    const { fake, sender } = start();
    fake.next = 'network';
    expect(await sender.send({ to: TO, body: 'hello' })).toEqual({
      ok: false,
      retryable: true,
      error: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('logs masked numbers, never the number or the body', async () => {
    const { fake, sender, lines } = start();
    await expectMaskedLog(sender, () => (fake.next = { recipientStatus: 400 }), lines);
  });
});

describe('TwilioSmsSender', () => {
  const start = (options: { baseUrl?: string } = {}) => {
    const fake = new FakeTwilio();
    const { log, lines } = captureLog();
    const sender = new TwilioSmsSender({
      accountSid: TWILIO_ACCOUNT_SID,
      authToken: TWILIO_AUTH_TOKEN,
      from: FROM,
      fetch: fake.fetch,
      log,
      ...options,
    });
    return { fake, sender, lines };
  };

  it('refuses a malformed account SID or missing credentials at construction', () => {
    const good = { accountSid: TWILIO_ACCOUNT_SID, authToken: TWILIO_AUTH_TOKEN, from: FROM };
    expect(() => new TwilioSmsSender({ ...good, accountSid: 'AC123' })).toThrow(/accountSid/);
    expect(() => new TwilioSmsSender({ ...good, accountSid: `${TWILIO_ACCOUNT_SID}/../x` })).toThrow(
      /accountSid/,
    );
    expect(() => new TwilioSmsSender({ ...good, authToken: '' })).toThrow(/authToken/);
    expect(() => new TwilioSmsSender({ ...good, from: ' ' })).toThrow(/from/);
  });

  it('posts to baseUrl when given', async () => {
    const { fake, sender } = start({ baseUrl: 'http://127.0.0.1:9999/' });
    expect((await sender.send({ to: TO, body: 'hello' })).ok).toBe(true);
    expect(fake.requests[0]?.url).toBe(
      `http://127.0.0.1:9999/2010-04-01/Accounts/${TWILIO_ACCOUNT_SID}/Messages.json`,
    );
  });

  it("reports Twilio's error code and masked message", async () => {
    const { fake, sender } = start();
    fake.next = { status: 400 };
    expect(await sender.send({ to: TO, body: 'hello' })).toEqual({
      ok: false,
      retryable: false,
      error:
        "Twilio refused the message (400 21211): The 'To' number +336******78 is not a valid phone number.",
    });
  });

  it.each([
    [401, false],
    [404, false],
    [429, true],
    [500, true],
  ])('reports %s with retryable=%s', async (status, retryable) => {
    const { fake, sender } = start();
    fake.next = { status };
    expect(await sender.send({ to: TO, body: 'hello' })).toMatchObject({ ok: false, retryable });
  });

  it('reports a non-JSON gateway error and no answer at all as retryable', async () => {
    const { fake, sender } = start();
    fake.next = 'html-502';
    expect(await sender.send({ to: TO, body: 'hello' })).toEqual({
      ok: false,
      retryable: true,
      error: 'Twilio refused the message (502): Bad Gateway',
    });
    fake.next = 'network';
    expect(await sender.send({ to: TO, body: 'hello' })).toEqual({
      ok: false,
      retryable: true,
      error: 'Twilio request failed: fetch failed',
    });
  });

  it('form-encodes a body with reserved characters and non-ASCII text', async () => {
    const { fake, sender } = start();
    const body = 'a=1&b=2+3 % é 😀\nnext line';
    expect((await sender.send({ to: TO, body })).ok).toBe(true);
    expect(fake.requests[0]?.form.Body).toBe(body);
  });

  it('logs masked numbers, never the number, the body or the token', async () => {
    const { fake, sender, lines } = start();
    await expectMaskedLog(sender, () => (fake.next = { status: 400 }), lines, [TWILIO_AUTH_TOKEN]);
  });
});
