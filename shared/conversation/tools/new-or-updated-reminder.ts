import { z } from 'zod';
import type { CallState, Reminder } from '../../domain/call';
import { defineTool } from '../tool';

const sameTitle = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

const parameters = z.strictObject({
  title: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe(
      'Short title of the reminder, e.g. "Call back about the repair quote". An existing reminder with the same title (any case) is updated instead of duplicated.',
    ),
  description: z
    .string()
    .trim()
    .max(2_000)
    .describe('What has to be done, with the details needed to do it without listening to the call.'),
  due_date_time: z.iso
    .datetime({
      offset: true,
      error: 'must be an ISO 8601 date-time with its UTC offset, like 2026-11-23T14:30:00+01:00',
    })
    .describe('When it is due: ISO 8601 date-time with its UTC offset, like 2026-11-23T14:30:00+01:00.'),
  owner: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .describe('Who must do it: "assistant" (us), "customer" (the caller), or the name of a person.'),
});

/** `new_or_updated_reminder`: a follow-up task, created or updated by its title. */
export const newOrUpdatedReminderTool = defineTool({
  name: 'new_or_updated_reminder',
  description:
    'Create a reminder for a follow-up task, or update one: a reminder whose title matches (ignoring ' +
    'case) is replaced with the new details. Use it when something must be done after this moment ' +
    '(call the customer back, the customer sends a document, an expert visits). Not for claim details: ' +
    'store those with updated_claim.',
  parameters,
  run(args, context) {
    const createdAt = context.now.toISOString();
    const existed = context.call.reminders.some((r) => sameTitle(r.title, args.title));
    context.change((call: CallState) => {
      const index = call.reminders.findIndex((r) => sameTitle(r.title, args.title));
      const previous = index >= 0 ? call.reminders[index] : undefined;
      const reminder: Reminder = {
        title: args.title,
        description: args.description,
        due_date_time: args.due_date_time,
        owner: args.owner,
        created_at: previous?.created_at ?? createdAt,
      };
      if (index >= 0) call.reminders[index] = reminder;
      else call.reminders.push(reminder);
    });
    return `${existed ? 'Updated' : 'Created'} reminder "${args.title}", due ${args.due_date_time}, owner ${args.owner}.`;
  },
});
