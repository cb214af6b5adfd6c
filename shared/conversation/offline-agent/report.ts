import type { ChatMessage, ToolCallRequest } from '../../providers/llm/llm';
import { fieldLabel, typeHint } from './fields';
import { speakValue } from './speak-value';
import { fieldNamed, nextQuestion, say, type Reply, type Turn } from './turn';

/**
 * After tools ran: says what happened, in plain words, from the tools' results and the call as they
 * left it. A stored value is read back as stored, a refused one is explained and asked again, a
 * reminder is announced with its time; then the next question, or a summary once every field is
 * filled. Once the call ends or is transferred nothing more is said: the goodbye went out with the tool
 * call (see `answer-caller.ts`), and the engine does not even ask.
 */

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

/** Why `updated_claim` refused a field: the text after "Not stored <field>:" up to the next part. */
function refusalReason(result: string, field: string): string | undefined {
  const marker = `Not stored ${field}: `;
  const start = result.indexOf(marker);
  if (start < 0) return undefined;
  const rest = result.slice(start + marker.length);
  const end = rest.search(/ (?:Not stored |Still missing: |Every field of the claim is filled\.)/);
  return (end < 0 ? rest : rest.slice(0, end)).trim().replace(/\.$/, '');
}

export function reportToolRuns(turn: Turn, runs: readonly ToolRun[]): Reply {
  const sentences: string[] = [];
  let ended = false;
  let updated = false;
  for (const run of runs) {
    const failed = toolFailed(run);
    switch (run.request.name) {
      case 'updated_claim':
        updated = true;
        sentences.push(...reportClaimUpdate(turn, run, failed));
        break;
      case 'new_or_updated_reminder':
        sentences.push(failed ? turn.say.somethingWentWrong : reportReminder(turn, run));
        break;
      case 'end_call':
        if (failed) sentences.push(turn.say.somethingWentWrong);
        else ended = true;
        break;
      case 'talk_to_human':
        if (failed) sentences.push(turn.say.cannotTransfer);
        else ended = true;
        break;
      default:
        // Another model's tools, when the agent took over mid-turn: only a failure is worth a word.
        if (failed) sentences.push(turn.say.somethingWentWrong);
    }
  }
  // The last words went out with the tool call: anything more would be said after the goodbye.
  if (ended) return say();
  if (updated && turn.missing.length === 0) {
    return say(...sentences, turn.say.allCollected, summary(turn), turn.say.anythingElse);
  }
  return say(...sentences, nextQuestion(turn));
}

function reportClaimUpdate(turn: Turn, run: ToolRun, failed: boolean): string[] {
  const sentences: string[] = [];
  for (const { field: name } of claimUpdates(run.request.arguments)) {
    const field = fieldNamed(turn, name);
    if (!field) continue;
    const label = fieldLabel(field, turn.lang);
    const reason = failed ? undefined : refusalReason(run.result, name);
    const stored = turn.call.claim[name];
    if (failed || reason !== undefined || stored == null) {
      sentences.push(turn.say.refused(label, reason));
      if (turn.lang !== 'en') sentences.push(typeHint(field.type, turn.lang));
      continue;
    }
    const spoken = speakValue(field.type, stored, turn.lang, turn.call.language);
    sentences.push(spoken === undefined ? turn.say.notedOnly(label) : turn.say.noted(label, spoken));
  }
  return sentences;
}

function reportReminder(turn: Turn, run: ToolRun): string {
  let due: unknown;
  try {
    due = (JSON.parse(run.request.arguments) as { due_date_time?: unknown }).due_date_time;
  } catch {
    due = undefined;
  }
  return announceReminder(turn, due);
}

/** "We will call you back on <when> to complete your claim." */
export function announceReminder(turn: Turn, due: unknown): string {
  const when =
    typeof due === 'string' ? speakValue('datetime', due, turn.lang, turn.call.language) : undefined;
  return turn.say.reminder(when);
}

/** "your name, Jane Doe; your e-mail address, jane@example.com; ..." (long texts by their label). */
function summary(turn: Turn): string {
  const items = turn.fields.flatMap((field) => {
    const value = turn.call.claim[field.name];
    if (value == null) return [];
    const label = fieldLabel(field, turn.lang);
    const spoken = speakValue(field.type, value, turn.lang, turn.call.language);
    return [spoken === undefined ? label : `${label}, ${spoken}`];
  });
  return turn.say.summary(items);
}
