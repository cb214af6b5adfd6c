import { afterAll, beforeAll, expect, it } from 'vitest';
import { SoftphoneClient } from '../../local/softphone-client';
import { OutboxSmsSender } from '../../shared/providers/sms/outbox';
import { eventually, startLocalHost, type RunningLocalHost } from '../support/local-host';

/**
 * Issue 12, done when: with no configuration, a Spanish caller is served in Spanish from the hello to
 * the SMS. The real local host with the offline agent; the bot calls (`POST /api/call` with es-ES), the
 * scripted softphone answers and types; after hang-up, the report SMS and the report page it links.
 */

let host: RunningLocalHost;
const outbox = new OutboxSmsSender();
beforeAll(async () => {
  host = await startLocalHost({}, { sms: outbox });
});
afterAll(async () => host?.close());

const NUMBER = '+14255550611';
/** English a Spanish caller must not meet (whole words). */
const ENGLISH =
  /\b(?:the|your|you|thank|thanks|hello|details?|please|what|call|report|summary|noted|missing)\b/i;

it('serves a Spanish caller in Spanish from the hello to the report SMS and page', async () => {
  const phone = await SoftphoneClient.connect(host.baseUrl);
  try {
    await phone.register(NUMBER);
    const placed = await fetch(`${host.baseUrl}/api/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        bot_company: 'Contoso',
        bot_name: 'Amélie',
        phone_number: NUMBER,
        agent_phone_number: '+14255550100',
        lang: { default_short_code: 'es-ES' },
      }),
    });
    expect(placed.status).toBe(201);
    const callId = await phone.answer();
    const bot: string[] = [];
    const heard = async () => {
      const line = await phone.next((e) => e.type === 'transcript' && e.persona === 'assistant', 15_000);
      bot.push(String(line.text));
    };
    await heard(); // the hello
    expect(bot[0]).toMatch(/Amélie/);

    phone.say(callId, 'Me llamo Ana García.');
    await eventually(async () =>
      (await host.app.services.store.get(callId))?.claim.policyholder_name === 'Ana García'
        ? true
        : undefined,
    );
    await heard();
    phone.say(callId, 'Mi correo es ana punto garcia arroba example punto com');
    await eventually(async () => {
      const call = await host.app.services.store.get(callId);
      return call?.claim.policyholder_email === 'ana.garcia@example.com' ? true : undefined;
    });
    await heard();
    for (const line of bot) expect(line).not.toMatch(ENGLISH);

    phone.hangUp(callId);
    const ended = await phone.next((e) => e.type === 'ended');
    const sms = await eventually(async () => outbox.messagesTo(NUMBER)[0], 15_000);
    expect(sms.body).toMatch(/gracias por su llamada/);
    expect(sms.body).toMatch(/Su informe:/);
    // The summary in the SMS too, and nothing else in English (the link aside).
    expect(sms.body.replace(/https?:\/\/\S+/, '')).not.toMatch(ENGLISH);

    const page = await fetch(new URL(String(ended.report_url), host.baseUrl));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<html lang="es/);
    expect(html).toContain('Ana García');
    expect(html).toContain('Resumen');
    const text = html
      .replace(/<style[\s\S]*?<\/style>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&[a-z#0-9]+;/g, ' ');
    expect(text).not.toMatch(/policyholder_|updated_claim|Summary|Your claim/);
  } finally {
    await phone.close();
  }
}, 60_000);
