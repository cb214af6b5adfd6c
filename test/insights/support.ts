import { randomUUID } from 'node:crypto';
import { newCall, type CallState, type Message } from '../../shared/domain/call';
import { callInitiateSchema } from '../../shared/domain/initiate';

/** A call with a small claim: the policyholder fields, then `incident_description` and `policy_number`. */
export function insightsCall(options: { lang?: 'en-US' | 'fr-FR' } = {}): CallState {
  return newCall(
    callInitiateSchema.parse({
      bot_company: 'Contoso',
      bot_name: 'Amélie',
      phone_number: '+33612345678',
      agent_phone_number: '+33687654321',
      claim: [
        { name: 'incident_description', type: 'text', description: 'What happened' },
        { name: 'policy_number', type: 'text' },
      ],
      lang: { default_short_code: options.lang ?? 'en-US' },
    }),
    randomUUID(),
    new Date('2026-11-23T09:00:00Z'),
  );
}

const AT = '2026-11-23T09:01:00.000Z';

export function caller(content: string): Message {
  return { created_at: AT, persona: 'human', action: 'talk', content, style: 'none', tool_calls: [] };
}

export function bot(content: string, tools: readonly string[] = []): Message {
  return {
    created_at: AT,
    persona: 'assistant',
    action: 'talk',
    content,
    style: 'none',
    tool_calls: tools.map((name, index) => ({
      id: `call_${index}`,
      name,
      arguments: '{}',
      result: 'done',
    })),
  };
}

/** Fills the whole claim of `insightsCall`. */
export function fillClaim(call: CallState): void {
  Object.assign(call.claim, {
    policyholder_name: 'Jane Doe',
    policyholder_email: 'jane@example.com',
    policyholder_phone: '+33611111111',
    incident_description: 'A water leak in the kitchen',
    policy_number: 'B-123',
  });
}
