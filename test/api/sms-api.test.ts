import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMS_RATE_LIMIT } from '../../shared/conversation/sms-channel';
import { OutboxSmsSender } from '../../shared/providers/sms/outbox';
import { readJson, type CallView } from '../support/calls';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { smsReceivedEvent } from '../support/sms-event';

/**
 * SMS as a channel, over HTTP on the real local host: Event Grid delivers an SMSReceived, the offline
 * agent answers through the same turn engine, the reply goes out through the SMS port (the outbox),
 * and the claim fills in by text.
 */
let host: RunningLocalHost;
const outbox = new OutboxSmsSender();
beforeAll(async () => {
  host = await startLocalHost({}, { sms: outbox });
});
afterAll(async () => host?.close());

async function text(from: string, message: string) {
  const response = await fetch(`${host.baseUrl}/api/events/sms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([smsReceivedEvent(from, message)]),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { answered: number };
}

describe('SMS as a channel', () => {
  it('answers the Event Grid handshake', async () => {
    const response = await fetch(`${host.baseUrl}/api/events/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          id: '1',
          subject: '',
          eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
          eventTime: new Date().toISOString(),
          dataVersion: '1',
          data: { validationCode: 'abc-123' },
        },
      ]),
    });
    expect(await response.json()).toEqual({ validationResponse: 'abc-123' });
  });

  it('answers a text by text, and fills the claim from the replies', async () => {
    const from = '+33655443322';
    expect(await text(from, 'Hello, I want to declare a claim')).toEqual({ answered: 1 });
    await text(from, 'My name is Jane Doe');
    await text(from, 'jane dot doe at example dot com');
    const replies = outbox.messagesTo(from).map((m) => m.body);
    expect(replies).toHaveLength(3);
    expect(replies[2]).toMatch(/jane\.doe@example\.com/);

    const [call] = await readJson<CallView[]>(
      await fetch(`${host.baseUrl}/api/call?phone_number=${encodeURIComponent(from)}`),
    );
    expect(call?.claim).toMatchObject({
      policyholder_name: 'Jane Doe',
      policyholder_email: 'jane.doe@example.com',
    });
    // Both sides of the exchange are stored as SMS, on one call.
    expect(call?.messages.every((m) => m.action === 'sms')).toBe(true);
    expect(call?.messages.filter((m) => m.persona === 'human')).toHaveLength(3);
  });

  it('stops answering a number that sends too many texts', async () => {
    const from = '+33655443311';
    for (let i = 0; i < SMS_RATE_LIMIT.messages; i++)
      expect(await text(from, `message ${i}`)).toEqual({ answered: 1 });
    expect(await text(from, 'one too many')).toEqual({ answered: 0 });
    expect(outbox.messagesTo(from)).toHaveLength(SMS_RATE_LIMIT.messages);
  });

  it('refuses a body that is not an Event Grid delivery, naming the field', async () => {
    const response = await fetch(`${host.baseUrl}/api/events/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ not: 'an array' }),
    });
    expect(response.status).toBe(400);
    expect(
      ((await response.json()) as { error: { details: { field: string }[] } }).error.details[0]?.field,
    ).toBe('body');
  });
});
