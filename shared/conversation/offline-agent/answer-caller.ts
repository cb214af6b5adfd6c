import type { ClaimField } from '../../domain/claim';
import { extractCorrection } from '../offline/extract-correction';
import { normalizeSpeech } from '../offline/numbers';
import { tomorrowAtTen } from './caller';
import { hasCue } from './cues';
import { detectLanguage } from './detect-language';
import { detectEmergency, emergencyNumber } from './emergency';
import { extractFacts, isDescriptive, type Fact } from './extract';
import { fieldLabel, typeHint } from './fields';
import { isHold } from './hold';
import { detectIntent, requestedLanguage } from './intents';
import { isNameLike } from './names';
import type { NonAnswer } from './non-answers';
import { nonAnswer } from './non-answers';
import { parseAnswer } from './parse-answer';
import { PHRASES, type Lang } from './phrases';
import { announceReminder } from './report';
import { claimUpdates } from './report-tools';
import { isCorrection, targetField } from './target-field';
import { fieldNamed, nextQuestion, say, sayAndAct, type PlannedCall, type Reply, type Turn } from './turn';

/**
 * The agent's answer to what the caller just said. In order: an emergency (alert, and tell the caller
 * to call the emergency number); a request (a human, the end of the call, another language, "are you a
 * robot?", "I don't know"); a correction of a value already given; then every claim fact the words
 * hold, whatever was asked, stored with one `updated_claim`. What is not an answer (a question, an
 * instruction to the assistant, an insult, noise) is never stored: the agent says briefly why and asks
 * its question again. Tools act first and the agent speaks once their results are known (`report.ts`),
 * except the last words of a call, which go out with `end_call` or `talk_to_human`.
 */

/** The reminder left when the caller hangs up before every field is filled. */
export const REMINDER_TITLE = 'Complete the claim';
const MAX_REMINDER_DESCRIPTION = 2_000;
const MAX_EMERGENCY_REASON = 1_000;

/**
 * "Anything else?" answered twice with nothing the agent could use: the claim is complete and the call
 * has run its course, so the agent says goodbye (with what happens next) instead of asking a third time.
 */
const MAX_ANYTHING_ELSE = 2;

export function answerCaller(turn: Turn, text: string): Reply {
  const reply = replyTo(turn, text);
  const asksAgain = reply.toolCalls.length === 0 && reply.sentences.at(-1) === turn.say.anythingElse;
  if (asksAgain && timesAsked(turn, turn.say.anythingElse) >= MAX_ANYTHING_ELSE) return goodbye(turn);
  return reply;
}

/** How many of the agent's earlier answers ended with `question`. */
function timesAsked(turn: Turn, question: string): number {
  return turn.messages.filter(
    (message) => message.role === 'assistant' && message.content.trimEnd().endsWith(question),
  ).length;
}

function replyTo(turn: Turn, text: string): Reply {
  const p = turn.say;
  const { bot_name: bot, bot_company: company } = turn.call.initiate;
  // The caller's first words on a new call answer the host's "how can I help?", not a claim question.
  const firstTurn =
    turn.messages.filter((message) => message.role === 'user').length <= 1 &&
    turn.call.messages.every((message) => message.persona !== 'human');

  if (turn.call.emergencies.length === 0 && turn.tools.has('notify_emergencies')) {
    const emergency = detectEmergency(text);
    if (emergency) return raiseEmergency(turn, text, emergency.service);
  }
  // "Sorry, one second": no answer yet, and no failed one either; the question stays open. A
  // question the caller cut off is asked, to have something to come back with.
  if (isHold(text)) return say(p.takeYourTime, turn.history.waiting || firstTurn ? '' : nextQuestion(turn));
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
      return turn.pending.length === 0
        ? say(p.onlyClaim, p.anythingElse)
        : say(p.goAhead, nextQuestion(turn));
    case 'no':
      if (turn.pending.length === 0) return goodbye(turn);
      break; // "no" answers "was anyone hurt?"
    case 'dont_know':
      return dontKnow(turn);
    case undefined:
      break;
  }
  const switchTo = switchLanguage(turn, text);
  // "Can you speak French?" is a request, not a question to deflect: the switch answers it.
  if (switchTo && requestedLanguage(text))
    return sayAndAct([], { name: 'speech_lang', args: { lang: switchTo.code } });
  const facts = understand(turn, text, firstTurn, switchTo?.lang);
  const calls: PlannedCall[] = [];
  if (switchTo) calls.push({ name: 'speech_lang', args: { lang: switchTo.code } });
  if (facts.facts.length > 0 && turn.tools.has('updated_claim')) {
    calls.push({
      name: 'updated_claim',
      args: { updates: facts.facts.map(({ field, value }) => ({ field: field.name, value })) },
    });
  }
  if (calls.length > 0) {
    const words = PHRASES[switchTo?.lang ?? turn.lang];
    return sayAndAct([deflection(words, facts.nonAnswers), empathy(turn, facts.facts, text)], ...calls);
  }
  if (facts.nonAnswers.length > 0) {
    const why = deflection(p, facts.nonAnswers) || (firstTurn ? p.canHelp : '');
    return say(why, nextQuestion(turn));
  }
  // "Yes, I'm safe", "yes, go on": consent to go on, not an answer.
  if (/^(?:yes|yeah|ok|okay|oui|si|sí|ja|sim|certo|vale)\b/iu.test(text.trim()) && turn.pending[0]) {
    return say(p.goAhead, nextQuestion(turn));
  }
  if (firstTurn || !turn.pending[0]) {
    return firstTurn ? say(p.canHelp, nextQuestion(turn)) : say(p.onlyClaim, p.anythingElse);
  }
  const asked = heardQuestion(turn);
  // The caller cut the question off (typed or spoke over it): nothing to have failed to answer, so
  // the question they did not hear, not "Sorry, I could not get ...".
  if (!asked) return say(nextQuestion(turn));
  return notUnderstood(turn, asked, text);
}

