import { describe, expect, it } from 'vitest';
import { createTools } from '../../../shared/conversation/tools';
import { makeCall, makeTurn } from './context';

describe('new_claim', () => {
  it('closes the current claim and opens an empty one with the same fields', async () => {
    const call = makeCall();
    call.claim.policyholder_name = 'Jane Doe';
    call.claim.incident_description = 'Hail damaged the roof';
    const turn = makeTurn(call);
    const outcome = await turn.run(createTools(call), 'new_claim', {});
    expect(outcome).toMatchObject({ ok: true, result: expect.stringMatching(/previous claim is closed/) });
    expect(turn.draft.previous_claims).toEqual([call.claim]);
    expect(turn.draft.claim).toEqual({
      policyholder_name: null,
      policyholder_email: null,
      policyholder_phone: null,
      incident_description: null,
      incident_datetime: null,
    });
    expect(turn.replayOn(turn.original)).toEqual(turn.draft);
  });

  it('closes the claim as stored at commit, with what another writer added meanwhile', async () => {
    const call = makeCall();
    call.claim.incident_description = 'Hail damaged the roof';
    const turn = makeTurn(call);
    await turn.run(createTools(call), 'new_claim', {});
    const stored = structuredClone(call);
    stored.claim.policyholder_email = 'jane@example.com';
    const committed = turn.replayOn(stored);
    expect(committed.previous_claims).toEqual([stored.claim]);
    expect(committed.claim.policyholder_email).toBeNull();
  });

  it('refuses to close a claim that is still empty', async () => {
    const call = makeCall();
    const turn = makeTurn(call);
    const outcome = await turn.run(createTools(call), 'new_claim', {});
    expect(outcome.result).toMatch(/^Nothing done: the current claim is still empty/);
    expect(turn.mutations).toEqual([]);
    expect(turn.draft.previous_claims).toEqual([]);
  });
});
