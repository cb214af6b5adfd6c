import { z } from 'zod';
import { nextSchema, synthesisSchema, type CallState, type Next, type Synthesis } from '../domain/call';

/**
 * Post-call insights: the synthesis of the call and the next action, as stored on the call
 * (`synthesis`, `next`). Written by a language model when one answers with a valid object, else by the
 * offline rules.
 */
export interface Insights {
  readonly synthesis: Synthesis;
  readonly next: Next;
}

/** What a model must answer: one object with both parts, validated by the call's own schemas. */
export const insightsSchema = z.object({ synthesis: synthesisSchema, next: nextSchema });

/** Whether the caller said anything at all: a call without it has nothing to synthesise. */
export function hasExchange(call: CallState): boolean {
  return call.messages.some((m) => m.persona === 'human' && m.content.trim() !== '');
}
