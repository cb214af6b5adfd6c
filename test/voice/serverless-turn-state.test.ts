import { describe, expect, it } from 'vitest';
import type { CallState } from '../../shared/domain/call';
import { playContext, readPlayContext } from '../../shared/domain/voice-turns';
import {
  claimCallerTurn,
  claimPhrase,
  finishAnswer,
  interrupt,
  queueSentence,
  sentenceEnded,
  sentenceStarted,
} from '../../shared/voice/serverless/turn-state';
import { makeCall } from '../support/calls';

/**
 * The serverless voice loop's turn-taking rules on a call document, one event at a time, as Function
 * instances apply them (each inside a store update). What is asserted is what the caller would notice:
 * what is stored as said, and when the bot hangs up.
 */

const AT = '2026-12-06T10:00:00.000Z';

/** A call whose turn `epoch` has an answer of `sentences`, stored as the engine stores it. */
function answering(sentences: string[]): { call: CallState; epoch: number } {
  const call = makeCall();
  const { epoch } = claimCallerTurn(call);
  call.messages.push(
    { created_at: AT, persona: 'human', action: 'talk', content: 'Bye', style: 'none', tool_calls: [] },
    {
      created_at: AT,
      persona: 'assistant',
      action: 'talk',
      content: sentences.join(' '),
      style: 'none',
      tool_calls: [],
    },
  );
  for (const sentence of sentences) queueSentence(call, epoch, AT, sentence);
  return { call, epoch };
}

describe('serverless turn-taking', () => {
  it('hangs up only once the whole goodbye was played and written', () => {
    const { call, epoch } = answering(['Thank you.', 'Goodbye!']);
    sentenceStarted(call, epoch, 0);
    expect(sentenceEnded(call, epoch, 0)).toEqual({ finished: false, actions: [] });
    // The answer is written after its first sentence played: the second is still to come.
    expect(finishAnswer(call, epoch, AT, [{ type: 'end_call' }])).toMatchObject({ current: true, now: [] });
    sentenceStarted(call, epoch, 1);
    expect(sentenceEnded(call, epoch, 1)).toEqual({ finished: true, actions: [{ type: 'end_call' }] });
    // ACS may repeat a callback: the hang-up is handed out once.
    expect(sentenceEnded(call, epoch, 1).actions).toEqual([]);
  });

  it('does what was asked at once when everything was played before the answer was written', () => {
    const { call, epoch } = answering(['Goodbye!']);
    sentenceEnded(call, epoch, 0);
    expect(finishAnswer(call, epoch, AT, [{ type: 'end_call' }])).toMatchObject({
      current: true,
      done: true,
      now: [{ type: 'end_call' }],
    });
  });

  it('keeps only the heard sentences of an interrupted answer, and drops what it asked for', () => {
    const { call, epoch } = answering(['Sure.', 'Your claim is noted.', 'Goodbye!']);
    finishAnswer(call, epoch, AT, [{ type: 'end_call' }]);
    sentenceStarted(call, epoch, 0);
    expect(interrupt(call)).toEqual({ wasPlaying: true });
    expect(call.messages.at(-1)?.content).toBe('Sure.');
    // The cancelled sentences' callbacks change nothing, and nobody is hung up on.
    expect(sentenceEnded(call, epoch, 2).actions).toEqual([]);
    expect(call.messages.at(-1)?.content).toBe('Sure.');
  });

  it('removes an answer nobody heard', () => {
    const { call } = answering(['Sure.']);
    interrupt(call);
    expect(call.messages.at(-1)?.persona).toBe('human');
  });

  it('makes a turn still being written stale when the caller speaks again', () => {
    const { call, epoch } = answering(['One moment.']);
    const next = claimCallerTurn(call);
    expect(next.epoch).toBeGreaterThan(epoch);
    expect(queueSentence(call, epoch, AT, 'Late sentence')).toBe(false);
    expect(finishAnswer(call, epoch, AT, [{ type: 'end_call' }])).toMatchObject({ current: false, now: [] });
  });

  it('does nothing when the bot is not talking', () => {
    const call = makeCall();
    expect(interrupt(call)).toEqual({ wasPlaying: false });
    const phrase = claimPhrase(call, '', 'Are you still there?', []);
    sentenceEnded(call, phrase, 0);
    expect(interrupt(call)).toEqual({ wasPlaying: false });
  });

  it('reads back only its own operation contexts', () => {
    expect(readPlayContext(playContext(12, 3))).toEqual({ epoch: 12, sentence: 3 });
    expect(readPlayContext(playContext(4, 'phrase'))).toEqual({ epoch: 4, sentence: 'phrase' });
    expect(readPlayContext('3b2a6c0e-0000-4000-8000-000000000000')).toBeUndefined();
    expect(readPlayContext('voice:1:2:3')).toBeUndefined();
  });
});
