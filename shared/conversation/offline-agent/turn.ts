import type { CallState } from '../../domain/call';
import { missingClaimFields, type ClaimField } from '../../domain/claim';
import type { ChatMessage, ChatRequest } from '../../providers/llm/llm';
import { callerRegion, callerTimeZone } from './caller';
import { fieldQuestion } from './fields';
import { readHistory, type History } from './history';
import type { AnswerSetting } from './parse-answer';
import { langOf, PHRASES, pick, type Lang, type Phrases } from './phrases';

/**
 * What the offline agent knows when it answers: the call as of now (with this turn's changes), its
 * language, the claim fields still to ask, the tools it may call, and the conversation so far.
 */

/** A field asked this many times without an answer is set aside, and asked once more at the end. */
export const SET_ASIDE_AFTER = 2;

export interface Turn {
  readonly call: CallState;
  readonly lang: Lang;
  readonly say: Phrases;
  readonly fields: readonly ClaimField[];
  /** Fields with no value, in schema order. */
  readonly missing: readonly ClaimField[];
  /**
   * The fields still to ask, in order: the first one is the question of the moment. Fields set aside
   * after two tries come last; a field the caller does not know, or tried three times, is not asked.
   */
  readonly pending: readonly ClaimField[];
  /** The fields still to ask once this turn's answer is counted as missed: what to ask next. */
  readonly next: readonly ClaimField[];
  readonly history: History;
  readonly setting: AnswerSetting;
  readonly tools: ReadonlySet<string>;
  readonly messages: readonly ChatMessage[];
  /** The caller turns so far, this one included: picks phrase variants. */
  readonly number: number;
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
/** Words said before the tools run. */
export const sayAndAct = (sentences: string[], ...toolCalls: PlannedCall[]): Reply => ({
  sentences: sentences.filter(Boolean),
  toolCalls,
});

export function makeTurn(call: CallState, request: ChatRequest, now: Date): Turn {
  const lang = langOf(call);
  const fields = call.initiate.claim;
  const history = readHistory(request.messages, fields);
  const missing = missingClaimFields(fields, call.claim);
  const ordered = (misses: (field: ClaimField) => number): ClaimField[] => {
    const open = missing.filter(
      (field) => !history.declined.has(field.name) && misses(field) <= SET_ASIDE_AFTER,
    );
    return [
      ...open.filter((field) => misses(field) < SET_ASIDE_AFTER),
      ...open.filter((field) => misses(field) === SET_ASIDE_AFTER),
    ];
  };
  const misses = (field: ClaimField) => history.asks.get(field.name) ?? 0;
  // Once the agent answers without storing, this turn's field was missed once more.
  const missesAfter = (field: ClaimField) => misses(field) + (field.name === history.current ? 1 : 0);
  return {
    call,
    lang,
    say: PHRASES[lang],
    fields,
    missing,
    pending: ordered(misses),
    next: ordered(missesAfter),
    history,
    setting: { now, timeZone: callerTimeZone(call), region: callerRegion(call), lang },
    tools: new Set(request.tools.map((tool) => tool.name)),
    messages: request.messages,
    number: request.messages.filter((message) => message.role === 'user').length,
  };
}

/** The question of the moment: the first pending field's, or whether there is anything else. */
export function nextQuestion(turn: Turn): string {
  const field = turn.next[0];
  if (!field) return turn.say.anythingElse;
  const question = fieldQuestion(field, turn.lang);
  const tries = (turn.history.asks.get(field.name) ?? 0) + (field.name === turn.history.current ? 1 : 0);
  return tries >= SET_ASIDE_AFTER ? `${turn.say.lastTry} ${question}` : question;
}

/** An acknowledgement that changes from one turn to the next. */
export function ack(turn: Turn): string {
  return pick(turn.say.acks, turn.number);
}

export function fieldNamed(turn: Turn, name: string): ClaimField | undefined {
  return turn.fields.find((field) => field.name === name);
}
