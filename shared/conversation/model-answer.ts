import type { Features } from '../config';
import type { CallState } from '../domain/call';
import type { Logger } from '../log';
import {
  ChatModelError,
  type ChatMessage,
  type ChatModel,
  type ChatStreamEvent,
  type ToolCallRequest,
} from '../providers/llm/llm';
import { failSpan, noteModelLatency, startCallSpan } from '../telemetry/call-trace';
import { callMetrics } from '../telemetry/metrics';
import { SentenceSplitter } from './sentences';
import { parseStyle, type SpokenStyle } from './style';
import type { toToolSpec } from './tool';

/**
 * One answer of the model within a turn (engine.ts runs the turn and its tool loop): the request
 * streamed, each sentence spoken as soon as it is complete, a filler when the model is slow (soft
 * timeout) and a give-up at the hard one, and failover to the next model when one fails before anything
 * was said. It is apart from the tool loop because it is about one model request and its timing, while
 * the loop is about what the tools did to the call.
 */

export type AnswerEvent =
  /** Speak this now. */
  | { readonly type: 'sentence'; readonly text: string; readonly style: SpokenStyle }
  /** Said once when the answer is slow (soft timeout), or while a slow tool runs. Not stored. */
  | { readonly type: 'filler'; readonly text: string }
  /** A model failed; the next one takes over. */
  | { readonly type: 'failover'; readonly from: string; readonly reason: string };

/** The part of the turn's record an answer writes: what was said, and by which model. */
export interface SpokenRecord {
  readonly sentences: { text: string; style: SpokenStyle }[];
  /** The model that produced the answer (the last one tried). */
  model: string;
}

export interface AnswerDeps {
  /** In failover order: fast model, slow model, offline agent. */
  readonly models: readonly ChatModel[];
  readonly phrases: { filler(call: CallState): string };
  readonly features: Features;
  readonly log: Logger;
}

export type Answer =
  | { readonly kind: 'answered'; readonly text: string; readonly toolCalls: ToolCallRequest[] }
  | { readonly kind: 'aborted' }
  | { readonly kind: 'refused' }
  | { readonly kind: 'failed' };

/**
 * Asks the current model; on failure before anything was said, the next one. An empty answer is asked
 * again once. After a sentence was spoken, a failure ends the turn with what was said: repeating or
 * contradicting it with another model would be worse.
 */
export async function* answerWithFailover(
  messages: ChatMessage[],
  specs: ReturnType<typeof toToolSpec>[],
  call: CallState,
  signal: AbortSignal,
  record: SpokenRecord,
  state: { modelIndex: number; fillerSaid: boolean },
  deps: AnswerDeps,
): AsyncGenerator<AnswerEvent, Answer> {
  let emptyRetried = false;
  while (state.modelIndex < deps.models.length) {
    const model = deps.models[state.modelIndex] as ChatModel;
    record.model = model.name;
    const spokenBefore = record.sentences.length;
    try {
      const answer = yield* streamAnswer(model, messages, specs, call, signal, record, state, deps);
      if (answer.text.trim() === '' && answer.toolCalls.length === 0 && !emptyRetried) {
        emptyRetried = true;
        continue;
      }
      return { kind: 'answered', ...answer };
    } catch (error) {
      if (signal.aborted) return { kind: 'aborted' };
      const failure = error instanceof ChatModelError ? error : new ChatModelError('server', String(error));
      if (failure.kind === 'content_filter') return { kind: 'refused' };
      deps.log.warn('model failed', { model: model.name, reason: failure.kind, error: failure.message });
      if (record.sentences.length > spokenBefore) return { kind: 'answered', text: '', toolCalls: [] };
      state.modelIndex += 1;
      emptyRetried = false;
      const next = deps.models[state.modelIndex];
      if (next) {
        callMetrics().failovers.add(1, { 'llm.from': model.name, 'llm.reason': failure.kind });
        yield { type: 'failover', from: model.name, reason: failure.kind };
      }
    }
  }
  return { kind: 'failed' };
}

