import type { CallState } from '../../domain/call';
import {
  botHasTheFloor,
  newVoiceTurns,
  type DeferredAction,
  type VoiceTurns,
} from '../../domain/voice-turns';
import { keepHeard } from '../../conversation/heard';
import type { TurnAction } from '../../conversation/tool';

/**
 * The serverless voice loop's rules, as changes to a draft of the call (run inside `store.update`, so an
 * etag conflict replays them on the fresh document). Each returns what the caller of the update must do
 * outside the store — cancel media, carry out actions — and is written to be replayed safely.
 */

/** The call's turn-taking state, created on first use with the call's speaking rate. */
export function turnsOf(draft: CallState): VoiceTurns {
  draft.voice ??= newVoiceTurns(draft.initiate.prosody_rate);
  return draft.voice;
}

/**
 * The bot stops talking, or stops writing its answer: a new epoch makes every piece of work of the old
 * one stale, and the answer's stored message keeps only what the caller started hearing.
 * @returns whether something was playing (media to cancel).
 */
export function interrupt(draft: CallState): { readonly wasPlaying: boolean } {
  const turns = turnsOf(draft);
  if (!botHasTheFloor(turns)) return { wasPlaying: false };
  turns.epoch += 1;
  turns.answering = null;
  const answer = turns.answer;
  if (!answer || answer.done) return { wasPlaying: false };
  answer.done = true;
  answer.deferred = [];
  keepHeard(draft, answer.message_at, answer.sentences, answer.heard);
  return { wasPlaying: true };
}

/**
 * The caller finished a sentence (a Final transcription): it interrupts whatever the bot was doing, and
 * becomes the turn of a new epoch, answered by the call's orchestration.
 */
export function claimCallerTurn(draft: CallState): { readonly epoch: number; readonly wasPlaying: boolean } {
  const { wasPlaying } = interrupt(draft);
  const turns = turnsOf(draft);
  turns.epoch += 1;
  turns.answering = turns.epoch;
  turns.barged_at_offset = null;
  return { epoch: turns.epoch, wasPlaying };
}

/** A sentence of the answer of `epoch` is about to be played; false when that answer is stale. */
export function queueSentence(draft: CallState, epoch: number, messageAt: string, text: string): boolean {
  const turns = turnsOf(draft);
  if (turns.epoch !== epoch) return false;
  if (turns.answer?.epoch !== epoch) {
    turns.answer = newAnswer(epoch, messageAt, []);
  }
  turns.answer.sentences.push(text);
  return true;
}

/**
 * The answer of `epoch` is written (and stored). When it is still current, what must wait until it has
 * been heard is kept for then — or done now if nothing is left to play.
 * @returns whether the answer is still current, and the actions to carry out now.
 */
export function finishAnswer(
  draft: CallState,
  epoch: number,
  messageAt: string,
  actions: readonly TurnAction[],
): {
  readonly current: boolean;
  readonly heard: number;
  /** Nothing of it is left to play (none, or all played while it was written). */
  readonly done: boolean;
  readonly now: DeferredAction[];
} {
  const turns = turnsOf(draft);
  const answer = turns.answer?.epoch === epoch ? turns.answer : undefined;
  if (turns.epoch !== epoch) return { current: false, heard: answer?.heard ?? 0, done: true, now: [] };
  turns.answering = null;
  const deferred = actions.flatMap(deferredOf);
  if (!answer) {
    turns.answer = { ...newAnswer(epoch, messageAt, []), done: true };
    return { current: true, heard: 0, done: true, now: deferred };
  }
  if (answer.completed >= answer.sentences.length) {
    answer.done = true;
    return { current: true, heard: answer.heard, done: true, now: deferred };
  }
  answer.deferred = deferred;
  return { current: true, heard: answer.heard, done: false, now: [] };
}

/** ACS started playing sentence `sentence` of the answer of `epoch`: the caller hears it. */
export function sentenceStarted(draft: CallState, epoch: number, sentence: number): void {
  const answer = draft.voice?.answer;
  if (answer?.epoch !== epoch || answer.done) return;
  answer.heard = Math.max(answer.heard, sentence + 1);
}

/**
 * ACS finished playing (or failed to play) a sentence of the answer of `epoch`. Once the whole answer
 * was played and written, it is done: the bot is quiet, and its deferred actions are handed out, once.
 */
export function sentenceEnded(
  draft: CallState,
  epoch: number,
  sentence: number,
): { readonly finished: boolean; readonly actions: DeferredAction[] } {
  const turns = draft.voice;
  const answer = turns?.answer;
  const notYet = { finished: false, actions: [] };
  if (!turns || answer?.epoch !== epoch || answer.done) return notYet;
  answer.heard = Math.max(answer.heard, sentence + 1);
  answer.completed = Math.max(answer.completed, sentence + 1);
  if (turns.answering === epoch || answer.completed < answer.sentences.length) return notYet;
  answer.done = true;
  const actions = answer.deferred;
  answer.deferred = [];
  return { finished: true, actions };
}

/** A phrase outside the conversation (hello, silence prompt, goodbye) plays as an answer of a new epoch. */
export function claimPhrase(
  draft: CallState,
  messageAt: string,
  text: string,
  deferred: DeferredAction[],
): number {
  interrupt(draft);
  const turns = turnsOf(draft);
  turns.epoch += 1;
  turns.answer = newAnswer(turns.epoch, messageAt, [text], deferred);
  return turns.epoch;
}

/** An answer nothing of which was heard yet. */
function newAnswer(
  epoch: number,
  messageAt: string,
  sentences: string[],
  deferred: DeferredAction[] = [],
): NonNullable<VoiceTurns['answer']> {
  return { epoch, message_at: messageAt, sentences, heard: 0, completed: 0, done: false, deferred };
}

/** The actions that must wait until the caller heard the answer: hanging up and handing over. */
function deferredOf(action: TurnAction): DeferredAction[] {
  if (action.type === 'end_call') return [{ type: 'end_call' }];
  if (action.type === 'transfer') return [{ type: 'transfer', to: action.to }];
  return [];
}
