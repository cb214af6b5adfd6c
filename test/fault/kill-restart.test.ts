import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SoftphoneClient } from '../../local/softphone-client';
import { readJson, type CallView } from '../support/calls';
import { eventually } from '../support/eventually';
import { useRestartableHost } from '../support/host-process';

/**
 * Fault suite: the whole local host, in a child process, killed with SIGKILL while several calls are
 * mid-conversation (turns being answered, one call still ringing), then started again on the same data
 * folder. Nothing the API had shown as stored may be lost, no call may stay stranded on a line that no
 * longer exists, and the database must be intact. Loopback only; bounded (about 30 s on 2 cores).
 */
const CALLS = 4;
const { dataDir, phones, start, placeCall, getCall } = useRestartableHost('fault');

const numberOf = (i: number) => `+1425555${String(500 + i).padStart(4, '0')}`;

describe('fault: the host killed with SIGKILL mid-call', () => {
  it('loses no stored turn and strands no call', async () => {
    const first = await start();

    // Calls the bot answers on the phones, each with one turn stored, and one call still ringing.
    const callIds: string[] = [];
    for (let i = 0; i < CALLS; i++) {
      const phone = await SoftphoneClient.connect(first.baseUrl);
      phones.push(phone);
      await phone.register(numberOf(i));
      expect((await placeCall(first, numberOf(i))).status).toBe(201);
      const callId = await phone.answer();
      callIds.push(callId);
      await phone.next((e) => e.type === 'transcript' && e.persona === 'assistant');
      phone.say(callId, 'My name is Jane Doe');
    }
    await eventually(
      async () => {
        const calls = await Promise.all(callIds.map((id) => getCall(first, id)));
        return calls.every((c) => c.messages.some((m) => m.persona === 'human')) ? true : undefined;
      },
      20_000,
      50,
    );
    const ringing = await readJson(await placeCall(first, numberOf(CALLS)));

    // More turns in flight on every call, then the kill, without warning.
    phones.forEach((phone, i) => phone.say(callIds[i] ?? '', 'jane dot doe at example dot com'));
    await new Promise((wait) => setTimeout(wait, 300));
    const acknowledged = new Map<string, CallView>();
    for (const id of callIds) acknowledged.set(id, await getCall(first, id));
    await first.kill();
    for (const phone of phones.splice(0)) await phone.close().catch(() => undefined);

    const second = await start();
    // No call stranded: each ends (the line it was on is gone) and its post-call work completes.
    for (const id of [...callIds, ringing.call_id]) {
      const ended = await eventually(
        async () => {
          const call = await getCall(second, id);
          return call.lifecycle.state === 'ended' && (id === ringing.call_id || call.synthesis)
            ? call
            : undefined;
        },
        15_000,
        50,
      );
      expect(ended.lifecycle).toMatchObject({ reason: 'host_restarted' });
      // No stored turn lost: what the API showed before the kill is still there, in order.
      const before = acknowledged.get(id);
      if (before) expect(ended.messages.slice(0, before.messages.length)).toEqual(before.messages);
    }
    // Every number can be called again at once.
    for (let i = 0; i <= CALLS; i++) expect((await placeCall(second, numberOf(i))).status).toBe(201);

    // The database survived the kill intact.
    await second.stop();
    const db = new Database(join(dataDir, 'callcenter.sqlite'), { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }, 120_000);
});
