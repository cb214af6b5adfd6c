import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { featuresSchema, loadConfig } from '../../shared/config';
import { OfflineAgent } from '../../shared/conversation/offline-agent/agent';
import { ConversationSession } from '../../shared/conversation/session';
import type { TurnEvent } from '../../shared/conversation/engine';
import { newCall } from '../../shared/domain/call';
import { callInitiateSchema } from '../../shared/domain/initiate';
import { silentLogger } from '../../shared/log';
import { OutboxSmsSender } from '../../shared/providers/sms/outbox';
import { LocalPhoneNetwork } from '../../shared/providers/telephony/local';
import { useTempStore } from '../support/temp-store';

/**
 * The language menu through the conversation session, the one every channel uses (local voice loop,
 * typed softphone and chat, serverless loop): the call opens with the menu, the caller picks by key or
 * by name, and the hello follows in the language picked.
 */
const NOW = new Date('2026-11-23T10:00:00Z');
const db = useTempStore();

async function session(options: { menu?: boolean; lang?: object; retries?: number } = {}) {
  const initiate = callInitiateSchema.parse({
    bot_company: 'Contoso',
    bot_name: 'Amélie',
    phone_number: '+33612345678',
    agent_phone_number: '+33687654321',
    ...(options.lang ? { lang: options.lang } : {}),
  });
  const call = await db.store.create(newCall(initiate, randomUUID(), NOW));
  const env = { CONVERSATION__LANGUAGE_MENU: String(options.menu ?? true) };
  return new ConversationSession(call.call_id, {
    config: loadConfig({ env, cwd: '/nonexistent' }),
    store: db.store,
    telephony: new LocalPhoneNetwork(),
    sms: new OutboxSmsSender(),
    models: [new OfflineAgent({ now: () => NOW })],
    features: async () => featuresSchema.parse({ recognition_retry_max: options.retries ?? 3 }),
    log: silentLogger,
    now: () => NOW,
    random: () => 0,
  });
}

async function say(conversation: ConversationSession, text: string): Promise<TurnEvent[]> {
  const events: TurnEvent[] = [];
  for await (const event of conversation.respond({ text, channel: 'voice' })) events.push(event);
  return events;
}
const spoken = (events: TurnEvent[]) =>
  events.flatMap((e) => (e.type === 'sentence' ? [e.text] : [])).join(' ');

describe('the language menu', () => {
  it('opens the call with one option per language, each said in its own language', async () => {
    const conversation = await session();
    const menu = await conversation.greet();
    expect(menu).toContain('To continue in English, press 1.');
    expect(menu).toContain('Pour continuer en français, tapez 2.');
    expect(menu).toContain('Para continuar en español, pulse 3.');
    // No option line in Chinese: the English one, with the English name.
    expect(menu).toContain('To continue in Chinese, press 4.');
    const stored = await db.store.get(conversation.callId);
    expect(stored?.messages).toEqual([]);
    expect(stored?.language_menu).toEqual({ attempts: 0 });
  });

  it('takes a key: the language switches and the hello is said and stored in it', async () => {
    const conversation = await session();
    await conversation.greet();
    const events = await say(conversation, '2');
    const switchAt = events.findIndex((e) => e.type === 'action');
    expect(events[switchAt]).toEqual({
      type: 'action',
      action: { type: 'switch_language', shortCode: 'fr-FR' },
    });
    // Switched before the hello, so that the hello is voiced in French.
    expect(switchAt).toBeLessThan(events.findIndex((e) => e.type === 'sentence'));
    expect(spoken(events)).toMatch(/^Bonjour, ici Amélie/);
    const stored = await db.store.get(conversation.callId);
    expect(stored?.language).toBe('fr-FR');
    expect(stored?.language_menu).toBeNull();
    // The key press is not a turn of the conversation; the hello is, in French.
    expect(stored?.messages.map((m) => [m.persona, m.action, m.lang])).toEqual([
      ['assistant', 'call', 'fr-FR'],
    ]);
    // Later turns go to the model, in the language picked.
    const next = await say(conversation, 'Bonjour, ma voiture a été rayée');
    expect(spoken(next)).not.toMatch(/continuer en/);
    expect(
      (await db.store.get(conversation.callId))?.messages.filter((m) => m.persona === 'human'),
    ).toHaveLength(1);
  });

  it('takes the language said by name, in English or in its own words, or a number said aloud', async () => {
    for (const [answer, code] of [
      ['French, please.', 'fr-FR'],
      ['En español por favor', 'es-ES'],
      ['Mandarin', 'zh-CN'],
      ['three', 'es-ES'],
      ['Un.', 'en-US'],
    ] as const) {
      const conversation = await session();
      await conversation.greet();
      await say(conversation, answer);
      expect((await db.store.get(conversation.callId))?.language, answer).toBe(code);
    }
  });

  it('says the menu again for an answer that picks nothing, then goes on in the default language', async () => {
    const conversation = await session({ retries: 2 });
    const menu = await conversation.greet();
    for (const answer of ['5', 'I want to report an accident']) {
      expect(spoken(await say(conversation, answer))).toBe(menu);
      expect((await db.store.get(conversation.callId))?.language).toBe('en-US');
    }
    // A silent caller is reminded of the menu too.
    expect(await conversation.phrase('silence')).toBe(menu);
    const events = await say(conversation, 'French or Spanish');
    expect(events.some((e) => e.type === 'action')).toBe(false); // already in the default language
    expect(spoken(events)).toMatch(/^Hello, this is Amélie/);
    const stored = await db.store.get(conversation.callId);
    expect(stored?.language_menu).toBeNull();
    expect(stored?.language).toBe('en-US');
  });

  it('is not offered with one language, nor when it is off', async () => {
    const single = await session({
      lang: {
        default_short_code: 'fr-FR',
        availables: [{ short_code: 'fr-FR', voice: 'fr-FR-DeniseNeural' }],
      },
    });
    expect(await single.greet()).toMatch(/^Bonjour/);
    const off = await session({ menu: false });
    expect(await off.greet()).toMatch(/^Hello/);
    expect((await db.store.get(off.callId))?.language_menu).toBeNull();
  });
});
