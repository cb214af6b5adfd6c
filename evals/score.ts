import { isDeepStrictEqual } from 'node:util';
import type { ClaimField, ClaimFieldType, ClaimValues } from '../shared/domain/claim';
import { parseE164 } from '../shared/domain/phone';
import { conversationMetrics, type NonAnswerKind, type WronglyStored } from './conversation-metrics';
import type { End, ExpectedValue, ScenarioSpec, ToolExpectation } from './scenario';

/**
 * Scoring a conversation against its scenario, one point per thing the scenario expects: each claim
 * value, each text that must never be stored, each tool expected or forbidden, each call's end. Values
 * are compared once normalised by their field's type, so that a right answer written differently is
 * still right: text ignores case, spacing and a final full stop; e-mails ignore case; phone numbers
 * are compared in E.164; date-times as instants, or as dates when the scenario gives only a date.
 */

/** What the runner saw of one caller turn. */
export interface TurnRecord {
  /** Which call of the scenario (0-based). */
  readonly call: number;
  readonly line: string;
  readonly sentences: readonly string[];
  readonly tools: readonly { name: string; arguments: string; ok: boolean; result: string }[];
  /** Models that failed during the turn, the next one taking over. */
  readonly failovers: readonly string[];
  /** The claim as stored once the turn was committed. */
  readonly claim: ClaimValues;
  /** What the line is when it answers nothing (from the scenario). */
  readonly kind?: NonAnswerKind | undefined;
}

export interface CallRecord {
  readonly callId: string;
  readonly greeting: string;
  readonly end: End;
  /** How the stored call ended (completed, declined...). */
  readonly lifecycle: string;
  /** Caller lines never said: the bot hung up or transferred first. */
  readonly unsaid: number;
  /** Whether this call went on with the previous call's record (same call id). */
  readonly resumed: boolean;
  /** What the post-call work left on the call: the synthesis, the next action, report SMS sent. */
  readonly afterCall: {
    readonly synthesis: string | null;
    readonly next: string | null;
    readonly reportSms: number;
  };
}

/** What happened in a scenario, whatever the agent: the input of scoring. */
export interface Conversation {
  readonly calls: readonly CallRecord[];
  readonly turns: readonly TurnRecord[];
  /** The claim fields of the call and the claim as stored at the very end. */
  readonly fields: readonly ClaimField[];
  readonly claim: ClaimValues;
}

export interface ClaimCheck {
  readonly field: string;
  readonly expected: ExpectedValue;
  readonly actual: string | null;
  readonly right: boolean;
}

export interface Score {
  readonly claim: readonly ClaimCheck[];
  /** Texts that were stored though they never should be, with the first turn (1-based) that stored them. */
  readonly stored: readonly { text: string; field: string; turn: number }[];
  readonly neverStored: number;
  /** Expected tools never called (successfully), forbidden tools called (at all). */
  readonly missingTools: readonly string[];
  readonly forbiddenTools: readonly { tool: string; turn: number }[];
  readonly toolExpectations: number;
  readonly ends: readonly { call: number; expected: End; actual: End; right: boolean }[];
  /** The caller turn (1-based, over all calls) after which every expected claim value was right. */
  readonly turnsToCompletion: number | null;
  readonly turns: number;
  /** Values stored on a line that answers nothing, or holding such a line's words (must be none). */
  readonly wronglyStored: readonly WronglyStored[];
  /** Bot turns ending on a question already asked in the call; the most times one was asked. */
  readonly repeatedQuestions: number;
  readonly maxSameQuestion: number;
  readonly points: number;
  readonly maxPoints: number;
}

export function scoreConversation(scenario: ScenarioSpec, conversation: Conversation): Score {
  const { expect } = scenario;
  const types = new Map(conversation.fields.map((field) => [field.name, field.type]));
  const check = (claim: ClaimValues) =>
    Object.entries(expect.claim).map(([field, expected]): ClaimCheck => {
      const actual = claim[field] ?? null;
      return { field, expected, actual, right: matches(types.get(field) ?? 'text', expected, actual) };
    });
  const claim = check(conversation.claim);

  const stored = expect.never_stored.flatMap((text) => {
    const hit = firstStored(text, conversation.turns);
    return hit ? [{ text, ...hit }] : [];
  });

  const called = conversation.turns.flatMap((turn, index) =>
    turn.tools.map((tool) => ({ ...tool, turn: index + 1 })),
  );
  const missingTools = expect.tools.called
    .filter((wanted) => !called.some((tool) => tool.ok && toolMatches(wanted, tool)))
    .map(describeTool);
  const forbiddenTools = expect.tools.not_called.flatMap((unwanted) =>
    called
      .filter((tool) => toolMatches(unwanted, tool))
      .map((tool) => ({ tool: describeTool(unwanted), turn: tool.turn })),
  );
  const forbiddenMissed = new Set(forbiddenTools.map((f) => f.tool)).size;

  const last = scenario.calls.length - 1;
  const ends = scenario.calls.flatMap((call, index) => {
    const expected = index === last ? expect.end : call.end;
    const actual = conversation.calls[index]?.end;
    if (expected === undefined) return [];
    return [{ call: index, expected, actual: actual ?? 'still open', right: actual === expected }];
  });

  const expectsClaim = claim.length > 0;
  const completedAt = expectsClaim
    ? conversation.turns.findIndex((turn) => check(turn.claim).every((c) => c.right))
    : -1;

  const toolExpectations = expect.tools.called.length + expect.tools.not_called.length;
  const points =
    claim.filter((c) => c.right).length +
    (expect.never_stored.length - stored.length) +
    (toolExpectations - missingTools.length - forbiddenMissed) +
    ends.filter((e) => e.right).length;
  return {
    claim,
    stored,
    neverStored: expect.never_stored.length,
    missingTools,
    forbiddenTools,
    toolExpectations,
    ends,
    turnsToCompletion: completedAt < 0 ? null : completedAt + 1,
    turns: conversation.turns.length,
    ...conversationMetrics(conversation.turns),
    points,
    maxPoints: maxPoints(scenario),
  };
}

