import { describe, expect, it } from 'vitest';
import { MAX_SMS_BODY_LENGTH, type SmsMessage } from '../../shared/providers/sms/sms';
import { fixtures, type Failure } from './support';

const TO = '+33612345678';

describe.each(fixtures)('SMS conformance: $name', (fixture) => {
  it('sends a valid message and answers its id', async () => {
    const backend = fixture.start();
    const message: SmsMessage = {
      to: TO,
      body: 'Your claim is noted: https://example.com/r?a=1&b=2 — merci ✅',
    };
    const result = await backend.sender.send(message);
    expect(result).toEqual({ ok: true, id: expect.any(String) });
    if (!result.ok) return;
    expect(backend.requestCount()).toBe(1);
    backend.expectRequest(0, message, result.id);
  });

  it('gives each message its own id', async () => {
    const backend = fixture.start();
    const first = await backend.sender.send({ to: TO, body: 'one' });
    const second = await backend.sender.send({ to: '+14255550123', body: 'two' });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(first.id).not.toBe(second.id);
    backend.expectRequest(1, { to: '+14255550123', body: 'two' }, second.id);
  });

  it('sends a body of exactly the maximum length, counted in characters', async () => {
    const backend = fixture.start();
    const ascii = await backend.sender.send({ to: TO, body: 'a'.repeat(MAX_SMS_BODY_LENGTH) });
    const emoji = await backend.sender.send({ to: TO, body: '😀'.repeat(MAX_SMS_BODY_LENGTH) });
    expect(ascii.ok).toBe(true);
    expect(emoji.ok).toBe(true);
    expect(backend.requestCount()).toBe(2);
  });

  it.each([
    ['a number without a country code', { to: '0612345678', body: 'hello' }, /^to must start with \+/],
    ['a number that does not exist', { to: '+3361234', body: 'hello' }, /^to is not a valid phone number/],
    [
      'a number that is not E.164',
      { to: '+33 6 12 34 56 78', body: 'hello' },
      /^to must be written in E\.164/,
    ],
    ['not a number', { to: 'bob', body: 'hello' }, /^to must start with \+/],
    ['an empty body', { to: TO, body: '' }, /^body is empty$/],
    ['a blank body', { to: TO, body: ' \n\t ' }, /^body is empty$/],
    [
      'an over-long body',
      { to: TO, body: 'a'.repeat(MAX_SMS_BODY_LENGTH + 1) },
      /^body is 1601 characters long; the most is 1600/,
    ],
    ['a bad number and an empty body', { to: '', body: '' }, /^to .*; body is empty$/],
  ])('refuses %s without any request', async (_, message, error) => {
    const backend = fixture.start();
    const result = await backend.sender.send(message);
    expect(result).toEqual({ ok: false, retryable: false, error: expect.stringMatching(error) });
    if (!result.ok) {
      expect(result.error).not.toContain('12 34');
      expect(result.error).not.toContain('aaaa');
    }
    expect(backend.requestCount()).toBe(0);
  });

  const cases: [Failure, boolean][] = [
    ['permanent', false],
    ['throttled', true],
    ['server', true],
  ];
  it.for(cases)('reports a %s failure with retryable=%s', async ([failure, retryable], { skip }) => {
    skip(!fixture.failures.includes(failure), `${fixture.name} cannot fail so`);
    const backend = fixture.start();
    backend.fail(failure);
    const result = await backend.sender.send({ to: TO, body: 'hello' });
    expect(result).toEqual({ ok: false, retryable, error: expect.any(String) });
    if (!result.ok) expect(result.error).not.toContain(TO); // provider errors are masked
    expect(backend.requestCount()).toBe(1); // no retries inside the backend
  });
});
