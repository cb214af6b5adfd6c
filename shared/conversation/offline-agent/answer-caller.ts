import type { ClaimField } from '../../domain/claim';
import { tomorrowAtTen } from './caller';
import { fieldLabel, fieldQuestion, typeHint } from './fields';
import { detectIntent, requestedLanguage } from './intents';
import { parseAnswer } from './parse-answer';
import { announceReminder, claimUpdates } from './report';
import { targetField } from './target-field';
import {
  act,
  fieldNamed,
  nextQuestion,
  say,
  sayAndAct,
  type PlannedCall,
  type Reply,
  type Turn,
} from './turn';

/**
 * The agent's answer to what the caller just said: a request (a human, the end of the call, another
 * language, "are you a robot?"), or an answer to the question of the moment, parsed by its field's
 * type and stored with `updated_claim`. Tools act first and the agent speaks once their results are
 * known (see `report.ts`), so that it never says something happened before it did; except at the end:
 * the turn is over once the call ends or is transferred, so the goodbye (and the call-back time) or the
 * hand-over goes out with the tool call, as a model says goodbye before it hangs up.
 */

/** The reminder left when the caller hangs up before every field is filled. */
export const REMINDER_TITLE = 'Complete the claim';
const MAX_REMINDER_DESCRIPTION = 2_000;

export function answerCaller(turn: Turn, text: string): Reply {
  const p = turn.say;
  const { bot_name: bot, bot_company: company } = turn.call.initiate;
  // The host says hello; the caller's first words answer "how can I help?", not a field's question.
  // The caller's first words on a new call answer the host's "how can I help?", not a claim question.
  const firstTurn =
    turn.messages.filter((message) => message.role === 'user').length <= 1 &&
    turn.call.messages.every((message) => message.persona !== 'human');
  const intent = detectIntent(text);
  switch (intent) {
    case 'unintelligible':
      return say(p.didNotCatch, nextQuestion(turn));
    case 'robot_question':
      return say(
        p.automated(bot, company),
        turn.tools.has('talk_to_human') ? p.offerHuman : '',
        nextQuestion(turn),
      );
    case 'human':
      return turn.tools.has('talk_to_human')
        ? sayAndAct([p.transferring], { name: 'talk_to_human', args: {} })
        : say(p.cannotTransfer, nextQuestion(turn));
    case 'goodbye':
      return goodbye(turn);
    case 'repeat':
      return say(p.repeat, nextQuestion(turn));
    case 'greeting':
      return say(firstTurn ? p.hello(bot, company) : p.stillHere, nextQuestion(turn));
    case 'yes':
      return turn.missing.length === 0
        ? say(p.onlyClaim, p.anythingElse)
        : say(p.goAhead, nextQuestion(turn));
    case 'no':
      if (turn.missing.length === 0) return goodbye(turn);
      break; // "no" answers "was anyone hurt?"
    case undefined:
      break;
  }
  const switchTo = switchLanguage(turn, text);
  if (switchTo) return act({ name: 'speech_lang', args: { lang: switchTo } });
  return answerField(turn, text, firstTurn);
}

function answerField(turn: Turn, text: string, firstTurn: boolean): Reply {
  const p = turn.say;
  const target = targetField(text, {
    fields: turn.fields,
    asked: firstTurn ? undefined : turn.missing[0],
    previous: previousField(turn),
    claim: turn.call.claim,
    setting: turn.setting,
  });
  if (!target) {
    return firstTurn ? say(p.canHelp, nextQuestion(turn)) : say(p.onlyClaim, p.anythingElse);
  }
  const { field } = target;
  const parsed = parseAnswer(field, target.text, turn.setting);
  if (parsed.ok) {
    if (!turn.tools.has('updated_claim')) return say(p.somethingWentWrong, nextQuestion(turn));
    return act({ name: 'updated_claim', args: { updates: [{ field: field.name, value: parsed.value }] } });
  }
  if (parsed.reason === undefined) return say(p.didNotCatch, fieldQuestion(field, turn.lang));
  const label = fieldLabel(field, turn.lang);
  // The parsers explain in English; a French caller gets the type's hint in French instead.
  const why = turn.lang === 'en' ? asSentence(parsed.reason) : typeHint(field.type, turn.lang);
  return say(p.notUnderstood(label), why, p.askAgain(label));
}

/** "i heard ...; say it like ..." → "I heard ...; say it like ....": a sentence of its own. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** The language to switch to, when the caller asks for an available one other than the current. */
function switchLanguage(turn: Turn, text: string): string | undefined {
  const wanted = requestedLanguage(text);
  if (!wanted || wanted === turn.lang || !turn.tools.has('speech_lang')) return undefined;
  return turn.call.initiate.lang.availables.find((language) =>
    language.short_code.toLowerCase().startsWith(wanted),
  )?.short_code;
}

/**
 * The field stored on the previous turn (between the caller's last two messages), still stored: a
 * correction that names no field is about it.
 */
function previousField(turn: Turn): ClaimField | undefined {
  const { messages } = turn;
  let last: string | undefined;
  for (let i = messages.length - 2; i >= 0; i--) {
    const message = messages[i];
    if (!message || message.role === 'user') break;
    if (message.role !== 'assistant') continue;
    for (const call of message.toolCalls ?? []) {
      if (call.name !== 'updated_claim') continue;
      last = claimUpdates(call.arguments).at(-1)?.field ?? last;
    }
    if (last !== undefined) break;
  }
  const field = last === undefined ? undefined : fieldNamed(turn, last);
  return field && turn.call.claim[field.name] != null ? field : undefined;
}

/** Ends the call; with fields still missing, leaves a reminder to call back and complete them. */
function goodbye(turn: Turn): Reply {
  if (!turn.tools.has('end_call')) return say(turn.say.goodbye);
  const sentences: string[] = [];
  const calls: PlannedCall[] = [];
  if (turn.missing.length > 0 && turn.tools.has('new_or_updated_reminder')) {
    const args = reminder(turn);
    sentences.push(announceReminder(turn, args.due_date_time));
    calls.push({ name: 'new_or_updated_reminder', args });
  }
  calls.push({ name: 'end_call', args: {} });
  return sayAndAct([...sentences, turn.say.goodbye], ...calls);
}

function reminder(turn: Turn): Record<string, unknown> & { due_date_time: string } {
  const { claim, initiate } = turn.call;
  const who = claim.policyholder_name ?? 'the caller';
  const phone = claim.policyholder_phone ?? initiate.phone_number;
  const described = turn.missing.map((f) => (f.description ? `${f.name} (${f.description})` : f.name));
  const names = turn.missing.map((f) => f.name);
  const describe = (list: string[]) =>
    `Call ${who} back on ${phone} to complete the claim. Missing: ${list.join(', ')}.`;
  let description = describe(described);
  if (description.length > MAX_REMINDER_DESCRIPTION) description = describe(names);
  return {
    title: REMINDER_TITLE,
    description: description.slice(0, MAX_REMINDER_DESCRIPTION),
    due_date_time: tomorrowAtTen(turn.setting.now, turn.setting.timeZone),
    owner: 'assistant',
  };
}
