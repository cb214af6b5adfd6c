import { expect } from 'vitest';
import { AcsSmsSender } from '../../shared/providers/sms/acs';
import { OutboxSmsSender } from '../../shared/providers/sms/outbox';
import type { SmsMessage, SmsSender } from '../../shared/providers/sms/sms';
import { TwilioSmsSender } from '../../shared/providers/sms/twilio';
import { FakeAcsSms } from './fake-acs-sms';
import { FakeTwilio } from './fake-twilio';

/** How the transport can fail: refused for good (4xx), throttled (429), down (5xx). */
export type Failure = 'permanent' | 'throttled' | 'server';

export interface RunningSmsBackend {
  readonly sender: SmsSender;
  /** How many requests the transport saw. */
  requestCount(): number;
  /** Makes the transport fail from now on, this way. */
  fail(failure: Failure): void;
  /** Asserts that request `index` is exactly what sending `message` must send, and `id` what it answered. */
  expectRequest(index: number, message: SmsMessage, id: string): void;
}

export interface SmsFixture {
  readonly name: string;
  /** The failures this backend's transport can have (the outbox has no network: only its listener can fail). */
  readonly failures: readonly Failure[];
  start(): RunningSmsBackend;
}

export const FROM = '+14255550100';
export const ACS_CONNECTION_STRING = `endpoint=https://contoso.communication.azure.com/;accesskey=${Buffer.from('not-a-real-key').toString('base64')}`;
export const TWILIO_ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const TWILIO_AUTH_TOKEN = 'not-a-real-token';

const outbox: SmsFixture = {
  name: 'outbox',
  failures: ['server'],
  start() {
    const seen: { message: SmsMessage; id: string }[] = [];
    let failing = false;
    const sender = new OutboxSmsSender({
      onSent: (message, id) => {
        seen.push({ message, id });
        if (failing) throw new Error('the store is down');
      },
    });
    return {
      sender,
      requestCount: () => seen.length,
      fail: () => {
        failing = true;
      },
      expectRequest(index, message, id) {
        expect(seen[index]).toEqual({ message: { to: message.to, body: message.body }, id });
        expect(sender.messagesTo(message.to)).toContainEqual({
          to: message.to,
          body: message.body,
          id,
          sentAt: expect.any(String),
        });
      },
    };
  },
};

const acs: SmsFixture = {
  name: 'acs',
  failures: ['permanent', 'throttled', 'server'],
  start() {
    const fake = new FakeAcsSms();
    const sender = new AcsSmsSender({
      connectionString: ACS_CONNECTION_STRING,
      from: FROM,
      httpClient: fake,
    });
    return {
      sender,
      requestCount: () => fake.requests.length,
      fail(failure) {
        fake.next = { recipientStatus: failure === 'permanent' ? 400 : failure === 'throttled' ? 429 : 500 };
      },
      expectRequest(index, message, id) {
        const request = fake.requests[index];
        expect(request).toMatchObject({ method: 'POST', path: '/sms', apiVersion: '2021-03-07' });
        expect(request?.headers.authorization).toMatch(/^HMAC-SHA256 /);
        expect(request?.body).toEqual({
          from: FROM,
          smsRecipients: [
            {
              to: message.to,
              repeatabilityRequestId: expect.any(String),
              repeatabilityFirstSent: expect.any(String),
            },
          ],
          message: message.body,
          smsSendOptions: { enableDeliveryReport: false },
        });
        expect(id).toMatch(/^Outgoing_\d+_noam$/);
      },
    };
  },
};

const twilio: SmsFixture = {
  name: 'twilio',
  failures: ['permanent', 'throttled', 'server'],
  start() {
    const fake = new FakeTwilio();
    const sender = new TwilioSmsSender({
      accountSid: TWILIO_ACCOUNT_SID,
      authToken: TWILIO_AUTH_TOKEN,
      from: FROM,
      fetch: fake.fetch,
    });
    return {
      sender,
      requestCount: () => fake.requests.length,
      fail(failure) {
        fake.next = { status: failure === 'permanent' ? 400 : failure === 'throttled' ? 429 : 503 };
      },
      expectRequest(index, message, id) {
        const basic = Buffer.from(`${TWILIO_ACCOUNT_SID}:${TWILIO_AUTH_TOKEN}`).toString('base64');
        expect(fake.requests[index]).toEqual({
          method: 'POST',
          url: `https://api.twilio.com/2010-04-01/Accounts/${TWILIO_ACCOUNT_SID}/Messages.json`,
          headers: {
            authorization: `Basic ${basic}`,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          form: { To: message.to, From: FROM, Body: message.body },
        });
        expect(id).toMatch(/^SM[0-9a-f]{32}$/);
      },
    };
  },
};

export const fixtures: readonly SmsFixture[] = [outbox, acs, twilio];