/**
 * The field whose question the caller heard last (the stored conversation keeps only what was heard),
 * or none: a question cut off by the caller was never asked.
 */
function heardQuestion(turn: Turn): ClaimField | undefined {
  const current = turn.history.current;
  return current ? fieldNamed(turn, current) : undefined;
}

interface Understood {
  readonly facts: Fact[];
  readonly nonAnswers: NonAnswer[];
}

/** The facts of the utterance: a correction of one value, or everything it says. */
function understand(turn: Turn, text: string, firstTurn: boolean, lang: Lang | undefined): Understood {
  const setting = lang ? { ...turn.setting, lang } : turn.setting;
  const asked = firstTurn ? undefined : heardQuestion(turn);
  const extracted = extractFacts(text, {
    fields: turn.fields,
    claim: turn.call.claim,
    asked,
    setting,
    callerNumber: turn.call.initiate.phone_number,
  });
  if (isCorrection(text)) {
    const target = targetField(text, {
      fields: turn.fields,
      asked,
      previous: previousField(turn),
      claim: turn.call.claim,
      setting,
    });
    if (target) {
      const parsed = parseAnswer(target.field, target.text, setting);
      const isName = /(?:^|_)name(?:_|$)/.test(target.field.name);
      const acceptable =
        parsed.ok &&
        !nonAnswer(parsed.value) &&
        (isName ? isNameLike(parsed.value) : isDescriptive(parsed.value));
      const others = extracted.facts.filter((fact) => fact.field !== target.field);
      // "No, sorry, my e-mail is ..." while the injuries are asked: the e-mail, not the injuries.
      if (target.field === asked && others.length > 0) return extracted;
      if (parsed.ok && acceptable) {
        const facts = [
          { field: target.field, value: parsed.value },
          ...others.filter((f) => f.field !== asked),
        ];
        return { facts, nonAnswers: extracted.nonAnswers };
      }
    }
  }
  return extracted;
}

function deflection(p: (typeof PHRASES)[Lang], nonAnswers: readonly NonAnswer[]): string {
  if (nonAnswers.includes('jailbreak')) return p.jailbreak;
  if (nonAnswers.includes('question')) return p.question;
  if (nonAnswers.includes('insult')) return p.insult;
  if (nonAnswers.includes('noise')) return p.didNotCatch;
  if (nonAnswers.includes('meta')) return p.goAhead;
  return '';
}

/** Once per call, when the caller tells of harm: "I am sorry to hear that." */
function empathy(turn: Turn, facts: readonly Fact[], text: string): string {
  if (turn.history.said.includes(turn.say.empathy)) return '';
  const said = normalizeSpeech(text);
  const harm =
    (hasCue('injuries', said) &&
      !/\b(?:no one|nobody|not|personne|nadie|niemand|nessuno|ninguem)\b/.test(said)) ||
    /\b(?:accident|stolen|burgl\w*|fire|flood\w*|accidente|robad[oa]|unfall|gestohlen|incidente|rubat[oa]|acidente|roubad[oa]|vole|cambriol\w*|inond\w*)\b/.test(
      said,
    );
  return harm && facts.length > 0 ? turn.say.empathy : '';
}

