import { describe, expect, it } from 'vitest';
import { createTools } from '../../../shared/conversation/tools';
import { makeCall, makeTurn, NOW } from './context';

const EMERGENCY = {
  service: 'ambulance',
  reason: 'The driver of the other car is unconscious',
  location: 'A6 motorway near exit 12',
};

describe('notify_emergencies', () => {
  it('records the emergency and alerts the emergency contact by SMS', async () => {
    const call = makeCall();
    call.claim.policyholder_name = 'Jane Doe';
    const turn = makeTurn(call);
    const tools = createTools(call, { emergencyContact: '+14255550199' });
    const outcome = await turn.run(tools, 'notify_emergencies', EMERGENCY);
    expect(outcome.ok).toBe(true);
    expect(outcome.result).toMatch(
      /^The emergency is recorded and our emergency contact \(\+14255550199\) is alerted by SMS/,
    );
    expect(outcome.tool?.phrase).toBeTruthy();
    expect(turn.draft.emergencies).toEqual([{ ...EMERGENCY, created_at: NOW.toISOString(), notified: true }]);
    expect(turn.actions).toEqual([
      {
        type: 'send_sms',
        to: '+14255550199',
        message:
          'Emergency, ambulance needed. Reason: The driver of the other car is unconscious. ' +
          'Location: A6 motorway near exit 12. Caller: Jane Doe, +33612345678.',
      },
    ]);
    expect(turn.replayOn(turn.original)).toEqual(turn.draft);
  });

  it('records the emergency and says nobody could be told when no contact is configured', async () => {
    const call = makeCall();
    const turn = makeTurn(call);
    const outcome = await turn.run(createTools(call, {}), 'notify_emergencies', {
      ...EMERGENCY,
      service: 'coast_guard',
      location: '',
    });
    expect(outcome.result).toMatch(/nobody could be alerted/);
    expect(outcome.result).toMatch(/dial the local emergency number/);
    expect(turn.draft.emergencies).toEqual([
      { ...EMERGENCY, service: 'coast_guard', location: '', created_at: NOW.toISOString(), notified: false },
    ]);
    expect(turn.actions).toEqual([]);
  });

  it('never runs for an unknown service or without a reason', async () => {
    const call = makeCall();
    const turn = makeTurn(call);
    const tools = createTools(call, { emergencyContact: '+14255550199' });
    const unknown = await turn.run(tools, 'notify_emergencies', { ...EMERGENCY, service: 'army' });
    expect(unknown.result).toBe(
      'notify_emergencies was not run: service "army" is not a service; use one of police, firefighters, ambulance, hospital, coast_guard. Fix and call it again.',
    );
    const noReason = await turn.run(tools, 'notify_emergencies', { ...EMERGENCY, reason: '' });
    expect(noReason.result).toMatch(/^notify_emergencies was not run: reason is empty/);
    expect(turn.actions).toEqual([]);
    expect(turn.draft.emergencies).toEqual([]);
  });
});
