import { afterEach, describe, expect, it } from 'vitest';
import { SoftphoneClient } from '../../local/softphone-client';
import type { Reminder } from '../../shared/domain/call';
import { followUpInstanceId } from '../../shared/workflow/follow-ups';
import { EXAMPLE_REQUEST } from '../support/calls';
import { eventually, startLocalHost, type RunningLocalHost } from '../support/local-host';

/**
 * Reminder follow-ups on the local host (the local workflow runner, durable timers in SQLite): a
 * reminder the assistant owns makes the bot call back at its due time, on the same call, opening with
 * the reminder. Due times are a few seconds away: the clock is real, the horizon short.
 */

let host: RunningLocalHost | undefined;
let phone: SoftphoneClient | undefined;
afterEach(async () => {
  await phone?.close();
  await host?.close();
  phone = host = undefined;
});

const NUMBER = '+14255550141';

/** A call placed by the API, answered by the softphone; returns its id. */
async function answeredCall(): Promise<string> {
  host = await startLocalHost();
  phone = await SoftphoneClient.connect(host.baseUrl);
  await phone.register(NUMBER);
  const response = await fetch(`${host.baseUrl}/api/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...EXAMPLE_REQUEST, phone_number: NUMBER }),
  });
  expect(response.status).toBe(201);
  const callId = await phone.answer();
  await phone.next((e) => e.type === 'transcript' && e.persona === 'assistant');
  return callId;
}

/** What the conversation's reminder tool would write. */
async function remind(callId: string, reminder: Partial<Reminder> & { due_in_ms: number }): Promise<void> {
  const { due_in_ms, ...rest } = reminder;
  await host?.app.services.store.update(callId, (draft) => {
    draft.reminders = draft.reminders.filter((r) => r.title !== (rest.title ?? 'Call back about the quote'));
    draft.reminders.push({
      title: 'Call back about the quote',
      description: 'Give the repair quote',
      due_date_time: new Date(Date.now() + due_in_ms).toISOString(),
      owner: 'assistant',
      created_at: new Date().toISOString(),
      ...rest,
    });
  });
}

async function hangUpAndWaitForPostCall(callId: string): Promise<void> {
  phone?.hangUp(callId);
  await phone?.next((e) => e.type === 'ended');
  // The follow-ups are planned last in the post-call work.
  await eventually(async () => {
    const status = await host?.app.runner.getStatus(callId);
    return status?.runtimeStatus === 'Completed' ? true : undefined;
  }, 10_000);
}

describe('reminder follow-ups', () => {
  it('calls back when an assistant reminder falls due, on the same call, opening with the reminder', async () => {
    const callId = await answeredCall();
    await remind(callId, { due_in_ms: 2_500 });
    await hangUpAndWaitForPostCall(callId);

    // The phone rings again, for the same call.
    expect(await (phone as SoftphoneClient).answer(15_000)).toBe(callId);
    const hello = await (phone as SoftphoneClient).next(
      (e) => e.type === 'transcript' && e.persona === 'assistant',
    );
    expect(String(hello.text)).toContain('Call back about the quote');
  });

  it('does not call back for a reminder someone else owns, or one deleted before it fell due', async () => {
    const callId = await answeredCall();
    await remind(callId, { due_in_ms: 2_000, owner: 'customer', title: 'Send the invoice' });
    await remind(callId, { due_in_ms: 2_500 });
    await hangUpAndWaitForPostCall(callId);
    expect((await host?.app.runner.getStatus(followUpInstanceId(callId)))?.runtimeStatus).toBe('Running');

    await host?.app.services.store.update(callId, (draft) => {
      draft.reminders = draft.reminders.filter((r) => r.owner !== 'assistant');
    });
    const outcome = await eventually(async () => {
      const status = await host?.app.runner.getStatus(followUpInstanceId(callId));
      return status?.runtimeStatus === 'Completed' ? status.output : undefined;
    }, 15_000);
    expect(outcome).toBe('nothing to follow up');
    expect((await host?.app.services.store.get(callId))?.lifecycle.state).toBe('ended');
  });

  it('plans again when a later call moves the reminder', async () => {
    const callId = await answeredCall();
    await remind(callId, { due_in_ms: 60_000 });
    await hangUpAndWaitForPostCall(callId);
    // The follow-ups run on their own orchestration, started by the call's last activity: eventually planned.
    const first = await eventually(async () => {
      const status = await host?.app.runner.getStatus(followUpInstanceId(callId));
      return (status?.customStatus as { next_follow_up?: string } | undefined)?.next_follow_up
        ? status
        : undefined;
    }, 5_000);
    expect(first?.customStatus).toMatchObject({ next_follow_up: expect.any(String) });

    // The caller calls first; in that call the reminder is moved to a few seconds from now.
    expect(await (phone as SoftphoneClient).dial()).toBe(callId);
    await remind(callId, { due_in_ms: 3_000 });
    await hangUpAndWaitForPostCall(callId);

    expect(await (phone as SoftphoneClient).answer(15_000)).toBe(callId);
  });
});
