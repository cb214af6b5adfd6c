import type { Features } from '../config';
import type { CallState, Message } from '../domain/call';
import type { Logger } from '../log';
import type { ChatMessage, ChatModel, ToolCallRequest } from '../providers/llm/llm';
import type { CallStore } from '../providers/store/store';
import { inCallSpan, noteToolCall } from '../telemetry/call-trace';
import { answerWithFailover, speak, type AnswerEvent } from './model-answer';
import type { SpokenStyle } from './style';
import {
  customerResponse,
  runToolCall,
  toToolSpec,
  type Tool,
  type ToolContext,
  type TurnAction,
} from './tool';

/**
 * The turn engine: given the call and what the caller just said, produce the bot's turn as a stream of
 * events, speaking each sentence as soon as it is complete. It owns the tool loop (model → tools →
 * model, bounded, and over once a tool ends the call or transfers it), content-filter refusals, and
 * cancellation: once the turn's signal aborts, nothing more is said or run, and only what was really
 * spoken is stored (see `commitTurn`). Each model answer (streaming, failover from one model to the next,
 * the soft (filler) and hard (give up) timeouts) is model-answer.ts's.
 */

export interface TurnInput {
  readonly text: string;
  readonly channel: 'voice' | 'sms';
}

/** What a turn yields: the answer's sentences, fillers and failovers, and what the tools did. */
export type TurnEvent =
  | AnswerEvent
  | { readonly type: 'tool_call'; readonly name: string; readonly arguments: string }
  | { readonly type: 'tool_result'; readonly name: string; readonly ok: boolean; readonly result: string }
  | { readonly type: 'action'; readonly action: TurnAction };

/** Everything the turn did, to store once the host knows how much of it was actually spoken. */
export interface TurnRecord {
  readonly input: TurnInput;
  /** False when the content filter refused the input: it is kept out of the history. */
  keepInput: boolean;
  readonly sentences: { text: string; style: SpokenStyle }[];
  readonly toolCalls: { id: string; name: string; arguments: string; result: string }[];
  readonly mutations: ((call: CallState) => void)[];
  /** How many of `mutations` are already stored (`storeChanges`): `commitTurn` replays only the rest. */
  storedMutations: number;
  readonly actions: TurnAction[];
  /** The model that produced the answer (the last one tried). */
  model: string;
  aborted: boolean;
}

export interface TurnPhrases {
  filler(call: CallState): string;
  refusal(call: CallState): string;
  /** When every model failed. */
  error(call: CallState): string;
}

export interface ConversationDeps {
  /** In failover order: fast model, slow model, offline agent. */
  readonly models: readonly ChatModel[];
  readonly tools: (call: CallState) => Tool<unknown>[];
  readonly systemPrompt: (call: CallState) => string;
  readonly phrases: TurnPhrases;
  readonly features: Features;
  readonly maxToolIterations: number;
  readonly now: () => Date;
  readonly log: Logger;
  /**
   * Stores a tool's changes as soon as it ran, before the model writes the rest of the answer (a
   * second model call, seconds with a real model): the softphone's claim panel follows the store. None:
   * they are stored with the turn (`commitTurn`).
   */
  readonly storeChanges?: (mutations: readonly ((call: CallState) => void)[]) => Promise<void>;
}

/** Runs one turn. Iterate it for the events; its return value is the record to commit. */
export async function* runTurn(
  call: CallState,
  input: TurnInput,
  signal: AbortSignal,
  deps: ConversationDeps,
): AsyncGenerator<TurnEvent, TurnRecord> {
  const record: TurnRecord = {
    input,
    keepInput: true,
    sentences: [],
    toolCalls: [],
    mutations: [],
    storedMutations: 0,
    actions: [],
    model: deps.models[0]?.name ?? 'none',
    aborted: false,
  };
  const draft = new TurnDraft(call);
  const context = toolContext(draft, record, deps);
  const tools = deps.tools(call);
  const specs = tools.map(toToolSpec);
  const history: ChatMessage[] = [...toChatHistory(call.messages), { role: 'user', content: input.text }];
  const state = { modelIndex: 0, fillerSaid: false };

  for (let iteration = 0; iteration < deps.maxToolIterations; iteration++) {
    if (signal.aborted) break;
    const messages: ChatMessage[] = [{ role: 'system', content: deps.systemPrompt(draft.call) }, ...history];
    const answer = yield* answerWithFailover(messages, specs, draft.call, signal, record, state, deps);
    if (answer.kind === 'aborted') break;
    if (answer.kind === 'refused') {
      record.keepInput = false;
      yield* speak(record, deps.phrases.refusal(draft.call));
      break;
    }
    if (answer.kind === 'failed') {
      yield* speak(record, deps.phrases.error(draft.call));
      break;
    }
    if (answer.toolCalls.length === 0) break;

    history.push({ role: 'assistant', content: answer.text, toolCalls: answer.toolCalls });
    for (const request of answer.toolCalls) {
      // A tool of an answer interrupted by the caller never runs.
      if (signal.aborted) break;
      yield { type: 'tool_call', name: request.name, arguments: request.arguments };
      const tool = tools.find((t) => t.name === request.name);
      if (tool?.phrase) yield { type: 'filler', text: toolPhrase(tool.phrase, request, deps.log) };
      const actionsBefore = record.actions.length;
      noteToolCall(call.call_id);
      // The tool's name and outcome only: its arguments and result hold what the caller said.
      const outcome = await inCallSpan(call.call_id, 'tool', { 'tool.name': request.name }, async (span) => {
        const result = await runToolCall(tools, request, context);
        span.setAttribute('tool.ok', result.ok);
        return result;
      });
      record.toolCalls.push({ ...request, result: outcome.result });
      history.push({ role: 'tool', toolCallId: request.id, content: outcome.result });
      await storeChangesNow(record, deps);
      yield { type: 'tool_result', name: request.name, ok: outcome.ok, result: outcome.result };
      for (const action of record.actions.slice(actionsBefore)) yield { type: 'action', action };
    }
    // Once the call ends or passes to a person, the turn is over: the model was told to add nothing
    // after its goodbye, so asking again only buys an empty answer (and its retry), or words said after it.
    if (record.actions.some(endsTheCall)) break;
  }
  record.aborted = signal.aborted;
  return record;
}

