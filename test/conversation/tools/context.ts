import { randomUUID } from 'node:crypto';
import { featuresSchema } from '../../../shared/config';
import {
  runToolCall,
  type Tool,
  type ToolContext,
  type ToolOutcome,
  type TurnAction,
} from '../../../shared/conversation/tool';
import { newCall, type CallState } from '../../../shared/domain/call';
import { callInitiateSchema, type CallRequest } from '../../../shared/domain/initiate';

export const NOW = new Date('2026-03-02T10:00:00.000Z');

/** A request with a claim of each field type, on top of the policyholder fields every claim has. */
export const REQUEST = {
  bot_company: 'Contoso',
  bot_name: 'Amélie',
  phone_number: '+33612345678',
  agent_phone_number: '+33687654321',
  claim: [
    { name: 'incident_description', type: 'text', description: 'What happened' },
    { name: 'incident_datetime', type: 'datetime' },
  ],
} satisfies CallRequest;

export function makeCall(overrides: Partial<CallRequest> = {}): CallState {
  return newCall(callInitiateSchema.parse({ ...REQUEST, ...overrides }), randomUUID(), NOW);
}

/**
 * A turn's context as the engine gives it: `change` applies at once to a draft (what `call` shows) and
 * is recorded; `act` is recorded. `replayOn` applies the recorded changes to another copy of the call,
 * as the turn does on the stored call when it commits.
 */
export interface TestTurn {
  readonly context: ToolContext;
  readonly original: CallState;
  readonly draft: CallState;
  readonly actions: TurnAction[];
  readonly mutations: ((call: CallState) => void)[];
  run(tools: readonly Tool<unknown>[], name: string, args: unknown): Promise<ToolOutcome>;
  replayOn(call: CallState): CallState;
}

export function makeTurn(call: CallState, now = NOW): TestTurn {
  const original = structuredClone(call);
  const draft = structuredClone(call);
  const actions: TurnAction[] = [];
  const mutations: ((call: CallState) => void)[] = [];
  const context: ToolContext = {
    call: draft,
    now,
    features: featuresSchema.parse({}),
    change(mutation) {
      mutations.push(mutation);
      mutation(draft);
    },
    act(action) {
      actions.push(action);
    },
  };
  let id = 0;
  return {
    context,
    original,
    draft,
    actions,
    mutations,
    run(tools, name, args) {
      id += 1;
      const text = typeof args === 'string' ? args : JSON.stringify(args);
      return runToolCall(tools, { id: `call_${id}`, name, arguments: text }, context);
    },
    replayOn(target) {
      const copy = structuredClone(target);
      for (const mutation of mutations) mutation(copy);
      return copy;
    },
  };
}
