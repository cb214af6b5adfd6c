import { z } from 'zod';
import { EMERGENCY_SERVICES, type CallState, type Emergency } from '../../domain/call';
import { defineTool, type Tool } from '../tool';
import { enumError } from './enum-error';

export interface NotifyEmergenciesOptions {
  /** Who is alerted by SMS (E.164, from `conversation.emergency_contact_phone_number`); none: only recorded. */
  readonly emergencyContact?: string | undefined;
}

/** The SMS the emergency contact receives: what, why, where, and how to reach the caller. */
export function emergencyMessage(
  call: CallState,
  emergency: Omit<Emergency, 'created_at' | 'notified'>,
): string {
  const name = call.claim.policyholder_name;
  const caller = name ? `${name}, ${call.initiate.phone_number}` : call.initiate.phone_number;
  const location = emergency.location.trim() === '' ? 'unknown' : emergency.location;
  return `Emergency, ${emergency.service.replace(/_/g, ' ')} needed. Reason: ${emergency.reason}. Location: ${location}. Caller: ${caller}.`;
}

/** `notify_emergencies`: records an emergency and alerts the configured emergency contact, if any. */
export function createNotifyEmergenciesTool(options: NotifyEmergenciesOptions): Tool<unknown> {
  const contact = options.emergencyContact?.trim() || undefined;
  return defineTool({
    name: 'notify_emergencies',
    description:
      'Report an emergency: someone is in danger right now (injury, fire, crime in progress, medical ' +
      'distress). It records the emergency and alerts our emergency contact by SMS when one is ' +
      'configured; the result says whether anyone was told. Use it once per emergency, as soon as you ' +
      'know the service needed, the reason and the location. Not for past incidents without ongoing danger.',
    parameters: z.strictObject({
      service: z
        .enum(EMERGENCY_SERVICES, { error: enumError('a service', EMERGENCY_SERVICES) })
        .describe('The emergency service needed.'),
      reason: z
        .string()
        .trim()
        .min(1, { error: 'is empty; say what is happening' })
        .max(1_000)
        .describe('What is happening and who is in danger, in a sentence.'),
      location: z
        .string()
        .trim()
        .max(500)
        .describe(
          'Where help is needed, as precisely as the caller said it (address, landmarks); empty if unknown.',
        ),
    }),
    phrase: 'I am taking note of this emergency right away.',
    run(args, context) {
      const emergency: Emergency = {
        service: args.service,
        reason: args.reason,
        location: args.location,
        created_at: context.now.toISOString(),
        notified: contact !== undefined,
      };
      context.change((call) => {
        call.emergencies.push({ ...emergency });
      });
      if (contact === undefined) {
        return (
          'The emergency is recorded, but nobody could be alerted: no emergency contact is configured. ' +
          'Tell the caller to dial the local emergency number (such as 911 or 112) themselves right now.'
        );
      }
      context.act({ type: 'send_sms', to: contact, message: emergencyMessage(context.call, emergency) });
      return (
        `The emergency is recorded and our emergency contact (${contact}) is alerted by SMS as soon as you finish speaking. ` +
        'If lives are at risk, also tell the caller to dial the local emergency number themselves.'
      );
    },
  });
}
