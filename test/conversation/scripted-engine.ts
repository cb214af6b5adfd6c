import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { featuresSchema, loadConfig } from '../../shared/config';
import {
  runTurn,
  type ConversationDeps,
  type TurnEvent,
  type TurnRecord,
} from '../../shared/conversation/engine';
import { ConversationSession, type SessionDeps } from '../../shared/conversation/session';
import { createTools } from '../../shared/conversation/tools';
import { newCall, type CallState } from '../../shared/domain/call';
import { callInitiateSchema } from '../../shared/domain/initiate';
import { silentLogger } from '../../shared/log';
import { OpenAiChatModel } from '../../shared/providers/llm/openai';
import { OutboxSmsSender } from '../../shared/providers/sms/outbox';
import type { CallStore } from '../../shared/providers/store/store';
import { LocalPhoneNetwork } from '../../shared/providers/telephony/local';
import { EXAMPLE_REQUEST } from '../support/calls';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../support/scripted-llm-server';
import { openTempStore, type TempStore } from '../support/temp-store';

/**
 * The turn engine's surroundings for a test file: the scripted OpenAI-compatible server (reached through
 * the real `openai` client) and a real SQLite call store in a temporary folder, both up for the whole
 * file, with the deps a turn runs with and a way to play one turn. Each file overrides what it is about.
 */

/** The clock the conversation reads, fixed so what it writes is the same on every run. */
export const NOW = new Date('2026-11-23T10:00:00Z');

export class ScriptedEngine {
  private running: { server: ScriptedLlmServer; db: TempStore } | undefined;

  /** Starts the server and opens the store (in `beforeAll`); undone by `close`. */
  async start(): Promise<void> {
    this.running = { server: await startScriptedLlmServer(), db: openTempStore() };
  }

  async close(): Promise<void> {
    await this.running?.server.close();
    await this.running?.db.close();
    this.running = undefined;
  }

  get server(): ScriptedLlmServer {
    return this.started().server;
  }

  get store(): CallStore {
    return this.started().db.store;
  }

  /** A model on the scripted server; its answers say `<role>: model-<role>`. */
  model(role = 'fast', options: { maxRetries?: number } = {}): OpenAiChatModel {
    return new OpenAiChatModel({
      role,
      endpoint: this.server.baseUrl,
      model: `model-${role}`,
      apiKey: 'sk-test',
      maxRetries: options.maxRetries ?? 0,
    });
  }

  /** What a turn runs with: one scripted model, the real tools, default features, the fixed clock. */
  deps(overrides: Partial<ConversationDeps> = {}): ConversationDeps {
    return {
      models: [this.model()],
      tools: (call) => createTools(call, {}),
      systemPrompt: () => 'You are a helpful insurance assistant.',
      phrases: { filler: () => 'One moment.', refusal: () => 'No.', error: () => 'Sorry.' },
      features: featuresSchema.parse({}),
      maxToolIterations: 3,
      now: () => NOW,
      log: silentLogger,
      ...overrides,
    };
  }

  /** A new call (the example request, with `overrides`) stored, as a conversation starts with one. */
  freshCall(overrides: object = {}, createdAt = NOW): Promise<CallState> {
    const initiate = callInitiateSchema.parse({ ...EXAMPLE_REQUEST, ...overrides });
    return this.store.create(newCall(initiate, randomUUID(), createdAt));
  }

  /**
   * A session on the call (what the voice and text channels run) with one scripted model, on a local
   * phone network with an SMS outbox, default features and the fixed clock.
   */
  session(callId: string, overrides: Partial<SessionDeps> = {}): ConversationSession {
    return new ConversationSession(callId, {
      config: loadConfig({ env: {}, cwd: '/nonexistent' }),
      store: this.store,
      telephony: new LocalPhoneNetwork(),
      sms: new OutboxSmsSender(),
      models: [this.model()],
      features: async () => featuresSchema.parse({}),
      log: silentLogger,
      now: () => NOW,
      ...overrides,
    });
  }

  private started(): { server: ScriptedLlmServer; db: TempStore } {
    if (!this.running) throw new Error('ScriptedEngine: used outside the tests (before beforeAll)');
    return this.running;
  }
}

/** A ScriptedEngine started before the file's tests and closed after them. */
export function useScriptedEngine(): ScriptedEngine {
  const engine = new ScriptedEngine();
  beforeAll(() => engine.start());
  afterAll(() => engine.close());
  return engine;
}

/** Plays one caller turn to its end: every event the engine yielded, in order, and its record. */
export async function playTurn(
  call: CallState,
  text: string,
  deps: ConversationDeps,
  options: { signal?: AbortSignal; onEvent?: (event: TurnEvent) => void } = {},
): Promise<{ events: TurnEvent[]; record: TurnRecord }> {
  const events: TurnEvent[] = [];
  const turn = runTurn(
    call,
    { text, channel: 'voice' },
    options.signal ?? new AbortController().signal,
    deps,
  );
  for (;;) {
    const next = await turn.next();
    if (next.done) return { events, record: next.value };
    events.push(next.value);
    options.onEvent?.(next.value);
  }
}
