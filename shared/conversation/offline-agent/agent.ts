import type { ChatModel, ChatRequest, ChatStreamEvent } from '../../providers/llm/llm';
import { answerCaller } from './answer-caller';
import { PHRASES } from './phrases';
import { reportToolRuns } from './report';
import { lastToolRuns } from './report-tools';
import { makeTurn, nextQuestion, say, type Reply } from './turn';

/**
 * The offline agent: a rule-based chat model that fills the call's claim form without any LLM. It
 * reads the call (`request.call`) rather than the prompt, asks for the first missing field, parses the
 * caller's answer by the field's type with the offline parsers, and stores it through the same tools
 * an LLM would call (`updated_claim`, `new_or_updated_reminder`, `end_call`, `talk_to_human`,
 * `speech_lang`, `notify_emergencies`), then reads back what the tools did. It speaks English, French,
 * Spanish, German, Italian and Portuguese, and says it is an automated assistant whenever it
 * introduces itself.
 *
 * Deterministic: the same request gives the same answer, streamed as one text fragment per sentence,
 * then the tool calls, then `done`; no randomness, no timers.
 */

export interface OfflineAgentOptions {
  /** The clock that "yesterday" and the call-back time are read against. */
  readonly now?: () => Date;
}

export class OfflineAgent implements ChatModel {
  readonly name = 'offline agent';
  private readonly now: () => Date;

  constructor(options: OfflineAgentOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    const reply = this.reply(request);
    const callPrefix = `offline_${request.messages.length}`;
    for (const sentence of reply.sentences) {
      if (request.signal.aborted) return;
      yield { type: 'text', text: `${sentence} ` };
    }
    for (const [index, call] of reply.toolCalls.entries()) {
      if (request.signal.aborted) return;
      yield {
        type: 'tool_call',
        call: { id: `${callPrefix}_${index}`, name: call.name, arguments: JSON.stringify(call.args) },
      };
    }
    yield { type: 'done', finishReason: reply.toolCalls.length > 0 ? 'tool_calls' : 'stop' };
  }

  /** What to say and do, from the call and the last messages. */
  reply(request: ChatRequest): Reply {
    if (!request.call) return say(PHRASES.en.noCall);
    const turn = makeTurn(request.call, request, this.now());
    const runs = lastToolRuns(request.messages);
    if (runs) return reportToolRuns(turn, runs);
    const last = request.messages.at(-1);
    return last?.role === 'user' ? answerCaller(turn, last.content) : say(nextQuestion(turn));
  }
}
