import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationSession } from '../../shared/conversation/session';
import { toToolSpec } from '../../shared/conversation/tool';
import { createTools } from '../../shared/conversation/tools';
import type { TurnEvent } from '../../shared/conversation/engine';
import type { DocumentSearch } from '../../shared/providers/search/search';
import { useScriptedEngine } from '../conversation/scripted-engine';
import { makeCall, makeTurn } from '../conversation/tools/context';
import { startSqlite, type RunningSearchBackend } from './support';

/**
 * `search_document` as a caller meets it: offered to the model only when documents are configured,
 * and, in a conversation with a (scripted) LLM, searching the fixture documents with the embedded
 * backend and handing the model what it found.
 */
const engine = useScriptedEngine();
let docs: RunningSearchBackend;

beforeAll(async () => {
  docs = await startSqlite();
});
afterAll(async () => {
  await docs?.close();
});

async function session(search: DocumentSearch | undefined, lang = 'en-US'): Promise<ConversationSession> {
  const call = await engine.freshCall({ lang: { default_short_code: lang } });
  return engine.session(call.call_id, { search });
}

async function turn(conversation: ConversationSession, text: string): Promise<TurnEvent[]> {
  const events: TurnEvent[] = [];
  for await (const event of conversation.respond({ text, channel: 'voice' })) events.push(event);
  return events;
}

const toolNames = (requestIndex: number) =>
  (engine.server.requests[requestIndex]?.body.tools ?? []).map((tool) =>
    tool.type === 'function' ? tool.function.name : tool.type,
  );

describe('search_document', () => {
  it('is not offered without documents, and offered with them', async () => {
    const call = makeCall();
    expect(createTools(call).map((t) => t.name)).not.toContain('search_document');
    expect(createTools(call, { search: docs.search }).map((t) => t.name)).toContain('search_document');

    engine.server.enqueue({ content: 'Let me help you.' }, { content: 'Let me help you.' });
    await turn(await session(undefined), 'Is my windshield covered?');
    expect(toolNames(engine.server.requests.length - 1)).not.toContain('search_document');
    await turn(await session(docs.search), 'Is my windshield covered?');
    expect(toolNames(engine.server.requests.length - 1)).toContain('search_document');
  });

  it('searches the documents while the caller hears a phrase, and the model answers from the passages', async () => {
    const conversation = await session(docs.search);
    engine.server.enqueue(
      { toolCalls: [{ name: 'search_document', arguments: { query: 'windshield replacement deductible' } }] },
      { content: 'The glass deductible is 100 euros, waived with the Premium policy.' },
    );
    const before = engine.server.requests.length;
    const events = await turn(conversation, 'How much do I pay to replace my windshield?');

    expect(events.filter((e) => e.type === 'filler')).toEqual([
      { type: 'filler', text: 'Let me look that up.' },
    ]);
    const result = events.find((e) => e.type === 'tool_result');
    expect(result).toMatchObject({ name: 'search_document', ok: true });
    if (result?.type !== 'tool_result') return;
    expect(result.result).toMatch(/^\d passages? found, best first:\n\[1\] Windshield and glass › /);
    expect(result.result).toContain('(glass.md)');
    expect(result.result).toContain('The glass deductible is 100 euros');

    // The model read the passages before answering.
    const toolMessage = engine.server.requests[before + 1]?.body.messages.at(-1);
    expect(toolMessage).toMatchObject({ role: 'tool', content: result.result });
    const stored = await engine.store.get(conversation.callId);
    expect(stored?.messages.at(-1)?.tool_calls[0]).toMatchObject({
      name: 'search_document',
      result: result.result,
    });
  });

  it('says plainly when nothing matches, so the model does not make an answer up', async () => {
    const turnOnCall = makeTurn(makeCall());
    const outcome = await turnOnCall.run(
      createTools(turnOnCall.draft, { search: docs.search }),
      'search_document',
      {
        query: 'xylophone lessons',
      },
    );
    expect(outcome).toMatchObject({ ok: true });
    expect(outcome.result).toMatch(/^Nothing in the documents matches "xylophone lessons"\./);
    expect(outcome.result).toMatch(/do not make up an answer/);
  });

  it('honours top, and searches in the caller’s language', async () => {
    const call = makeCall({ lang: { default_short_code: 'fr-FR' } });
    const french = makeTurn(call);
    const tools = createTools(call, { search: docs.search });
    const outcome = await french.run(tools, 'search_document', { query: 'résilier contrat', top: 1 });
    expect(outcome.result).toMatch(
      /^1 passage found, best first:\n\[1\] Résilier son contrat \(fr-FR\/sinistres\.md\): /,
    );
  });

  it('never runs with an empty query or too many hits asked, and says what to fix', async () => {
    const call = makeCall();
    const tools = createTools(call, { search: docs.search });
    const check = makeTurn(call);
    const empty = await check.run(tools, 'search_document', { query: '  ' });
    expect(empty.result).toBe(
      'search_document was not run: query is empty; say what to look for. Fix and call it again.',
    );
    const many = await check.run(tools, 'search_document', { query: 'refund', top: 9 });
    expect(many.result).toMatch(/^search_document was not run: top /);
    const spec = toToolSpec(tools.find((t) => t.name === 'search_document')!);
    expect(spec.parameters).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['query'],
    });
  });

  it('tells the model when the search fails, and the turn goes on', async () => {
    const broken: DocumentSearch = {
      kind: 'broken',
      search: async () => {
        throw new Error('Azure AI Search did not answer (503): Service Unavailable');
      },
      close: async () => undefined,
    };
    const call = makeCall();
    const outcome = await makeTurn(call).run(createTools(call, { search: broken }), 'search_document', {
      query: 'refund',
    });
    expect(outcome).toMatchObject({
      ok: false,
      result: 'search_document failed: Azure AI Search did not answer (503): Service Unavailable',
    });
  });
});
