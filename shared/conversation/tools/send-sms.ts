import { z } from 'zod';
import type { CallState } from '../../domain/call';
import { parseE164 } from '../../domain/phone';
import { defineTool } from '../tool';

export const MAX_SMS_LENGTH = 1_000;

/** Where to text the caller: the claim's policyholder phone when it is a valid number, else the line's. */
export function callerSmsNumber(call: CallState): string {
  const claimed = call.claim.policyholder_phone;
  if (typeof claimed === 'string') {
    const phone = parseE164(claimed);
    if (phone.ok) return phone.e164;
  }
  return call.initiate.phone_number;
}

/** `send_sms`: texts the caller. */
export const sendSmsTool = defineTool({
  name: 'send_sms',
  description:
    "Send an SMS to the caller, at the claim's policyholder phone when known, else at the number of " +
    'this call. Use it for what is easier to read than to hear (a reference number, an address, a ' +
    'link, a summary of next steps) or when the caller asks. Write the full text; do not use it for ' +
    'anything the caller has not agreed to receive.',
  parameters: z.strictObject({
    message: z
      .string()
      .trim()
      .min(1, { error: 'is empty; write the text to send' })
      .max(MAX_SMS_LENGTH, { error: `must be at most ${MAX_SMS_LENGTH} characters; shorten it` })
      .describe(`The text of the SMS, in the caller's language, at most ${MAX_SMS_LENGTH} characters.`),
  }),
  phrase: 'I am sending you a text message.',
  run({ message }, context) {
    const to = callerSmsNumber(context.call);
    context.act({ type: 'send_sms', to, message });
    return `The SMS will be sent to ${to} once you finish speaking.`;
  },
});
