import { z } from 'zod';

/**
 * Where the serverless voice loop is on a call, kept on the call document because no Function instance
 * keeps memory between two frames: which turn is current, what the bot's last answer was and how much of
 * it the caller heard, and what that answer still has to do once it has been heard (hang up, transfer).
 *
 * `epoch` orders everything: each caller turn and each barge-in moves it on, and work started under an
 * older epoch (a turn still streaming from the model, a play callback of an interrupted answer) knows it
 * is stale by comparing. Updates go through the store's etag, so two instances never both win.
 */

/** Something the bot's answer asked for that waits until the answer was heard (a goodbye, a hand-over). */
export const deferredActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('end_call') }),
  z.object({ type: z.literal('transfer'), to: z.string() }),
]);
export type DeferredAction = z.infer<typeof deferredActionSchema>;

export const voiceTurnsSchema = z.object({
  /** Moves on with every caller turn and every barge-in. */
  epoch: z.number().int().min(0),
  /** The epoch whose turn is being answered (the model is streaming), if any. */
  answering: z.number().int().min(0).nullable(),
  /** The bot's latest answer that was sent to be played. */
  answer: z
    .object({
      epoch: z.number().int().min(0),
      /** The stored assistant message holding it (its `created_at`), to cut it to what was heard. */
      message_at: z.string(),
      /** Its sentences, in the order they were queued for playing. */
      sentences: z.array(z.string()),
      /** How many of them the caller started hearing (PlayStarted). */
      heard: z.number().int().min(0),
      /** How many of them finished playing (PlayCompleted, or PlayFailed: nothing more will come of it). */
      completed: z.number().int().min(0),
      /** All played (PlayCompleted of the last one), or interrupted. */
      done: z.boolean(),
      /** Carried out after the last sentence played; dropped if the caller interrupts. */
      deferred: z.array(deferredActionSchema),
    })
    .nullable(),
  /** The Intermediate transcription (its offset, in ticks) that already interrupted the bot. */
  barged_at_offset: z.number().nullable(),
  /** The bot's speaking rate (the `speech_speed` tool changes it). */
  rate: z.number().min(0.5).max(2),
});
export type VoiceTurns = z.infer<typeof voiceTurnsSchema>;

export function newVoiceTurns(rate: number): VoiceTurns {
  return { epoch: 0, answering: null, answer: null, barged_at_offset: null, rate };
}

/** Whether the bot is talking, or about to: an answer being written or still playing. */
export function botHasTheFloor(turns: VoiceTurns): boolean {
  return turns.answering !== null || (turns.answer !== null && !turns.answer.done);
}

/** The operation context of one play request: which epoch's answer, which sentence (or a phrase outside turns). */
export function playContext(epoch: number, sentence: number | 'phrase'): string {
  return `voice:${epoch}:${sentence}`;
}

/** Reads `playContext` back; undefined for operation contexts that are not ours. */
export function readPlayContext(
  context: string | undefined,
): { readonly epoch: number; readonly sentence: number | 'phrase' } | undefined {
  const match = /^voice:(\d{1,15}):(\d{1,4}|phrase)$/.exec(context ?? '');
  if (!match) return undefined;
  return { epoch: Number(match[1]), sentence: match[2] === 'phrase' ? 'phrase' : Number(match[2]) };
}
