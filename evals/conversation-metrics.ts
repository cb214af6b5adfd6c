import type { ClaimValues } from '../shared/domain/claim';

/**
 * Figures about how a conversation went that do not depend on what a scenario expects, the same for
 * the scripted scenarios and for the simulated callers:
 * - free text wrongly stored: a claim field that took a value on a turn where the caller said nothing
 *   that answers anything (a question, an instruction to the assistant, an insult, noise, small talk,
 *   a closing remark: lines marked with a `kind`), or a value that holds such a line's words;
 * - repeated questions: bot turns that end on a question the bot already asked in the same call, and
 *   the most times one question was asked.
 */

/** What a caller line is when it is not an answer. */
export const NON_ANSWER_KINDS = ['question', 'jailbreak', 'abuse', 'noise', 'small_talk', 'closing'] as const;
export type NonAnswerKind = (typeof NON_ANSWER_KINDS)[number];

export interface MetricTurn {
  readonly call: number;
  readonly line: string;
  /** Set when the line answers nothing. */
  readonly kind?: NonAnswerKind | undefined;
  readonly sentences: readonly string[];
  readonly claim: ClaimValues;
}

export interface WronglyStored {
  readonly turn: number;
  readonly field: string;
  readonly value: string;
}

export interface ConversationMetrics {
  readonly wronglyStored: readonly WronglyStored[];
  readonly repeatedQuestions: number;
  readonly maxSameQuestion: number;
}

const words = (text: string): string[] =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? [];

/** Whether most of the line's words (at least three) are in the value: the line was stored. */
function holds(value: string, line: string): boolean {
  const lineWords = words(line).filter((word) => word.length > 2);
  if (lineWords.length < 3) return false;
  const valueWords = new Set(words(value));
  return lineWords.filter((word) => valueWords.has(word)).length / lineWords.length >= 0.6;
}

export function conversationMetrics(
  turns: readonly MetricTurn[],
  initial: ClaimValues = {},
): ConversationMetrics {
  const wronglyStored: WronglyStored[] = [];
  const nonAnswers = turns.filter((turn) => turn.kind !== undefined).map((turn) => turn.line);
  let before: ClaimValues = initial;
  const asked = new Map<string, number>();
  let repeatedQuestions = 0;
  let call = -1;
  turns.forEach((turn, index) => {
    if (turn.call !== call) {
      call = turn.call;
      asked.clear();
    }
    for (const [field, value] of Object.entries(turn.claim)) {
      if (value == null || value === before[field]) continue;
      if (turn.kind !== undefined || nonAnswers.some((line) => holds(value, line))) {
        wronglyStored.push({ turn: index + 1, field, value });
      }
    }
    before = turn.claim;
    const question = [...turn.sentences].reverse().find((sentence) => /[?？]\s*$/.test(sentence));
    if (question) {
      const key = words(question).join(' ');
      const times = (asked.get(key) ?? 0) + 1;
      asked.set(key, times);
      if (times > 1) repeatedQuestions += 1;
    }
  });
  return {
    wronglyStored,
    repeatedQuestions,
    maxSameQuestion: Math.max(0, ...asked.values()),
  };
}
