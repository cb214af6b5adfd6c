import type { SpeakingTime } from '../voice/serverless/call-playback';
import type { CallerTurn } from '../voice/serverless/serverless-voice';
import type { DurableOrchestrationApi, DurableTask, DurableTimerTask } from './context';

/**
 * The serverless voice loop's part in the call orchestration, while the call is connected: it answers the
 * caller's turns one at a time (each an activity, so two turns of one call never run at once, on any
 * instance), prompts after `phone_silence_timeout_sec` without a word and says goodbye after
 * `recognition_retry_max` prompts, and gathers keypad digits into a turn after `#` or a 2 s pause (at the
 * language menu, one valid key at once) — the same rules as the local voice loop, with durable timers
 * instead of in-process ones.
 */

export const VoiceActivity = {
  greet: 'voiceGreet',
  turn: 'voiceTurn',
  prompt: 'voicePrompt',
} as const;

/** Raised on the call's orchestration by the Web PubSub function (turns) and the ACS callbacks (digits). */
export const VoiceEvent = {
  callerTurn: 'CallerTurn',
  digit: 'CallerDigit',
  /** The bot's answer finished playing: the caller's silence counts from now. */
  botQuiet: 'BotQuiet',
} as const;

export interface VoiceTurnInput extends CallerTurn {
  readonly call_id: string;
}
export interface VoicePromptInput {
  readonly call_id: string;
  readonly kind: 'silence' | 'goodbye';
}
export interface DigitEventData {
  /** One keypad key: 0-9, *, #. */
  readonly tone: string;
}

/** Keypad digits are one turn once the caller pauses this long, or presses #. */
const DIGIT_PAUSE_MS = 2_000;
/** After the goodbye, how long the line may stay up before the orchestration hangs up itself. */
const GOODBYE_GRACE_MS = 30_000;

/** How the loop ended: the line dropped, the call lasted too long, or the bot gave up on a silent caller. */
export type VoiceLoopEnd = 'disconnected' | 'max_duration' | 'gave_up';

/**
 * Runs until the line drops or the call lasted too long (`deadline`); returns which. `disconnected` is
 * the call orchestration's own task, still pending.
 *
 * Each wait gets fresh timers, and a timer is never yielded to a second `Task.any`: the Durable extension
 * schedules every timer of a `Task.any` it is sent, so a reused one becomes a second timer with its own
 * sequence number, durable-functions' numbering no longer matches the history, and the orchestration
 * stops at the next activity (seen under the real Node worker: the third turn was never answered). Event
 * tasks may be reused: the extension hands an event to the newest waiter, as durable-functions does.
 */
export function* serverlessVoiceLoop(
  df: DurableOrchestrationApi,
  callId: string,
  disconnected: DurableTask,
  deadline: Date,
): Generator<DurableTask, VoiceLoopEnd, unknown> {
  const call = { call_id: callId };
  const after = (ms: number) => df.createTimer(new Date(df.currentUtcDateTime.getTime() + ms));
  // A timer firing at the earlier of `at` and the call's deadline, and whether it is the deadline.
  const until = (at: Date): { timer: DurableTimerTask; isDeadline: boolean } => {
    const isDeadline = deadline.getTime() <= at.getTime();
    return { timer: df.createTimer(isDeadline ? deadline : at), isDeadline };
  };
  const fallback: SpeakingTime = { epoch: 0, speak_ms: 0, silence_timeout_sec: 20, retry_max: 3 };
  // A voice activity that fails (a play refused, a model down past every fallback) costs that turn, not
  // the call: the loop goes on listening, with the timing it had.
  let timing = (yield* attempt(df.callActivity(VoiceActivity.greet, call))) ?? fallback;
  let callerTurn = df.waitForExternalEvent(VoiceEvent.callerTurn);
  let digit = df.waitForExternalEvent(VoiceEvent.digit);
  let quiet = df.waitForExternalEvent(VoiceEvent.botQuiet);
  let digits = '';
  let prompts = 0;

  for (;;) {
    // Until the answer is reported played (BotQuiet), its length is estimated.
    const silenceAt = df.currentUtcDateTime.getTime() + timing.speak_ms + timing.silence_timeout_sec * 1000;
    const wake = until(new Date(silenceAt));
    const silence = wake.timer;
    const digitPause = digits ? after(DIGIT_PAUSE_MS) : undefined;
    const tasks = [disconnected, callerTurn, digit, quiet, silence, ...(digitPause ? [digitPause] : [])];
    const winner = yield df.Task.any(tasks);
    if (winner !== silence) silence.cancel();
    if (digitPause && winner !== digitPause) digitPause.cancel();
    if (winner === disconnected) return 'disconnected';
    if (winner === silence && wake.isDeadline) return 'max_duration';
    if (winner === quiet) {
      const { epoch } = (quiet.result ?? {}) as { epoch?: number };
      quiet = df.waitForExternalEvent(VoiceEvent.botQuiet);
      if (epoch !== undefined && epoch >= timing.epoch) timing = { ...timing, speak_ms: 0 };
      continue;
    }

    let turn: CallerTurn | undefined;
    if (winner === callerTurn) {
      turn = callerTurn.result as CallerTurn;
      callerTurn = df.waitForExternalEvent(VoiceEvent.callerTurn);
    } else if (winner === digit) {
      const tone = (digit.result as DigitEventData | undefined)?.tone ?? '';
      digit = df.waitForExternalEvent(VoiceEvent.digit);
      if (tone !== '#') {
        digits += tone;
        // At the language menu (keys 1 to 9 at most) one valid key is the whole answer: no pause to wait.
        if (!isMenuKey(digits, timing.menu_keys)) continue;
      }
      // A menu key, or `#` ending the digits typed so far (compared before `digit` was replaced, it never
      // matched).
      if (digits) turn = { text: digits, epoch: null };
      digits = '';
    } else if (winner === digitPause) {
      turn = { text: digits, epoch: null };
      digits = '';
    }

    if (turn) {
      prompts = 0;
      timing = (yield* attempt(df.callActivity(VoiceActivity.turn, { ...call, ...turn }))) ?? timing;
      continue;
    }
    if (winner !== silence) continue; // a lone '#'
    prompts += 1;
    const giveUp = prompts > timing.retry_max;
    const kind: VoicePromptInput['kind'] = giveUp ? 'goodbye' : 'silence';
    timing = (yield* attempt(df.callActivity(VoiceActivity.prompt, { ...call, kind }))) ?? timing;
    if (giveUp) {
      // The goodbye hangs up once heard; should that never be reported, the line is not left open.
      const grace = until(new Date(df.currentUtcDateTime.getTime() + GOODBYE_GRACE_MS));
      const winner = yield df.Task.any([disconnected, grace.timer]);
      if (winner !== grace.timer) grace.timer.cancel();
      if (winner === disconnected) return 'disconnected';
      return grace.isDeadline ? 'max_duration' : 'gave_up';
    }
  }
}

/** Whether `digits` is one key of the open language menu (`SpeakingTime.menu_keys`). */
function isMenuKey(digits: string, menuKeys: number | undefined): boolean {
  return /^[1-9]$/.test(digits) && Number(digits) <= (menuKeys ?? 0);
}

/** The activity's result, or undefined when it failed (the activity logged why). */
function* attempt(task: DurableTask): Generator<DurableTask, SpeakingTime | undefined, unknown> {
  try {
    return (yield task) as SpeakingTime;
  } catch {
    return undefined;
  }
}
