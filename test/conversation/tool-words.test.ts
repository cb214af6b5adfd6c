import { describe, expect, it } from 'vitest';
import type { TurnEvent } from '../../shared/conversation/engine';
import { MAX_CUSTOMER_RESPONSE_CHARS } from '../../shared/conversation/tool';
import type { CallState, Message } from '../../shared/domain/call';
import { silentLogger, type Logger } from '../../shared/log';
import { HISTORY_MAX_MESSAGES } from '../../shared/providers/llm/history-window';
import { LocalPhoneNetwork } from '../../shared/providers/telephony/local';
import { EXAMPLE_REQUEST } from '../support/calls';
import { NOW, playTurn, useScriptedEngine } from './scripted-engine';

/**
 * What the model says around its tools, through the real `openai` client against the scripted
 * OpenAI-compatible server: its own words while a tool runs (`customer_response`, checked, with the
 * tool's phrase as fallback), what a failed transfer says, and how much of a long call it is sent.
 */
const engine = useScriptedEngine();

function warnings(): { log: Logger; lines: unknown[][] } {
  const lines: unknown[][] = [];
  return { log: { ...silentLogger, warn: (...args: unknown[]) => void lines.push(args) }, lines };
}

const deps = (log: Logger = silentLogger) => engine.deps({ log });

async function turn(call: CallState, text: string, conversation = deps()): Promise<TurnEvent[]> {
  return (await playTurn(call, text, conversation)).events;
}

const fillers = (events: TurnEvent[]) => events.flatMap((e) => (e.type === 'filler' ? [e.text] : []));
const freshCall = (overrides: object = {}) => engine.freshCall(overrides);

describe("the model's own words while a tool runs", () => {
  it('offers customer_response on the tools that take time, and says what the model wrote', async () => {
    const call = await freshCall();
    const before = engine.server.requests.length;
    const words = 'Je vous envoie le numéro de dossier par SMS.';
    engine.server.enqueue(
      { toolCalls: [{ name: 'send_sms', arguments: { message: 'Dossier 42', customer_response: words } }] },
      { content: 'C’est envoyé.' },
    );
    const events = await turn(call, 'Envoyez-moi le numéro par SMS');
    expect(fillers(events)).toEqual([words]);
    expect(events).toContainEqual({
      type: 'action',
      action: { type: 'send_sms', to: EXAMPLE_REQUEST.phone_number, message: 'Dossier 42' },
    });
    const tools = engine.server.requests[before]?.body.tools ?? [];
    const properties = (name: string) => {
      const tool = tools.find((t) => t.type === 'function' && t.function.name === name);
      return Object.keys((tool?.type === 'function' ? tool.function.parameters?.properties : {}) ?? {});
    };
    for (const name of ['send_sms', 'talk_to_human', 'notify_emergencies']) {
      expect(properties(name), name).toContain('customer_response');
    }
    // A tool that takes no time says nothing: no phrase to write.
    expect(properties('updated_claim')).not.toContain('customer_response');
  });

  it('falls back to the fixed phrase for words a voice cannot say, and still runs the tool', async () => {
    for (const bad of [
      '<speak>Sending</speak>',
      '**Sending** it now',
      'x'.repeat(MAX_CUSTOMER_RESPONSE_CHARS + 1),
    ]) {
      const call = await freshCall();
      const { log, lines } = warnings();
      engine.server.enqueue(
        { toolCalls: [{ name: 'send_sms', arguments: { message: 'Dossier 42', customer_response: bad } }] },
        { content: 'Sent.' },
      );
      const events = await turn(call, 'Text me the number', deps(log));
      expect(fillers(events), bad).toEqual(['I am sending you a text message.']);
      expect(events.some((e) => e.type === 'action' && e.action.type === 'send_sms')).toBe(true);
      // The reason and the field are logged, never the words.
      expect(lines.map(([message, fields]) => [message, (fields as { field: string }).field])).toEqual([
        ['customer_response not said', 'customer_response'],
      ]);
      expect(JSON.stringify(lines)).not.toContain('Sending');
    }
  });

  it('says the fixed phrase when the model wrote none', async () => {
    const call = await freshCall();
    engine.server.enqueue(
      { toolCalls: [{ name: 'send_sms', arguments: { message: 'Dossier 42' } }] },
      { content: 'Sent.' },
    );
    expect(fillers(await turn(call, 'Text me the number'))).toEqual(['I am sending you a text message.']);
  });
});

