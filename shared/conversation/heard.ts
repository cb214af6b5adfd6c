import type { CallState } from '../domain/call';

/**
 * Cuts the stored answer (the assistant message stored at `messageAt`) to the `heard` sentences the
 * caller started hearing; an answer nobody heard that ran no tool is removed.
 */
export function keepHeard(
  draft: CallState,
  messageAt: string,
  sentences: readonly string[],
  heard: number,
): void {
  if (heard >= sentences.length) return;
  const index = draft.messages.findLastIndex(
    (message) => message.persona === 'assistant' && message.created_at === messageAt,
  );
  const message = draft.messages[index];
  if (!message) return;
  if (heard === 0 && message.tool_calls.length === 0) draft.messages.splice(index, 1);
  else message.content = sentences.slice(0, heard).join(' ');
}
