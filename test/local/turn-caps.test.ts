import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SoftphoneClient } from '../../local/softphone-client';
import {
  MAX_TURN_CHARS,
  RECORD_FULL_REPLY,
  TURN_TOO_LONG_REPLY,
  turnTooLongReply,
} from '../../shared/domain/turn';
import { EXAMPLE_REQUEST } from '../support/calls';
import { OutboxSmsSender } from '../../shared/providers/sms/outbox';
import { MAX_CALL_DOCUMENT_BYTES } from '../../shared/providers/store/store';
import { eventually, startLocalHost, type RunningLocalHost } from '../support/local-host';
import { smsReceivedEvent } from '../support/sms-event';

/**
 * Issue 10, item 7: every way a caller's turn comes in is capped like typed input, and a call that
 * reaches the store's size limit refuses the turn out loud instead of failing every later write.
 * The real local host; the caller is the scripted softphone (media socket) or an SMS delivery.
 */
let host: RunningLocalHost;
const outbox = new OutboxSmsSender();
beforeAll(async () => {
  host = await startLocalHost({}, { sms: outbox });
});
afterAll(async () => host?.close());

async function callBot(number: string): Promise<{ phone: SoftphoneClient; callId: string }> {
  const phone = await SoftphoneClient.connect(host.baseUrl);
  await phone.register(number);
  const callId = await phone.dial();
  await phone.next((e) => e.type === 'transcript' && e.persona === 'assistant'); // the hello
  return { phone, callId };
}

const humanTurns = async (callId: string) =>
  ((await host.app.services.store.get(callId))?.messages ?? []).filter((m) => m.persona === 'human');

describe('the cap on one caller turn', () => {
  it('refuses an ACS transcript over the cap, tells the caller, and still takes the next turn', async () => {
    const { phone, callId } = await callBot('+14255550401');
    try {
      // The attack: 64 KB transcripts, each one a "turn".
      for (let i = 0; i < 3; i++) phone.sendTranscript(`${i}${'a'.repeat(64_000)}`);
      const told = await phone.next((e) => e.type === 'transcript' && e.text === TURN_TOO_LONG_REPLY, 15_000);
      expect(told.persona).toBe('assistant');

      phone.sendTranscript('My name is Jane Doe');
      const turns = await eventually(async () => {
        const stored = await humanTurns(callId);
        return stored.some((m) => m.content === 'My name is Jane Doe') ? stored : undefined;
      }, 15_000);
      expect(turns.every((m) => m.content.length <= MAX_TURN_CHARS)).toBe(true);
    } finally {
      await phone.close();
    }
  }, 40_000);

  it('tells a caller in French in French', async () => {
    const phone = await SoftphoneClient.connect(host.baseUrl);
    try {
      await phone.register('+14255550405');
      const response = await fetch(`${host.baseUrl}/api/call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ...EXAMPLE_REQUEST,
          phone_number: '+14255550405',
          lang: { default_short_code: 'fr-FR' },
        }),
      });
      expect(response.status).toBe(201);
      await phone.answer();
      await phone.next((e) => e.type === 'transcript' && e.persona === 'assistant');
      phone.sendTranscript('f'.repeat(MAX_TURN_CHARS + 1));
      await phone.next((e) => e.type === 'transcript' && e.text === turnTooLongReply('fr-FR'), 15_000);
      expect(turnTooLongReply('fr-FR')).not.toBe(TURN_TOO_LONG_REPLY);
    } finally {
      await phone.close();
    }
  }, 40_000);

  it('answers a text over the cap with the reason, and stores nothing', async () => {
    const from = '+14255550402';
    const response = await fetch(`${host.baseUrl}/api/events/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([smsReceivedEvent(from, 'b'.repeat(MAX_TURN_CHARS + 1))]),
    });
    expect(await response.json()).toEqual({ answered: 0 });
    expect(outbox.messagesTo(from).map((m) => m.body)).toEqual([TURN_TOO_LONG_REPLY]);
    expect(await host.app.services.store.listByPhone(from)).toEqual([]);
  });
});

describe('a call record at the size limit', () => {
  it('refuses the caller’s turn out loud and keeps the record as it was', async () => {
    const { phone, callId } = await callBot('+14255550403');
    try {
      // A long call so far: its record is 600 bytes under the limit, less than any turn of 1,000 characters.
      const store = host.app.services.store;
      const current = JSON.stringify(await store.get(callId)).length;
      await store.update(callId, (draft) => {
        draft.messages.push({
          created_at: new Date().toISOString(),
          persona: 'human',
          action: 'talk',
          content: 'c'.repeat(MAX_CALL_DOCUMENT_BYTES - current - 600),
          style: 'none',
          tool_calls: [],
        });
      });
      const before = await store.get(callId);

      phone.say(
        callId,
        `My name is Jane Doe and ${'here is a long story '.repeat(40)}`.slice(0, MAX_TURN_CHARS),
      );
      await phone.next((e) => e.type === 'transcript' && e.text === RECORD_FULL_REPLY, 20_000);
      expect((await store.get(callId))?.messages).toEqual(before?.messages);
    } finally {
      await phone.close();
    }
  }, 40_000);

  it('answers a text to a full call with the reason', async () => {
    const from = '+14255550404';
    const text = (message: string) =>
      fetch(`${host.baseUrl}/api/events/sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([smsReceivedEvent(from, message)]),
      });
    expect(await (await text('Hello')).json()).toEqual({ answered: 1 });
    const [call] = await host.app.services.store.listByPhone(from);
    const store = host.app.services.store;
    const current = JSON.stringify(call).length;
    await store.update(call?.call_id ?? '', (draft) => {
      draft.messages.push({
        created_at: new Date().toISOString(),
        persona: 'human',
        action: 'sms',
        content: 'd'.repeat(MAX_CALL_DOCUMENT_BYTES - current - 600),
        style: 'none',
        tool_calls: [],
      });
    });
    const before = await store.get(call?.call_id ?? '');
    expect(await (await text('x'.repeat(MAX_TURN_CHARS))).json()).toEqual({ answered: 0 });
    expect(outbox.messagesTo(from).at(-1)?.body).toBe(RECORD_FULL_REPLY);
    expect((await store.get(call?.call_id ?? ''))?.messages).toEqual(before?.messages);
  });
});
