import { describe, expect, it } from 'vitest';
import { SoftphoneClient } from '../../local/softphone-client';
import { readJson } from '../support/calls';
import { eventually } from '../support/eventually';
import { useRestartableHost } from '../support/host-process';

/**
 * Issue 10, item 3: the local phone network holds live calls in memory, so a host killed mid-call must
 * not leave them "ringing" or "connected" for an hour. The real host in a child process is killed with
 * SIGKILL with one call connected and one ringing, then started again on the same data folder.
 */
const { phones, start, placeCall, getCall } = useRestartableHost('host');

describe('the local host restarted after a crash', () => {
  it('ends the calls the killed process left on the line, runs their post-call work once, frees the numbers', async () => {
    const first = await start();
    const answering = '+14255550201';
    const unanswered = '+14255550202';

    // One call connected, with a turn stored; one ringing a number nobody answers.
    const phone = await SoftphoneClient.connect(first.baseUrl);
    phones.push(phone);
    await phone.register(answering);
    expect((await placeCall(first, answering)).status).toBe(201);
    const connectedId = await phone.answer();
    await phone.next((e) => e.type === 'transcript' && e.persona === 'assistant');
    phone.say(connectedId, 'My name is Jane Doe');
    const stored = await eventually(async () => {
      const call = await getCall(first, connectedId);
      return call.messages.some((m) => m.persona === 'human' && m.content === 'My name is Jane Doe')
        ? call
        : undefined;
    }, 15_000);
    const ringing = await readJson(await placeCall(first, unanswered));
    await eventually(async () =>
      (await getCall(first, ringing.call_id)).lifecycle.state === 'ringing' ? true : undefined,
    );
    expect((await getCall(first, connectedId)).lifecycle.state).toBe('connected');

    await first.kill();
    await phone.close();
    const second = await start();

    // Both calls end, saying why, and the stored turn is still there.
    const ended = await eventually(async () => {
      const call = await getCall(second, connectedId);
      return call.lifecycle.state === 'ended' && call.report_sms.length > 0 && call.synthesis
        ? call
        : undefined;
    }, 15_000);
    expect(ended.lifecycle).toMatchObject({ state: 'ended', reason: 'host_restarted' });
    expect(ended.in_progress).toBe(false);
    expect(ended.messages.slice(0, stored.messages.length)).toEqual(stored.messages);
    const unansweredCall = await eventually(async () => {
      const call = await getCall(second, ringing.call_id);
      return call.lifecycle.state === 'ended' ? call : undefined;
    }, 15_000);
    expect(unansweredCall.lifecycle).toMatchObject({ reason: 'host_restarted' });

    // The post-call work ran once: one synthesis, one report SMS to the line, not repeated later.
    await new Promise((wait) => setTimeout(wait, 1_000));
    const settled = await getCall(second, connectedId);
    expect(settled.report_sms.map((s) => s.to)).toEqual([answering]);
    expect(settled.messages.filter((m) => m.action === 'sms')).toHaveLength(1);

    // The numbers can be called again straight away (no 409 for an hour), and the phone rings.
    const again = await SoftphoneClient.connect(second.baseUrl);
    phones.push(again);
    await again.register(answering);
    expect((await placeCall(second, answering)).status).toBe(201);
    const ring = await again.next((e) => e.type === 'ringing');
    expect(ring.call_id).toBe(connectedId); // the same record, resumed within the callback window
    expect((await placeCall(second, unanswered)).status).toBe(201);
  }, 90_000);
});
