import { randomUUID } from 'node:crypto';
import { featuresSchema } from '../../../shared/config';
import {
  commitTurn,
  runTurn,
  type ConversationDeps,
  type TurnEvent,
} from '../../../shared/conversation/engine';
import { OfflineAgent } from '../../../shared/conversation/offline-agent/agent';
import { LANGS, PHRASES } from '../../../shared/conversation/offline-agent/phrases';
import { createTools } from '../../../shared/conversation/tools';
import type { TurnAction } from '../../../shared/conversation/tool';
import { newCall, type CallState } from '../../../shared/domain/call';
import type { ClaimValues } from '../../../shared/domain/claim';
import { callInitiateSchema, type CallRequest } from '../../../shared/domain/initiate';
import { silentLogger } from '../../../shared/log';
import { CallStore } from '../../../shared/providers/store/store';

/**
 * A caller talking to the offline agent through the real turn engine, the real tools and a real SQLite
 * store: each `say` runs one turn and commits it, as the voice host does.
 */

const ACKNOWLEDGEMENTS = new Set(LANGS.flatMap((lang) => PHRASES[lang].acks));

/** Monday 23 November 2026, 11:00 in Paris. */
export const NOW = new Date('2026-11-23T10:00:00Z');

/** A request with the default insurance claim, calling a French mobile. */
export const INSURANCE_REQUEST = {
  bot_company: 'Contoso Insurance',
  bot_name: 'Amélie',
  phone_number: '+33612345678',
  agent_phone_number: '+33687654321',
} satisfies CallRequest;

export function agentDeps(now: Date = NOW): ConversationDeps {
  return {
    models: [new OfflineAgent({ now: () => now })],
    tools: (call) => createTools(call, {}),
    systemPrompt: () => 'You are a helpful insurance assistant.',
    phrases: {
      filler: () => 'One moment please.',
      refusal: () => 'I am sorry, I cannot help with that.',
      error: () => 'I am having trouble right now.',
    },
    features: featuresSchema.parse({}),
    maxToolIterations: 4,
    now: () => now,
    log: silentLogger,
  };
}

export interface Heard {
  /** What the agent said, sentence by sentence. */
  sentences: string[];
  /** What the agent said without its acknowledgements ("Perfect.", "Merci."), which vary by turn. */
  said: string[];
  /** Everything said, as one text. */
  text: string;
  toolCalls: { name: string; arguments: Record<string, unknown> }[];
  actions: TurnAction[];
  events: TurnEvent[];
  /** The call as stored after the turn. */
  call: CallState;
}

export interface DialOptions {
  /** Values already in the claim, so that a test starts at the question it is about. */
  readonly claim?: ClaimValues;
  /** The conversation's clock (NOW by default). */
  readonly now?: Date;
}

export class Caller {
  private constructor(
    private readonly store: CallStore,
    public call: CallState,
    private readonly now: Date,
  ) {}

  static async dial(
    store: CallStore,
    request: Partial<CallRequest> = {},
    options: DialOptions = {},
  ): Promise<Caller> {
    const initiate = callInitiateSchema.parse({ ...INSURANCE_REQUEST, ...request });
    const now = options.now ?? NOW;
    const call = newCall(initiate, randomUUID(), now);
    Object.assign(call.claim, options.claim);
    return new Caller(store, await store.create(call), now);
  }

  async say(text: string): Promise<Heard> {
    const deps = agentDeps(this.now);
    const turn = runTurn(this.call, { text, channel: 'voice' }, new AbortController().signal, deps);
    const events: TurnEvent[] = [];
    for (;;) {
      const next = await turn.next();
      if (next.done) {
        this.call = await commitTurn(this.store, this.call.call_id, next.value, { now: this.now });
        break;
      }
      events.push(next.value);
    }
    const sentences = events.flatMap((e) => (e.type === 'sentence' ? [e.text] : []));
    return {
      sentences,
      said: sentences.filter((sentence) => !ACKNOWLEDGEMENTS.has(sentence)),
      text: sentences.join(' '),
      toolCalls: events.flatMap((e) =>
        e.type === 'tool_call'
          ? [{ name: e.name, arguments: JSON.parse(e.arguments) as Record<string, unknown> }]
          : [],
      ),
      actions: events.flatMap((e) => (e.type === 'action' ? [e.action] : [])),
      events,
      call: this.call,
    };
  }
}
