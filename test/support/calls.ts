import { randomUUID } from 'node:crypto';
import { newCall, toCallView, type CallState } from '../../shared/domain/call';
import { callInitiateSchema, type CallRequest } from '../../shared/domain/initiate';

/** The README's example request: what a user would send first. */
export const EXAMPLE_REQUEST = {
  bot_company: 'Contoso',
  bot_name: 'Amélie',
  phone_number: '+33612345678',
  agent_phone_number: '+33687654321',
  task: 'Help the customer with their digital workplace. Assistant is working for the IT support department.',
  claim: [
    { name: 'hardware_info', type: 'text' },
    { name: 'first_seen', type: 'datetime' },
    { name: 'building_location', type: 'text' },
  ],
} satisfies CallRequest;

export function makeCall(overrides: Partial<CallRequest> = {}, createdAt = new Date()): CallState {
  return newCall(callInitiateSchema.parse({ ...EXAMPLE_REQUEST, ...overrides }), randomUUID(), createdAt);
}

export type CallView = ReturnType<typeof toCallView>;

/** A response's JSON, typed as what the test expects (a call by default). */
export async function readJson<T = CallView>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
