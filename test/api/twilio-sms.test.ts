import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxSmsSender } from '../../shared/providers/sms/outbox';
import { twilioSignature } from '../../shared/providers/sms/twilio';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';

/**
 * Twilio's incoming-message webhook on the real local host: a correctly signed text is answered
 * through the conversation (the reply goes to the SMS port: here the outbox), anything unsigned is
 * refused and changes nothing.
 */
const AUTH_TOKEN = 'twilio-test-auth-token';
const PUBLIC_URL = 'https://callcenter.example.net';
let host: RunningLocalHost;
const outbox = new OutboxSmsSender();

beforeAll(async () => {
  host = await startLocalHost(
    {
      host: { public_url: PUBLIC_URL },
      sms: {
        backend: 'twilio',
        twilio: { account_sid: `AC${'0'.repeat(32)}`, auth_token: AUTH_TOKEN, from: '+14255550100' },
      },
    },
    { sms: outbox },
  );
});
afterAll(async () => host?.close());

function post(params: Record<string, string>, signature: string) {
  return fetch(`${host.baseUrl}/api/sms/twilio`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
}

describe('Twilio SMS webhook', () => {
  it('answers a signed text through the conversation, with empty TwiML', async () => {
    const params = {
      From: '+33677889900',
      To: '+14255550100',
      Body: 'Hello, I had an accident',
      MessageSid: 'SM1',
    };
    const response = await post(params, twilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/api/sms/twilio`, params));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/xml/);
    expect(await response.text()).toContain('<Response></Response>');
    expect(outbox.messagesTo('+33677889900')).toHaveLength(1);
  });

  it('refuses an unsigned or tampered request and answers nothing', async () => {
    const params = { From: '+33677889911', To: '+14255550100', Body: 'Hello' };
    expect((await post(params, '')).status).toBe(401);
    const signed = twilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/api/sms/twilio`, params);
    expect((await post({ ...params, Body: 'Hello!' }, signed)).status).toBe(401);
    expect(outbox.messagesTo('+33677889911')).toEqual([]);
  });
});