/** One model's streamed answer: sentences out as they complete, tool calls collected. */
async function* streamAnswer(
  model: ChatModel,
  messages: ChatMessage[],
  specs: ReturnType<typeof toToolSpec>[],
  call: CallState,
  signal: AbortSignal,
  record: SpokenRecord,
  state: { fillerSaid: boolean },
  deps: AnswerDeps,
): AsyncGenerator<AnswerEvent, { text: string; toolCalls: ToolCallRequest[] }> {
  const attempt = new AbortController();
  const stopAttempt = () => attempt.abort();
  signal.addEventListener('abort', stopAttempt, { once: true });
  const splitter = new SentenceSplitter();
  const toolCalls: ToolCallRequest[] = [];
  let text = '';
  let style: SpokenStyle = 'none';
  let firstOutput = false;
  const started = Date.now();
  const span = startCallSpan(call.call_id, 'llm.request', {
    'llm.model': model.name,
    'llm.messages': messages.length,
  });
  const requestedAt = performance.now();
  let firstSentence = true;
  const softMs = deps.features.answer_soft_timeout_sec * 1000;
  const hardMs = deps.features.answer_hard_timeout_sec * 1000;
  const stream = model.stream({ messages, tools: specs, call, signal: attempt.signal, window: true });
  const iterator = stream[Symbol.asyncIterator]();
  // A `next()` still pending after the soft timeout is the one awaited again: asking the iterator anew
  // would skip what it was about to deliver.
  let pending: Promise<IteratorResult<ChatStreamEvent>> | undefined;
  try {
    for (;;) {
      pending ??= iterator.next();
      const waited = Date.now() - started;
      const deadline = firstOutput
        ? undefined
        : (state.fillerSaid ? hardMs : Math.min(softMs, hardMs)) - waited;
      const next = await within(pending, deadline);
      if (next === 'timeout') {
        if (!state.fillerSaid && Date.now() - started < hardMs) {
          state.fillerSaid = true;
          yield { type: 'filler', text: deps.phrases.filler(call) };
          continue;
        }
        throw new ChatModelError('timeout', `no answer within ${deps.features.answer_hard_timeout_sec} s`);
      }
      pending = undefined;
      if (next.done) break;
      const event = next.value;
      if (!firstOutput) span.setAttribute('llm.time_to_first_token_ms', performance.now() - requestedAt);
      firstOutput = true;
      if (event.type === 'text') {
        text += event.text;
        for (const sentence of splitter.push(event.text)) {
          if (firstSentence) {
            firstSentence = false;
            const ms = performance.now() - requestedAt;
            span.setAttribute('llm.first_sentence_ms', ms);
            noteModelLatency(call.call_id, model.name, ms);
          }
          const spoken = parseStyle(sentence, style);
          style = spoken.style;
          if (spoken.text) yield* speak(record, spoken.text, spoken.style);
        }
      } else if (event.type === 'tool_call') {
        toolCalls.push(event.call);
      } else {
        span.setAttribute('llm.finish_reason', event.finishReason);
        if (event.usage) {
          span.setAttributes({
            'llm.usage.prompt_tokens': event.usage.promptTokens,
            'llm.usage.completion_tokens': event.usage.completionTokens,
          });
        }
        if (event.finishReason === 'content_filter') {
          throw new ChatModelError('content_filter', 'the answer was filtered');
        }
      }
    }
    for (const sentence of splitter.flush()) {
      const spoken = parseStyle(sentence, style);
      if (spoken.text) yield* speak(record, spoken.text, spoken.style);
    }
    span.setAttribute('llm.tool_calls', toolCalls.length);
    return { text, toolCalls };
  } catch (error) {
    failSpan(span, error);
    if (error instanceof ChatModelError) span.setAttribute('llm.error', error.kind);
    throw error;
  } finally {
    span.end();
    signal.removeEventListener('abort', stopAttempt);
    // Stops the request whatever ended this attempt (done, timeout, the consumer stopping early).
    attempt.abort();
    pending?.catch(() => undefined); // its rejection, caused by the abort above, is expected
  }
}

/** The promise's value, or 'timeout' after `timeoutMs` (no limit when undefined). */
async function within<T>(promise: Promise<T>, timeoutMs: number | undefined): Promise<T | 'timeout'> {
  if (timeoutMs === undefined) return promise;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, timeoutMs));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function* speak(
  record: SpokenRecord,
  text: string,
  style: SpokenStyle = 'none',
): Generator<AnswerEvent> {
  record.sentences.push({ text, style });
  yield { type: 'sentence', text, style };
}
