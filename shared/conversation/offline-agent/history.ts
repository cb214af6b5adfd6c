import type { ClaimField } from '../../domain/claim';
import type { ChatMessage } from '../../providers/llm/llm';
import { fieldLabel, fieldQuestion } from './fields';
import { isHold } from './hold';
import { detectIntent } from './intents';
import { LANGS, PHRASES } from './phrases';
import { claimUpdates } from './report-tools';

/**
 * What the conversation so far says, read again on every turn (the agent keeps no state of its own,
 * so a call that moves to another process or resumes later goes on the same way): how many times each
 * field was asked, which ones the caller said they do not know, and which were stored before this turn.
 */

export interface History {
  /** Times each field was asked and the answer did not fill it, by field name. */
  readonly asks: ReadonlyMap<string, number>;
  /** Fields the caller said they do not know. */
  readonly declined: ReadonlySet<string>;
  /** Fields stored by an earlier answer (a new value for them is a correction). */
  readonly stored: ReadonlySet<string>;
  /** Everything the agent said, for phrases it says once (empathy). */
  readonly said: string;
  /** The field the caller is answering in this turn, before the answer is stored or not. */
  readonly current: string | undefined;
  /** The field whose question the caller heard and has not answered yet ("one second..."). */
  readonly waiting: string | undefined;
}

/** The field whose question the text asks last, in any of the agent's languages. */
export function askedIn(text: string, fields: readonly ClaimField[]): ClaimField | undefined {
  let best: { field: ClaimField; at: number } | undefined;
  for (const field of fields) {
    for (const lang of LANGS) {
      for (const question of [fieldQuestion(field, lang), PHRASES[lang].askAgain(fieldLabel(field, lang))]) {
        const at = text.lastIndexOf(question);
        if (at >= 0 && (!best || at > best.at)) best = { field, at };
      }
    }
  }
  return best?.field;
}

export function readHistory(messages: readonly ChatMessage[], fields: readonly ClaimField[]): History {
  const asks = new Map<string, number>();
  const declined = new Set<string>();
  const stored = new Set<string>();
  let said = '';
  let lastAsked: ClaimField | undefined;
  /** The field the caller was answering, until their answer's outcome is known. */
  let answering: { field: ClaimField; filled: boolean } | undefined;
  const settle = () => {
    if (answering && !answering.filled) {
      asks.set(answering.field.name, (asks.get(answering.field.name) ?? 0) + 1);
    }
    answering = undefined;
  };
  const lastUser = messages.map((message) => message.role).lastIndexOf('user');
  for (const [index, message] of messages.entries()) {
    if (message.role === 'assistant') {
      said += ` ${message.content}`;
      for (const call of message.toolCalls ?? []) {
        if (call.name !== 'updated_claim') continue;
        for (const update of claimUpdates(call.arguments)) {
          if (answering?.field.name === update.field) answering.filled = true;
          // This turn's own updates are not "before": a new value for them is not a correction.
          if (index < lastUser) stored.add(update.field);
        }
      }
      const asked = message.content ? askedIn(message.content, fields) : undefined;
      if (asked) lastAsked = asked;
    } else if (message.role === 'user') {
      settle();
      // "One second, let me check": the caller is still answering the same question, not missing it.
      if (isHold(message.content)) continue;
      if (lastAsked && detectIntent(message.content) === 'dont_know') declined.add(lastAsked.name);
      if (lastAsked) answering = { field: lastAsked, filled: false };
      lastAsked = undefined;
    }
  }
  // The caller's words of this very turn: not a miss yet, the agent may still store them.
  const current = messages.at(-1)?.role === 'user' ? answering?.field.name : undefined;
  if (!current) settle();
  return { asks, declined, stored, said, current, waiting: lastAsked?.name };
}