/** What a perfect conversation scores: known before running, so a crashed scenario still counts. */
export function maxPoints(scenario: ScenarioSpec): number {
  const { expect } = scenario;
  const ends = 1 + scenario.calls.slice(0, -1).filter((call) => call.end !== undefined).length;
  return (
    Object.keys(expect.claim).length +
    expect.never_stored.length +
    expect.tools.called.length +
    expect.tools.not_called.length +
    ends
  );
}

/** Whether a stored value is what the scenario expects, normalised by the field's type. */
export function matches(type: ClaimFieldType, expected: ExpectedValue, actual: string | null): boolean {
  if (expected === null) return actual === null || actual.trim() === '';
  if (actual === null) return false;
  if (typeof expected === 'string') {
    if (type === 'datetime') return sameDateTime(expected, actual);
    return normalize(type, actual) === normalize(type, expected);
  }
  if ('one_of' in expected) return expected.one_of.some((option) => matches(type, option, actual));
  const words = typeof expected.contains === 'string' ? [expected.contains] : expected.contains;
  const said = normalizeText(actual);
  return words.every((word) => said.includes(normalizeText(word)));
}

/** A value in the form two right answers share. */
export function normalize(type: ClaimFieldType, value: string): string {
  switch (type) {
    case 'text':
      return normalizeText(value);
    case 'email':
      return value.trim().toLowerCase();
    case 'phone_number': {
      const phone = parseE164(value.replace(/^00/, '+'));
      return phone.ok ? phone.e164 : value.replace(/[^\d+]/g, '');
    }
    case 'datetime':
      return value.trim();
  }
}

/** Lowercase, one space between words, typographic apostrophes plain, no closing punctuation. */
export function normalizeText(value: string): string {
  return value
    .normalize('NFC')
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.!?,;:]+$/, '');
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const WITH_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Date-times with their offsets compare as instants, to the minute ("15:00+01:00" is "14:00Z"); a
 * scenario that gives only a date ("2026-11-22") accepts any time that day, on the caller's clock as
 * written in the stored value; without an offset on either side, the wall clock is compared as written.
 */
export function sameDateTime(expected: string, actual: string): boolean {
  const wanted = expected.trim();
  const stored = actual.trim();
  if (DATE_ONLY.test(wanted)) return stored.slice(0, 10) === wanted;
  const [a, b] = [Date.parse(wanted), Date.parse(stored)];
  if (WITH_OFFSET.test(wanted) && WITH_OFFSET.test(stored) && !Number.isNaN(a) && !Number.isNaN(b)) {
    return Math.floor(a / 60_000) === Math.floor(b / 60_000);
  }
  return wanted.slice(0, 16) === stored.slice(0, 16);
}

function firstStored(
  text: string,
  turns: readonly TurnRecord[],
): { field: string; turn: number } | undefined {
  const needle = normalizeText(text);
  for (const [index, turn] of turns.entries()) {
    for (const [field, value] of Object.entries(turn.claim)) {
      if (value !== null && normalizeText(value).includes(needle)) return { field, turn: index + 1 };
    }
  }
  return undefined;
}

function toolMatches(expectation: ToolExpectation, tool: { name: string; arguments: string }): boolean {
  if (typeof expectation === 'string') return tool.name === expectation;
  if (tool.name !== expectation.name) return false;
  let args: unknown;
  try {
    args = JSON.parse(tool.arguments);
  } catch {
    return false;
  }
  return containsSubset(args, expectation.with);
}

/** Every key of `subset` is in `value` with the same value (recursively for objects). */
function containsSubset(value: unknown, subset: unknown): boolean {
  if (subset === null || typeof subset !== 'object' || Array.isArray(subset)) {
    return isDeepStrictEqual(value, subset);
  }
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(subset).every(([key, wanted]) =>
    containsSubset((value as Record<string, unknown>)[key], wanted),
  );
}

export function describeTool(expectation: ToolExpectation): string {
  if (typeof expectation === 'string') return expectation;
  return `${expectation.name}(${Object.entries(expectation.with)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ')})`;
}