/** What the caller hears while a tool runs: the model's words for the moment, else the tool's own. */
function toolPhrase(fallback: string, request: ToolCallRequest, log: Logger): string {
  const written = customerResponse(request);
  if (written.ok) return written.text;
  // Its content is the model's and may quote the caller: only the reason is logged.
  if (written.reason !== 'missing') {
    log.warn('customer_response not said', {
      tool: request.name,
      field: 'customer_response',
      reason: written.reason,
    });
  }
  return fallback;
}

/** The tool's changes not stored yet, stored now when the host asked for it (`storeChanges`). */
async function storeChangesNow(record: TurnRecord, deps: ConversationDeps): Promise<void> {
  if (!deps.storeChanges || record.storedMutations === record.mutations.length) return;
  const pending = record.mutations.slice(record.storedMutations);
  try {
    await deps.storeChanges(pending);
    record.storedMutations += pending.length;
  } catch (error) {
    // Not lost: `commitTurn` replays whatever was not stored, with the turn.
    deps.log.warn('tool changes not stored early; stored with the turn', { error: String(error) });
  }
}

/** Actions after which the bot has nothing more to say on this call. */
function endsTheCall(action: TurnAction): boolean {
  return action.type === 'end_call' || action.type === 'transfer';
}

/**
 * The call as this turn's tools changed it. The turn's copy is made at the first change: most turns
 * change nothing, and copying the whole call on every turn grew with its length (a 200-turn call is
 * about 100 KiB), on the answer's path. The call given to the turn is never changed.
 */
class TurnDraft {
  private copy: CallState | undefined;

  constructor(private readonly original: CallState) {}

  get call(): CallState {
    return this.copy ?? this.original;
  }

  change(mutation: (call: CallState) => void): void {
    this.copy ??= structuredClone(this.original);
    mutation(this.copy);
  }
}

function toolContext(draft: TurnDraft, record: TurnRecord, deps: ConversationDeps): ToolContext {
  return {
    get call() {
      return draft.call;
    },
    now: deps.now(),
    features: deps.features,
    change(mutation) {
      draft.change(mutation);
      record.mutations.push(mutation);
    },
    act(action) {
      record.actions.push(action);
    },
  };
}

/** The stored conversation as the model sees it: tool calls followed by their results. */
export function toChatHistory(messages: readonly Message[]): ChatMessage[] {
  return messages.flatMap((message): ChatMessage[] => {
    if (message.persona === 'human') return [{ role: 'user', content: message.content }];
    if (message.tool_calls.length === 0) return [{ role: 'assistant', content: message.content }];
    return [
      {
        role: 'assistant',
        content: message.content,
        toolCalls: message.tool_calls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args })),
      },
      ...message.tool_calls.map((call): ChatMessage => ({
        role: 'tool',
        toolCallId: call.id,
        content: call.result ?? '',
      })),
    ];
  });
}

/**
 * Stores the turn: the caller's input, what the bot really said (the first `spokenSentences` of it; all
 * when the host does not track playback, as in text channels), the tools that ran with their results,
 * and their changes replayed on the freshest stored call.
 */
export async function commitTurn(
  store: CallStore,
  callId: string,
  record: TurnRecord,
  options: { spokenSentences?: number; now: Date },
): Promise<CallState> {
  const spoken = record.sentences.slice(0, options.spokenSentences ?? record.sentences.length);
  const at = options.now.toISOString();
  const action = record.input.channel === 'sms' ? 'sms' : 'talk';
  return store.update(callId, (call) => {
    for (const mutation of record.mutations.slice(record.storedMutations)) mutation(call);
    if (record.keepInput) {
      call.messages.push({
        created_at: at,
        persona: 'human',
        action,
        content: record.input.text,
        style: 'none',
        tool_calls: [],
      });
    }
    if (spoken.length > 0 || record.toolCalls.length > 0) {
      call.messages.push({
        created_at: at,
        persona: 'assistant',
        action,
        content: spoken.map((s) => s.text).join(' '),
        style: spoken[0]?.style ?? 'none',
        lang: call.language,
        tool_calls: record.toolCalls,
      });
    }
    call.last_interaction_at = at;
  });
}
