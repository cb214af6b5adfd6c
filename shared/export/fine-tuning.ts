import type { CallState, Message } from '../domain/call';
import { emptyClaim } from '../domain/claim';
import { buildSystemPrompt } from '../conversation/prompts';
import { toToolSpec } from '../conversation/tool';
import { createTools } from '../conversation/tools';
import { Redactor } from './redact';

/**
 * A finished call as one chat-format fine-tuning example, as OpenAI's fine-tuning (and Azure OpenAI's)
 * takes it: `{"messages": [...], "tools": [...]}`, one JSON object per line of a JSONL file. The system
 * message is the prompt the call started with; each caller message is a `user` message; each bot message
 * is an `assistant` message, preceded, when the bot used tools on that turn, by an `assistant` message
 * with its `tool_calls` and one `tool` message per result. Every text (tool arguments and results
 * included) goes through the call's `Redactor`: personal data becomes typed placeholders.
 */

export interface ChatExample {
  readonly messages: ExampleMessage[];
  readonly tools: {
    type: 'function';
    function: { name: string; description: string; parameters: unknown };
  }[];
}

export type ExampleMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string }
  | {
      role: 'assistant';
      content: null;
      tool_calls: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
    }
  | { role: 'tool'; tool_call_id: string; content: string };

/** Why a call gave no example (the export counts them). */
export type SkipReason = 'not ended' | 'no exchange';

export function chatExample(call: CallState): ChatExample | SkipReason {
  if (call.lifecycle.state !== 'ended') return 'not ended';
  const redactor = Redactor.forCall(call);
  const redact = (text: string) => redactor.redact(text);
  // The prompt as the call began (no claim value, no reminder yet): what the model saw on its first turn.
  const start: CallState = {
    ...call,
    claim: emptyClaim(call.initiate.claim),
    reminders: [],
    language: call.initiate.lang.default_short_code,
  };
  const system = buildSystemPrompt(start, { now: new Date(call.created_at), random: () => 0 });
  const tools = createTools(start).map(toToolSpec);
  const offered = new Set(tools.map((tool) => tool.name));

  const messages: ExampleMessage[] = [{ role: 'system', content: redact(system) }];
  for (const message of call.messages) messages.push(...toExampleMessages(message, offered, redact));
  // A training example ends with what the model must learn to say: trailing caller lines are dropped.
  while (messages.length > 1 && messages.at(-1)?.role !== 'assistant') messages.pop();
  if (!messages.some((m) => m.role === 'user') || messages.at(-1)?.role !== 'assistant') return 'no exchange';
  return {
    messages,
    tools: tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    })),
  };
}

function toExampleMessages(
  message: Message,
  offered: ReadonlySet<string>,
  redact: (text: string) => string,
): ExampleMessage[] {
  const content = message.content.trim();
  if (message.persona === 'human') return content ? [{ role: 'user', content: redact(content) }] : [];
  // The report SMS and other automated texts are not the model's words.
  if (message.action === 'sms' && message.tool_calls.length === 0) return [];
  const out: ExampleMessage[] = [];
  // Tools the model can be offered only; a call to one that cannot be described would not train.
  const calls = message.tool_calls.filter((call) => offered.has(call.name));
  if (calls.length > 0) {
    out.push({
      role: 'assistant',
      content: null,
      tool_calls: calls.map((call) => ({
        id: call.id,
        type: 'function',
        function: { name: call.name, arguments: redact(call.arguments) },
      })),
    });
    for (const call of calls) {
      out.push({ role: 'tool', tool_call_id: call.id, content: redact(call.result ?? '') });
    }
  }
  if (content) out.push({ role: 'assistant', content: redact(content) });
  return out;
}
