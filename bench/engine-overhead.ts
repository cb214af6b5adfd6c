import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { featuresSchema } from '../shared/config';
import { commitTurn, runTurn, type ConversationDeps } from '../shared/conversation/engine';
import { buildSystemPrompt } from '../shared/conversation/prompts';
import { createTools } from '../shared/conversation/tools';
import { newCall, type CallState } from '../shared/domain/call';
import { callInitiateSchema } from '../shared/domain/initiate';
import { silentLogger } from '../shared/log';
import type { ChatModel, ChatRequest, ChatStreamEvent } from '../shared/providers/llm/llm';
import { openSqliteDatabase } from '../shared/providers/sqlite';
import { SqliteCallStore } from '../shared/providers/store/sqlite';
import { CallStore } from '../shared/providers/store/store';
import { summarize, type Summary } from './stats';

/**
 * The turn engine's own time per turn, without any model time: a model that answers instantly with a
 * realistic turn (a claim update through a tool, then three sentences streamed in small fragments).
 * What remains is our code: prompt building, tool specs, sentence splitting, style parsing, argument
 * validation, the tool itself. Committing the turn to SQLite is measured apart.
 */
class InstantModel implements ChatModel {
  readonly name = 'instant';
  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    const last = request.messages.at(-1);
    if (last?.role !== 'tool') {
      yield {
        type: 'tool_call',
        call: {
          id: 'call_1',
          name: 'updated_claim',
          arguments: JSON.stringify({
            updates: [{ field: 'policyholder_email', value: 'jane.doe@example.com' }],
          }),
        },
      };
      yield { type: 'done', finishReason: 'tool_calls' };
      return;
    }
    const answer =
      'Thank you, I noted your e-mail address. It is jane dot doe at example dot com. What is your phone number?';
    for (const token of answer.match(/\S+\s*/g) ?? []) yield { type: 'text', text: token };
    yield { type: 'done', finishReason: 'stop' };
  }
}

export async function benchEngineOverhead(turns: number): Promise<{ turn: Summary; commit: Summary }> {
  const dir = mkdtempSync(join(tmpdir(), 'callcenter-bench-engine-'));
  const store = new CallStore(new SqliteCallStore(openSqliteDatabase(join(dir, 'calls.sqlite')), true));
  const features = featuresSchema.parse({});
  const deps: ConversationDeps = {
    models: [new InstantModel()],
    tools: (call) => createTools(call, {}),
    systemPrompt: (call) => buildSystemPrompt(call, { now: new Date() }),
    phrases: { filler: () => 'One moment.', refusal: () => 'Sorry.', error: () => 'Sorry.' },
    features,
    maxToolIterations: 5,
    now: () => new Date(),
    log: silentLogger,
  };
  const initiate = callInitiateSchema.parse({
    bot_company: 'Contoso',
    bot_name: 'Amélie',
    phone_number: '+33612345678',
    agent_phone_number: '+33687654321',
  });
  const turnTimes: number[] = [];
  const commitTimes: number[] = [];
  try {
    let call: CallState = await store.create(newCall(initiate, randomUUID(), new Date()));
    for (let i = 0; i < turns; i++) {
      // A call grows with its conversation; start a fresh one every 20 turns, like real calls.
      if (i % 20 === 0) call = await store.create(newCall(initiate, randomUUID(), new Date()));
      const started = performance.now();
      const turn = runTurn(
        call,
        { text: 'my email is jane dot doe at example dot com', channel: 'voice' },
        new AbortController().signal,
        deps,
      );
      let next = await turn.next();
      while (!next.done) next = await turn.next();
      turnTimes.push(performance.now() - started);
      const committing = performance.now();
      call = await commitTurn(store, call.call_id, next.value, { now: new Date() });
      commitTimes.push(performance.now() - committing);
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { turn: summarize(turnTimes), commit: summarize(commitTimes) };
}
