import { fieldLabel, typeHint } from './fields';
import { claimUpdates, toolFailed, type ToolRun } from './report-tools';
import { speakValue } from './speak-value';
import { ack, fieldNamed, nextQuestion, say, type Reply, type Turn } from './turn';

/**
 * After tools ran: says what happened, in plain words, from the tools' results and the call as they
 * left it. New values are read back once, with a varied acknowledgement; a corrected value is read back
 * alone ("I changed the building to C"), never the whole form; a refused one is asked again; an
 * emergency is confirmed and the caller decides whether to go on. Then the next question, or, when the
 * last missing field was just filled, a short summary. Once the call ends or is transferred nothing more
 * is said: the goodbye went out with the tool call (see `answer-caller.ts`).
 */

export function reportToolRuns(turn: Turn, runs: readonly ToolRun[]): Reply {
  const sentences: string[] = [];
  let ended = false;
  let newlyFilled = false;
  let emergency = false;
  for (const run of runs) {
    const failed = toolFailed(run);
    switch (run.request.name) {
      case 'updated_claim': {
        const report = reportClaimUpdate(turn, run, failed);
        newlyFilled ||= report.newlyFilled;
        sentences.push(...report.sentences);
        break;
      }
      case 'notify_emergencies':
        emergency = true;
        if (!failed) sentences.unshift(turn.say.emergencyRecorded);
        break;
      case 'new_or_updated_reminder':
        sentences.push(failed ? turn.say.somethingWentWrong : reportReminder(turn, run));
        break;
      case 'end_call':
        if (failed) sentences.push(turn.say.somethingWentWrong);
        else ended = true;
        break;
      case 'talk_to_human':
        if (failed) sentences.push(turn.say.cannotTransfer);
        else ended = true;
        break;
      case 'speech_lang':
        break;
      default:
        // Another model's tools, when the agent took over mid-turn: only a failure is worth a word.
        if (failed) sentences.push(turn.say.somethingWentWrong);
    }
  }
  if (ended) return say();
  // After an emergency the caller decides whether to go on.
  if (emergency) return say(...sentences, turn.say.emergencyContinue);
  if (newlyFilled && turn.pending.length === 0) {
    return say(...sentences, turn.say.allCollected, summary(turn), turn.say.anythingElse);
  }
  return say(...sentences, nextQuestion(turn));
}

function reportClaimUpdate(
  turn: Turn,
  run: ToolRun,
  failed: boolean,
): { sentences: string[]; newlyFilled: boolean } {
  const sentences: string[] = [];
  let newlyFilled = false;
  let acknowledged = false;
  for (const { field: name, value: sent } of claimUpdates(run.request.arguments)) {
    const field = fieldNamed(turn, name);
    if (!field) continue;
    const label = fieldLabel(field, turn.lang);
    const reason = failed ? undefined : refusalReason(run.result, name);
    const stored = turn.call.claim[name];
    if (failed || reason !== undefined || stored == null) {
      sentences.push(turn.say.refused(label, reason));
      const hint = turn.lang === 'en' ? '' : typeHint(field.type, turn.lang);
      if (hint) sentences.push(hint);
      continue;
    }
    const correction = turn.history.stored.has(name);
    if (!correction) newlyFilled = true;
    if (sent === turn.say.unknownValue) continue;
    // After "I am sorry to hear that", a cheerful "Perfect." would jar.
    const empathised =
      turn.messages.at(-1 - countTrailingTools(turn))?.content?.includes(turn.say.empathy) ?? false;
    if (!acknowledged && !correction && !empathised) sentences.push(ack(turn));
    acknowledged = true;
    const spoken = speakValue(field.type, stored, turn.lang, turn.call.language);
    if (correction && field.type === 'text' && (spoken === undefined || stored.length > 80)) {
      sentences.push(turn.say.notedOnly(label));
    } else if (correction) sentences.push(turn.say.changed(label, spoken ?? label));
    else if (spoken === undefined) sentences.push(turn.say.notedOnly(label));
    else if (field.type === 'phone_number' && stored === turn.call.initiate.phone_number) {
      sentences.push(turn.say.noted(label, `${turn.say.callingNumber}, ${spoken}`));
    } else sentences.push(turn.say.noted(label, spoken));
  }
  return { sentences, newlyFilled };
}

/** Why `updated_claim` refused a field: the text after "Not stored <field>:" up to the next part. */
function refusalReason(result: string, field: string): string | undefined {
  const marker = `Not stored ${field}: `;
  const start = result.indexOf(marker);
  if (start < 0) return undefined;
  const rest = result.slice(start + marker.length);
  const end = rest.search(/ (?:Not stored |Still missing: |Every field of the claim is filled\.)/);
  return (end < 0 ? rest : rest.slice(0, end)).trim().replace(/\.$/, '');
}

/** How many tool results end the messages (the answer that called them comes just before). */
function countTrailingTools(turn: Turn): number {
  let count = 0;
  while (turn.messages.at(-1 - count)?.role === 'tool') count += 1;
  return count;
}

function reportReminder(turn: Turn, run: ToolRun): string {
  let due: unknown;
  try {
    due = (JSON.parse(run.request.arguments) as { due_date_time?: unknown }).due_date_time;
  } catch {
    due = undefined;
  }
  return announceReminder(turn, due);
}

/** "We will call you back on <when> to complete your claim." */
export function announceReminder(turn: Turn, due: unknown): string {
  const when =
    typeof due === 'string' ? speakValue('datetime', due, turn.lang, turn.call.language) : undefined;
  return turn.say.reminder(when);
}

/** "your name, Jane Doe; your e-mail address, jane@example.com; ..." (long texts by their label). */
function summary(turn: Turn): string {
  const items = turn.fields.flatMap((field) => {
    const value = turn.call.claim[field.name];
    if (value == null || value === turn.say.unknownValue) return [];
    const label = fieldLabel(field, turn.lang);
    const spoken = speakValue(field.type, value, turn.lang, turn.call.language);
    return [spoken === undefined || spoken.length > 60 ? label : `${label}, ${spoken}`];
  });
  return turn.say.summary(items);
}
