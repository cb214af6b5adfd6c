import type { ChatMessage, ToolCallRequest } from '../../providers/llm/llm';

/** The tools an answer called, as the next request reports them: calls with their results. */

/** The tool calls of the last answer, with their results. */
export interface ToolRun {
  readonly request: ToolCallRequest;
  readonly result: string;
}

/** The runs the last messages report, when the last message is a tool result. */
export function lastToolRuns(messages: readonly ChatMessage[]): ToolRun[] | undefined {
  let start = messages.length;
  while (start > 0 && messages[start - 1]?.role === 'tool') start -= 1;
  if (start === messages.length) return undefined;
  const results = new Map<string, string>();
  for (const message of messages.slice(start)) {
    if (message.role === 'tool') results.set(message.toolCallId, message.content);
  }
  const answer = messages[start - 1];
  const requests = answer?.role === 'assistant' ? (answer.toolCalls ?? []) : [];
  return requests.flatMap((request) => {
    const result = results.get(request.id);
    return result === undefined ? [] : [{ request, result }];
  });
}

/** Whether a tool's result is the engine's or the tool's refusal rather than its work. */
export function toolFailed(run: ToolRun): boolean {
  const { name } = run.request;
  return (
    run.result.startsWith('There is no tool named') ||
    run.result.startsWith(`The arguments of ${name} `) ||
    run.result.startsWith(`${name} was not run:`) ||
    run.result.startsWith(`${name} failed:`)
  );
}

/** The `updates` of an `updated_claim` call, whatever the model sent. */
export function claimUpdates(args: string): { field: string; value: string }[] {
  try {
    const parsed: unknown = JSON.parse(args);
    const updates = (parsed as { updates?: unknown }).updates;
    if (!Array.isArray(updates)) return [];
    return updates.flatMap((update: unknown) => {
      const { field, value } = (update ?? {}) as { field?: unknown; value?: unknown };
      return typeof field === 'string' ? [{ field, value: typeof value === 'string' ? value : '' }] : [];
    });
  } catch {
    return [];
  }
}