describe('a transfer nobody takes', () => {
  it('says so in the call language, offers to go on or a callback, and the model knows next turn', async () => {
    const call = await freshCall({ lang: { default_short_code: 'fr-FR' } });
    // No phone is registered at the agent's number on this local network.
    const network = new LocalPhoneNetwork();
    const session = engine.session(call.call_id, { telephony: network, random: () => 0 });
    // The caller is on the line with the bot (the call answered on this network).
    const phone = { ring: () => undefined, connected: () => undefined, ended: () => undefined };
    await network.answerCall({
      callId: call.call_id,
      incomingCallContext: network.dial(EXAMPLE_REQUEST.phone_number, phone),
    });
    engine.server.enqueue({
      content: 'Je vous passe un collègue.',
      toolCalls: [{ name: 'talk_to_human', arguments: { customer_response: 'Je vous transfère.' } }],
    });
    const said: string[] = [];
    for await (const event of session.respond({ text: 'Je veux parler à quelqu’un', channel: 'voice' })) {
      if (event.type === 'sentence' || event.type === 'filler') said.push(event.text);
    }
    expect(said[0]).toBe('Je vous passe un collègue.');
    expect(said).toContain('Je vous transfère.');
    expect(said.at(-1)).toMatch(/^Je suis désolée, je n’ai pas pu joindre un collègue.*rappel/);
    const stored = await engine.store.get(call.call_id);
    expect(stored?.messages.at(-1)).toMatchObject({
      persona: 'assistant',
      content: said.at(-1),
      lang: 'fr-FR',
    });
    // The next request shows the model what happened.
    engine.server.enqueue({ content: 'Très bien, continuons.' });
    for await (const _ of session.respond({ text: 'Continuons', channel: 'voice' })) void _;
    const sent = engine.server.requests.at(-1)?.body.messages ?? [];
    expect(sent.some((m) => m.role === 'assistant' && String(m.content).includes('pas pu joindre'))).toBe(
      true,
    );
  });
});

describe('the history a long call sends the model', () => {
  it('is the newest messages within the bound, never a tool result without its call, the claim always in the prompt', async () => {
    const call = await freshCall();
    const messages: Message[] = [];
    for (let i = 0; i < 30; i++) {
      const at = new Date(NOW.getTime() + i * 1000).toISOString();
      messages.push({
        created_at: at,
        persona: 'human',
        action: 'talk',
        content: `caller ${i}`,
        style: 'none',
        tool_calls: [],
      });
      messages.push({
        created_at: at,
        persona: 'assistant',
        action: 'talk',
        content: `bot ${i}`,
        style: 'none',
        // Four tools a turn: six chat messages, so that the bound falls among a turn's tool results.
        tool_calls: ['a', 'b', 'c', 'd'].map((id) => ({
          id: `${id}${i}`,
          name: 'updated_claim',
          arguments: '{}',
          result: 'Stored.',
        })),
      });
    }
    const long = await engine.store.update(call.call_id, (draft) => {
      draft.messages = messages;
      draft.claim.building_location = 'Building 7';
      draft.reminders.push({
        title: 'Call back about the laptop',
        description: '',
        due_date_time: '2026-11-24T10:00:00+01:00',
        owner: 'assistant',
        created_at: NOW.toISOString(),
      });
    });
    const session = engine.session(call.call_id);
    expect(long.messages).toHaveLength(60);
    engine.server.enqueue({ content: 'Noted.' });
    for await (const _ of session.respond({ text: 'the newest words', channel: 'voice' })) void _;
    const sent = engine.server.requests.at(-1)?.body.messages ?? [];
    const [system, ...rest] = sent;
    expect(system?.role).toBe('system');
    expect(String(system?.content)).toContain('"Building 7"');
    expect(String(system?.content)).toContain('Call back about the laptop');
    expect(HISTORY_MAX_MESSAGES).toBe(20);
    // The new words and the 19 newest messages would start on the last tool result of turn 26, whose
    // call is cut: the window starts after it, on the caller's words of turn 27.
    expect(rest).toHaveLength(19);
    expect(rest[0]).toMatchObject({ role: 'user', content: 'caller 27' });
    expect(rest.at(-1)).toMatchObject({ role: 'user', content: 'the newest words' });
    // Every tool result follows the call that asked for it.
    const asked = new Set<string>();
    expect(rest[0]?.role).not.toBe('tool');
    for (const message of rest) {
      if (message.role === 'assistant') for (const c of message.tool_calls ?? []) asked.add(c.id);
      if (message.role === 'tool') expect(asked.has(message.tool_call_id)).toBe(true);
    }
  });
});
