import { describe, expect, it } from 'vitest';
import { createTools } from '../../../shared/conversation/tools';
import { makeCall, makeTurn, NOW } from './context';

const REMINDER = {
  title: 'Call back about the repair quote',
  description: 'The garage sends its quote by Friday; call Jane to review it.',
  due_date_time: '2026-03-06T09:00:00+01:00',
  owner: 'assistant',
};

describe('new_or_updated_reminder', () => {
  it('creates a reminder', async () => {
    const call = makeCall();
    const turn = makeTurn(call);
    const outcome = await turn.run(createTools(call), 'new_or_updated_reminder', REMINDER);
    expect(outcome).toMatchObject({
      ok: true,
      result:
        'Created reminder "Call back about the repair quote", due 2026-03-06T09:00:00+01:00, owner assistant.',
    });
    expect(turn.draft.reminders).toEqual([{ ...REMINDER, created_at: NOW.toISOString() }]);
    expect(turn.replayOn(turn.original)).toEqual(turn.draft);
  });

  it('updates the reminder with the same title, whatever its case, keeping when it was created', async () => {
    const call = makeCall();
    call.reminders = [
      { ...REMINDER, created_at: '2026-03-01T08:00:00.000Z' },
      { ...REMINDER, title: 'Send photos', owner: 'customer', created_at: '2026-03-01T08:00:00.000Z' },
    ];
    const turn = makeTurn(call);
    const outcome = await turn.run(createTools(call), 'new_or_updated_reminder', {
      ...REMINDER,
      title: 'CALL BACK about the repair quote ',
      due_date_time: '2026-03-09T09:00:00+01:00',
      owner: 'Marc Dupont',
    });
    expect(outcome.result).toBe(
      'Updated reminder "CALL BACK about the repair quote", due 2026-03-09T09:00:00+01:00, owner Marc Dupont.',
    );
    expect(turn.draft.reminders).toHaveLength(2);
    expect(turn.draft.reminders[0]).toEqual({
      ...REMINDER,
      title: 'CALL BACK about the repair quote',
      due_date_time: '2026-03-09T09:00:00+01:00',
      owner: 'Marc Dupont',
      created_at: '2026-03-01T08:00:00.000Z',
    });
    expect(turn.draft.reminders[1]?.title).toBe('Send photos');
    expect(turn.replayOn(turn.original)).toEqual(turn.draft);
  });

  it('replays as an upsert on the stored call: a reminder created meanwhile is updated, not duplicated', async () => {
    const call = makeCall();
    const turn = makeTurn(call);
    await turn.run(createTools(call), 'new_or_updated_reminder', REMINDER);
    const stored = structuredClone(call);
    stored.reminders.push({ ...REMINDER, owner: 'customer', created_at: '2026-03-02T09:59:00.000Z' });
    const committed = turn.replayOn(stored);
    expect(committed.reminders).toEqual([{ ...REMINDER, created_at: '2026-03-02T09:59:00.000Z' }]);
  });

  it('never runs with a date-time without offset, or a missing field', async () => {
    const call = makeCall();
    const turn = makeTurn(call);
    const local = await turn.run(createTools(call), 'new_or_updated_reminder', {
      ...REMINDER,
      due_date_time: '2026-03-06T09:00:00',
    });
    expect(local).toMatchObject({ ok: false });
    expect(local.result).toBe(
      'new_or_updated_reminder was not run: due_date_time must be an ISO 8601 date-time with its UTC offset, like 2026-11-23T14:30:00+01:00. Fix and call it again.',
    );
    const noOwner = await turn.run(createTools(call), 'new_or_updated_reminder', {
      ...REMINDER,
      owner: undefined,
    });
    expect(noOwner.result).toMatch(/^new_or_updated_reminder was not run: owner /);
    expect(turn.mutations).toEqual([]);
    expect(turn.draft.reminders).toEqual([]);
  });
});
