import type { CallState } from '../../domain/call';
import { missingClaimFields, type ClaimField } from '../../domain/claim';
import type { ChatMessage, ChatRequest } from '../../providers/llm/llm';
import { callerRegion, callerTimeZone } from './caller';
import { fieldQuestion } from './fields';
import type { AnswerSetting } from './parse-answer';
import { langOf, PHRASES, type Lang, type Phrases } from './phrases';

/**
 * What the offline agent knows when it answers: the call as of now (with this turn's changes), its
 * language, the claim fields still missing, the tools it may call, and the conversation so far.
 */

export interface Turn {
  readonly call: CallState;
  readonly lang: Lang;
  readonly say: Phrases;
  readonly fields: readonly ClaimField[];
  /** Missing fields in schema order: the first one is the question of the moment. */
  readonly missing: readonly ClaimField[];
  readonly setting: AnswerSetting;
  readonly tools: ReadonlySet<string>;
  readonly messages: readonly ChatMessage[];
}

/** A tool call the agent decided on, before it gets an id and JSON arguments. */
export interface PlannedCall {
  readonly name: string;
  readonly args: Record<string, unknown>;
}

export interface Reply {
  readonly sentences: string[];
  readonly toolCalls: PlannedCall[];
}

export const say = (...sentences: string[]): Reply => ({
  sentences: sentences.filter(Boolean),
  toolCalls: [],
});
export const act = (...toolCalls: PlannedCall[]): Reply => ({ sentences: [], toolCalls });
/** Words said before the tools run: for the last words of a call, since nothing is said after them. */
export const sayAndAct = (sentences: string[], ...toolCalls: PlannedCall[]): Reply => ({
  sentences: sentences.filter(Boolean),
  toolCalls,
});

export function makeTurn(call: CallState, request: ChatRequest, now: Date): Turn {
  const lang = langOf(call);
  const fields = call.initiate.claim;
  return {
    call,
    lang,
    say: PHRASES[lang],
    fields,
    missing: missingClaimFields(fields, call.claim),
    setting: { now, timeZone: callerTimeZone(call), region: callerRegion(call) },
    tools: new Set(request.tools.map((tool) => tool.name)),
    messages: request.messages,
  };
}

/** The question of the moment: the first missing field's, or whether there is anything else. */
export function nextQuestion(turn: Turn): string {
  const field = turn.missing[0];
  return field ? fieldQuestion(field, turn.lang) : turn.say.anythingElse;
}

export function fieldNamed(turn: Turn, name: string): ClaimField | undefined {
  return turn.fields.find((field) => field.name === name);
}
