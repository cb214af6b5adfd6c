import { describe, expect, it } from 'vitest';
import { createTools } from '../../../shared/conversation/tools';
import { makeCall, makeTurn } from './context';

describe('updated_claim', () => {
  it('stores several valid values at once, normalised, and says what is still missing', async () => {
    const call = makeCall();
    const turn = makeTurn(call);
    const outcome = await turn.run(createTools(call), 'updated_claim', {
      updates: [
        { field: 'policyholder_name', value: ' Jane Doe ' },
        { field: 'policyholder_phone', value: '+33 6 11 22 33 44' },
        { field: 'incident_datetime', value: '2026-03-01T18:30:00+01:00' },
      ],
    });
    expect(outcome).toMatchObject({ ok: true });
    expect(outcome.result).toBe(
      'Stored policyholder_name, policyholder_phone (as +33611223344), incident_datetime. ' +
        'Still missing: policyholder_email, incident_description.',
    );
    expect(turn.draft.claim).toEqual({
      policyholder_name: 'Jane Doe',
      policyholder_email: null,
      policyholder_phone: '+33611223344',
      incident_description: null,
      incident_datetime: '2026-03-01T18:30:00+01:00',
    });
    expect(turn.actions).toEqual([]);
    expect(turn.replayOn(turn.original)).toEqual(turn.draft);
  });

  it('stores the valid values and refuses the others with their reason', async () => {
    const call = makeCall();
    const turn = makeTurn(call);
    const outcome = await turn.run(createTools(call), 'updated_claim', {
      updates: [
        { field: 'policyholder_name', value: 'John Smith' },
        { field: 'policyholder_email', value: 'john@' },
        { field: 'incident_datetime', value: 'yesterday evening' },
        { field: 'incident_description', value: '   ' },
      ],
    });
    expect(outcome.ok).toBe(true);
    expect(outcome.result).toBe(
      'Stored policyholder_name. ' +
        'Not stored policyholder_email: "john@" is not an e-mail address; expected something like name@example.com. ' +
        'Not stored incident_datetime: "yesterday evening" is not an ISO 8601 date or date-time; expected something like 2026-11-23T14:30:00+01:00 or 2026-11-23. ' +
        'Not stored incident_description: the value is empty. ' +
        'Still missing: policyholder_email, policyholder_phone, incident_description, incident_datetime.',
    );
    expect(turn.draft.claim.policyholder_name).toBe('John Smith');
    expect(turn.draft.claim.policyholder_email).toBeNull();
    expect(turn.draft.claim.incident_datetime).toBeNull();
  });

  it('says nothing was stored when every value is refused, and changes nothing', async () => {
    const call = makeCall();
    const turn = makeTurn(call);
    const outcome = await turn.run(createTools(call), 'updated_claim', {
      updates: [{ field: 'policyholder_phone', value: '06 12 34 56 78' }],
    });
    expect(outcome.result).toMatch(
      /^Nothing stored\. Not stored policyholder_phone: "06 12 34 56 78" must start with \+/,
    );
    expect(turn.mutations).toEqual([]);
    expect(turn.draft).toEqual(turn.original);
  });

  it('says so when the claim is complete, and a later value for a field overwrites an earlier one', async () => {
    const call = makeCall();
    call.claim = {
      policyholder_name: 'Jane Doe',
      policyholder_email: 'jane@example.com',
      policyholder_phone: '+33611223344',
      incident_description: null,
      incident_datetime: '2026-03-01',
    };
    const turn = makeTurn(call);
    const outcome = await turn.run(createTools(call), 'updated_claim', {
      updates: [
        { field: 'incident_description', value: 'A tree fell on the car.' },
        { field: 'policyholder_email', value: 'Jane.Doe@Example.com' },
      ],
    });
    expect(outcome.result).toBe(
      'Stored incident_description, policyholder_email (as jane.doe@example.com). Every field of the claim is filled.',
    );
    expect(turn.draft.claim.policyholder_email).toBe('jane.doe@example.com');
  });

  it('never runs with a field that is not in this call’s claim, and names the fields it knows', async () => {
    const call = makeCall();
    const turn = makeTurn(call);
    const outcome = await turn.run(createTools(call), 'updated_claim', {
      updates: [
        { field: 'policyholder_name', value: 'Jane' },
        { field: 'policy_number', value: 'A-123' },
      ],
    });
    expect(outcome.ok).toBe(false);
    expect(outcome.result).toBe(
      'updated_claim was not run: updates.1.field "policy_number" is not a field of this claim; use one of ' +
        'policyholder_name, policyholder_email, policyholder_phone, incident_description, incident_datetime. ' +
        'Fix and call it again.',
    );
    expect(turn.mutations).toEqual([]);
    expect(turn.draft.claim.policyholder_name).toBeNull();
  });

  it('never runs with a malformed update list', async () => {
    const call = makeCall();
    const tools = createTools(call);
    const turn = makeTurn(call);
    const empty = await turn.run(tools, 'updated_claim', { updates: [] });
    expect(empty.result).toMatch(/^updated_claim was not run: updates must list at least one field/);
    const flat = await turn.run(tools, 'updated_claim', { policyholder_name: 'Jane' });
    expect(flat.ok).toBe(false);
    expect(flat.result).toMatch(/updates/);
    expect(flat.result).toMatch(/policyholder_name/);
    const numeric = await turn.run(tools, 'updated_claim', {
      updates: [{ field: 'policyholder_name', value: 3 }],
    });
    expect(numeric.result).toMatch(/^updated_claim was not run: updates\.0\.value .*string/);
    expect(turn.mutations).toEqual([]);
  });

  it('replays on a stored call changed meanwhile without losing the other change', async () => {
    const call = makeCall();
    const turn = makeTurn(call);
    await turn.run(createTools(call), 'updated_claim', {
      updates: [{ field: 'incident_description', value: 'Water leak in the kitchen' }],
    });
    // Meanwhile, another writer stored the e-mail (an SMS arrived).
    const stored = structuredClone(call);
    stored.claim.policyholder_email = 'jane@example.com';
    const committed = turn.replayOn(stored);
    expect(committed.claim.policyholder_email).toBe('jane@example.com');
    expect(committed.claim.incident_description).toBe('Water leak in the kitchen');
  });
});