function notUnderstood(turn: Turn, field: ClaimField, text: string): Reply {
  const p = turn.say;
  if (field.type === 'text') return say(p.didNotCatch, nextQuestion(turn));
  const label = fieldLabel(field, turn.lang);
  // The parsers explain in English ("5:00 PM today has not happened yet"); other languages get the hint.
  const parsed = parseAnswer(field, extractCorrection(text), turn.setting);
  const why = !parsed.ok && parsed.reason && turn.lang === 'en' ? asSentence(parsed.reason) : '';
  return say(p.notUnderstood(label), why || typeHint(field.type, turn.lang), p.askAgain(label));
}

/** "i heard ...; say it like ..." → "I heard ...; say it like ....": a sentence of its own. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** "I don't know": a free-text field notes it; a typed one is set aside. Either way, the next question. */
function dontKnow(turn: Turn): Reply {
  // The field that was asked: already out of `pending`, since this answer declines it.
  const current = turn.history.current;
  const field = current ? fieldNamed(turn, current) : turn.pending[0];
  const p = turn.say;
  if (field?.type === 'text' && turn.tools.has('updated_claim')) {
    return sayAndAct([p.dontKnow], {
      name: 'updated_claim',
      args: { updates: [{ field: field.name, value: p.unknownValue }] },
    });
  }
  return say(p.dontKnow, nextQuestion(turn));
}

function raiseEmergency(turn: Turn, text: string, service: string): Reply {
  const extracted = extractFacts(text, {
    fields: turn.fields,
    claim: turn.call.claim,
    asked: undefined,
    setting: turn.setting,
    callerNumber: turn.call.initiate.phone_number,
  });
  const place = turn.fields.find((field) =>
    /location|address|where|lieu/.test(`${field.name} ${field.description ?? ''}`),
  );
  const location =
    extracted.facts.find((fact) => fact.field === place)?.value ??
    (place && turn.call.claim[place.name]) ??
    '';
  const calls: PlannedCall[] = [
    {
      name: 'notify_emergencies',
      args: { service, reason: text.trim().slice(0, MAX_EMERGENCY_REASON), location: location.slice(0, 500) },
    },
  ];
  if (extracted.facts.length > 0 && turn.tools.has('updated_claim')) {
    calls.push({
      name: 'updated_claim',
      args: { updates: extracted.facts.map(({ field, value }) => ({ field: field.name, value })) },
    });
  }
  return sayAndAct([turn.say.emergency(emergencyNumber(turn.setting.region))], ...calls);
}

/** The language to switch to: asked for, or clearly spoken, and available on this call. */
function switchLanguage(turn: Turn, text: string): { lang: Lang; code: string } | undefined {
  if (!turn.tools.has('speech_lang')) return undefined;
  const wanted = requestedLanguage(text) ?? detectLanguage(text, turn.lang);
  if (!wanted || wanted === turn.lang) return undefined;
  const code = turn.call.initiate.lang.availables.find((language) =>
    language.short_code.toLowerCase().startsWith(wanted),
  )?.short_code;
  return code ? { lang: wanted, code } : undefined;
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
  const last = turn.missing.length === 0 ? turn.say.goodbyeComplete : turn.say.goodbye;
  return sayAndAct([...sentences, last], ...calls);
}

function reminder(turn: Turn): Record<string, unknown> & { due_date_time: string } {
  const { claim, initiate } = turn.call;
  const who = claim.policyholder_name ?? 'the caller';
  const phone = claim.policyholder_phone ?? initiate.phone_number;
  // The reminder is read by the team: field labels in English, as the descriptions are written.
  const described = turn.missing.map((f) => fieldLabel(f, 'en'));
  const describe = (list: string[]) =>
    `Call ${who} back on ${phone} to complete the claim. Missing: ${list.join(', ')}.`;
  let description = describe(described);
  if (description.length > MAX_REMINDER_DESCRIPTION) description = describe(turn.missing.map((f) => f.name));
  return {
    title: REMINDER_TITLE,
    description: description.slice(0, MAX_REMINDER_DESCRIPTION),
    due_date_time: tomorrowAtTen(turn.setting.now, turn.setting.timeZone),
    owner: 'assistant',
  };
}
