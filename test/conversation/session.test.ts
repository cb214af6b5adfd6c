import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { featuresSchema, loadConfig } from '../../shared/config';
import { OfflineAgent } from '../../shared/conversation/offline-agent/agent';
import type { ChatModel } from '../../shared/providers/llm/llm';
import { OpenAiChatModel } from '../../shared/providers/llm/openai';
import { OutboxSmsSender } from '../../shared/providers/sms/outbox';
import { ConversationSession } from '../../shared/conversation/session';
import { newCall } from '../../shared/domain/call';
import { callInitiateSchema } from '../../shared/domain/initiate';
import { silentLogger } from '../../shared/log';
import {
  LocalPhoneNetwork,
  type LocalPhone,
  type PhoneEndReason,
} from '../../shared/providers/telephony/local';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../support/scripted-llm-server';
import { useTempStore } from '../support/temp-store';

/**
 * A conversation session with the offline agent, as the text channel and the voice loop use it: the
 * greeting, turns stored, and the bot's actions carried out on the phone network.
 */
const NOW = new Date('2026-11-23T10:00:00Z');
const db = useTempStore();

const network = new LocalPhoneNetwork();

const outbox = new OutboxSmsSender();

async function session(claim?: { name: string; type: 'text' }[], models?: ChatModel[]) {
  const initiate = callInitiateSchema.parse({
    bot_company: 'Contoso',
    bot_name: 'Amélie',
    phone_number: '+33612345678',
    agent_phone_number: '+33687654321',
    ...(claim ? { claim } : {}),
  });
  const call = await db.store.create(newCall(initiate, randomUUID(), NOW));
  return new ConversationSession(call.call_id, {
    config: loadConfig({ env: {}, cwd: '/nonexistent' }),
    store: db.store,
    telephony: network,
    sms: outbox,
    models: models ?? [new OfflineAgent({ now: () => NOW })],
    features: async () => featuresSchema.parse({}),
    log: silentLogger,
    now: () => NOW,
    random: () => 0,
  });
}

/** Runs `test` with a model on a scripted OpenAI-compatible server of its own, closed after it. */
async function withScriptedModel(
  test: (server: ScriptedLlmServer, llm: OpenAiChatModel) => Promise<void>,
): Promise<void> {
  const server = await startScriptedLlmServer();
  try {
    const llm = new OpenAiChatModel({
      role: 'fast',
      endpoint: server.baseUrl,
      model: 'm',
      apiKey: 'k',
      maxRetries: 0,
    });
    await test(server, llm);
  } finally {
    await server.close();
  }
}

async function say(conversation: ConversationSession, text: string): Promise<string> {
  const spoken: string[] = [];
  for await (const event of conversation.respond({ text, channel: 'voice' })) {
    if (event.type === 'sentence') spoken.push(event.text);
  }
  return spoken.join(' ');
}

describe('a conversation session', () => {
  it('greets honestly, and the first words after the greeting are not taken for a claim value', async () => {
    const conversation = await session();
    const hello = await conversation.greet();
    expect(hello).toMatch(/Amélie/);
    expect(hello).toMatch(/AI|automated/i);
    await say(conversation, 'Hello, my car was hit in a parking lot');
    const call = await db.store.get(conversation.callId);
    expect(call?.claim.policyholder_name).toBeNull();
    expect(call?.messages.map((m) => m.persona)).toEqual(['assistant', 'human', 'assistant']);
  });

  it('keeps a free-text answer that starts with "no" as said', async () => {
    const conversation = await session([{ name: 'injuries', type: 'text' }]);
    await conversation.greet();
    await say(conversation, 'I would like to declare an accident');
    await say(conversation, 'Jane Doe');
    await say(conversation, 'jane dot doe at example dot com');
    await say(conversation, 'plus thirty-three six twelve thirty-four fifty-six seventy-eight');
    await say(conversation, 'no one was hurt');
    expect((await db.store.get(conversation.callId))?.claim.injuries).toBe('no one was hurt');
  });

  it('hangs up the line when the caller says goodbye', async () => {
    const conversation = await session();
    const endings: { callId: string; reason: PhoneEndReason }[] = [];
    const phone: LocalPhone = {
      ring: () => undefined,
      connected: () => undefined,
      ended: (callId, reason) => endings.push({ callId, reason }),
    };
    network.register('+33612345678', phone);
    await network.placeCall({ callId: conversation.callId, to: '+33612345678' });
    network.answer(conversation.callId);
    await conversation.greet();
    await say(conversation, 'bye');
    expect(endings).toEqual([{ callId: conversation.callId, reason: 'completed' }]);
  });

  it('greets a caller who comes back with a recap instead of a hello', async () => {
    const conversation = await session();
    await conversation.greet();
    await say(conversation, 'I had an accident');
    const recap = await conversation.greet();
    expect(recap).not.toBe((await db.store.get(conversation.callId))?.messages[0]?.content);
    expect(recap).toMatch(/policyholder name|missing|still need/i);
  });

  it('sends the SMS a model asks for, and keeps it on the call', async () => {
    await withScriptedModel(async (server, llm) => {
      server.enqueue(
        { toolCalls: [{ name: 'send_sms', arguments: { message: 'Your claim number is 42.' } }] },
        { content: 'I have sent you an SMS.' },
      );
      const conversation = await session(undefined, [llm]);
      await say(conversation, 'Can you text me my claim number?');
      expect(outbox.messagesTo('+33612345678').map((m) => m.body)).toContain('Your claim number is 42.');
      const stored = await db.store.get(conversation.callId);
      expect(stored?.messages.filter((m) => m.action === 'sms').map((m) => m.content)).toEqual([
        'Your claim number is 42.',
      ]);
    });
  });

  it('stores a claim value as soon as the tool ran when asked, while the model still writes the answer', async () => {
    await withScriptedModel(async (server, llm) => {
      let current = await session(undefined, [llm]);
      let storedWhileWriting: unknown = 'not asked';
      server.respondWith(async (request) => {
        if (request.body.messages.at(-1)?.role === 'user') {
          const updates = [{ field: 'policyholder_name', value: 'Jane Doe' }];
          return { toolCalls: [{ name: 'updated_claim', arguments: { updates } }] };
        }
        // The model is asked again with the tool's result: what does the store hold by then?
        storedWhileWriting = (await db.store.get(current.callId))?.claim.policyholder_name;
        return { content: 'Thank you, Jane. What is your e-mail address?' };
      });
      const spoken: string[] = [];
      const turn = current.respond(
        { text: 'I am Jane Doe.', channel: 'voice' },
        { storeToolChangesAtOnce: true },
      );
      for await (const event of turn) if (event.type === 'sentence') spoken.push(event.text);
      expect(storedWhileWriting).toBe('Jane Doe');
      expect(spoken.join(' ')).toContain('e-mail');
      const stored = await db.store.get(current.callId);
      expect(stored?.claim.policyholder_name).toBe('Jane Doe');
      expect(stored?.messages.at(-1)?.tool_calls.map((call) => call.name)).toEqual(['updated_claim']);

      // Without the option, the value waits for the turn (text channels, serverless voice).
      current = await session(undefined, [llm]);
      storedWhileWriting = 'not asked';
      for await (const event of current.respond({ text: 'I am Jane Doe.', channel: 'voice' })) void event;
      expect(storedWhileWriting).toBeNull();
      expect((await db.store.get(current.callId))?.claim.policyholder_name).toBe('Jane Doe');
    });
  });
});
