import type { CallState } from '../domain/call';
import type { Logger } from '../log';
import { ChatModelError, type ChatModel } from '../providers/llm/llm';
import { hasExchange, type Insights } from './insights';
import { InvalidInsightsError, llmInsights } from './llm';
import { offlineInsights } from './offline';

export { hasExchange, insightsSchema, type Insights } from './insights';
export { InvalidInsightsError, llmInsights, parseInsights, type LlmInsightsOptions } from './llm';
export { offlineInsights, OFFLINE_IMPROVEMENT_SUGGESTIONS, type OfflineInsightsOptions } from './offline';

export interface ComputeInsightsOptions {
  /** Tried in order; the offline rules come last by themselves. */
  readonly models: readonly ChatModel[];
  readonly now: Date;
  /** Bounds the model requests; once aborted, the offline rules answer. */
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** Requests per model (see `llmInsights`). */
  readonly maxAttempts?: number;
}

/**
 * The synthesis and next action of a finished call, or `undefined` when the caller never said anything
 * (nothing to synthesise: the call was not answered, or hung up at once). Each model is asked in turn;
 * the first valid answer wins; when every model fails or keeps answering invalid objects, the offline
 * rules answer, so a call with an exchange always gets insights. Never throws.
 */
export async function computeInsights(
  call: CallState,
  options: ComputeInsightsOptions,
): Promise<Insights | undefined> {
  if (!hasExchange(call)) return undefined;
  const log = options.log.child({ call_id: call.call_id });
  for (const model of options.models) {
    if (options.signal.aborted) break;
    try {
      const insights = await llmInsights(call, model, {
        signal: options.signal,
        ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
      });
      log.info('insights written by a model', { model: model.name });
      return insights;
    } catch (error) {
      // Only the kind of failure: messages may quote the model's answer, which may quote the caller.
      log.warn('insights model failed', { model: model.name, reason: failureReason(error) });
    }
  }
  log.info('insights written by the offline rules', { models: options.models.length });
  return offlineInsights(call, { now: options.now });
}

function failureReason(error: unknown): string {
  if (error instanceof ChatModelError) return error.kind;
  if (error instanceof InvalidInsightsError) return `invalid answer after ${error.attempts} attempts`;
  return error instanceof Error ? error.name : 'unknown';
}
