import type { CallState, Reminder } from './call';

/**
 * Reminder follow-ups: a reminder the assistant owns ("call the customer back tomorrow at 10") is a
 * promise to call back at its due time. Pure rules, shared by the workflow that schedules the callback
 * and the conversation that opens it.
 */

/** The owner names that mean "the bot itself" (the model writes "assistant"; people write "bot"). */
const ASSISTANT_OWNERS = new Set(['assistant', 'bot', 'ai', 'ai assistant']);

export function isAssistantReminder(reminder: Reminder, call: CallState): boolean {
  const owner = reminder.owner.trim().toLowerCase();
  return ASSISTANT_OWNERS.has(owner) || owner === call.initiate.bot_name.trim().toLowerCase();
}

/** The next callback the bot owes: the assistant's reminder due soonest after `now`, if any. */
export function nextFollowUp(call: CallState, now: Date): Reminder | undefined {
  return call.reminders
    .filter((r) => isAssistantReminder(r, call) && Date.parse(r.due_date_time) > now.getTime())
    .sort((a, b) => Date.parse(a.due_date_time) - Date.parse(b.due_date_time))[0];
}

/**
 * The reminder the bot is calling about right now: an assistant reminder that fell due after the last
 * thing said on the call (so one already talked about is not brought up again).
 */
export function dueFollowUp(call: CallState, now: Date): Reminder | undefined {
  const lastSaid = call.messages.at(-1)?.created_at;
  const since = lastSaid ? Date.parse(lastSaid) : 0;
  return call.reminders
    .filter((r) => {
      const due = Date.parse(r.due_date_time);
      return isAssistantReminder(r, call) && due <= now.getTime() && due > since;
    })
    .sort((a, b) => Date.parse(b.due_date_time) - Date.parse(a.due_date_time))[0];
}
