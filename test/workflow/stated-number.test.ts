import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config';
import type { CallState } from '../../shared/domain/call';
import { silentLogger } from '../../shared/log';
import { OutboxSmsSender } from '../../shared/providers/sms/outbox';
import type { LocalPhone } from '../../shared/providers/telephony/local';
import { runChat } from '../../local/text-channel';
import { readJson, type CallView } from '../support/calls';
import { eventually, startLocalHost, type RunningLocalHost } from '../support/local-host';
import { makeTempDir } from '../support/tmp';
import { smsReceivedEvent } from '../support/sms-event';

/**
 * The attack of issue 10, item 2: caller A states someone else's number as their own. The owner of that
 * number must not resume A's call, their texts must not land in it, and A's report link must not be
 * texted to them: only the number the call was placed to or received from identifies a caller.
 */
const ATTACKER = '+33655000001';
const OWNER = '+14255573002';

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

class AnsweringPhone implements LocalPhone {
  readonly connections: string[] = [];
  ring() {}
  connected(callId: string) {
    this.connections.push(callId);
  }
  ended() {}
}

describe('a caller who states someone else’s number', () => {
  it('never gives the owner of that number access to their call', async () => {
    const tmp = makeTempDir();
    cleanups.push(tmp.remove);

    // A calls (the text channel, on the local phone network) and claims the owner's number.
    const config = loadConfig({ env: {}, cwd: tmp.dir, overrides: { data_dir: tmp.dir } });
    const attackers = await runChat({
      config,
      phone: ATTACKER,
      input: Readable.from(
        ['Hello', 'My name is Alice Martin', 'my number is +1 425 557 3002', '/hangup'].map((l) => `${l}\n`),
      ),
      output: new PassThrough().resume(),
      log: silentLogger,
    });
    expect(attackers?.claim.policyholder_phone).toBe(OWNER); // the attack is in place
    // A's report link (which opens the whole record) went to A's line only.
    expect(attackers?.report_sms.map((s) => s.to)).toEqual([ATTACKER]);
    const attackersId = attackers?.call_id ?? '';

    // The real owner of the number, on the same data, within the callback window.
    const outbox = new OutboxSmsSender();
    const host: RunningLocalHost = await startLocalHost({ data_dir: tmp.dir }, { sms: outbox });
    cleanups.push(() => host.close());
    const store = host.app.services.store;
    const before = await store.get(attackersId);

    // They call the bot: a new call of their own, nothing of A's claim in it.
    const phone = new AnsweringPhone();
    host.app.phones.dial(OWNER, phone);
    const ownersId = await eventually(async () => phone.connections[0]);
    expect(ownersId).not.toBe(attackersId);
    const owners = await store.get(ownersId);
    expect(owners?.initiate.phone_number).toBe(OWNER);
    expect(owners?.claim.policyholder_name).toBeNull();
    host.app.phones.hangUpFromPhone(ownersId);
    await host.app.runner.waitForCompletion(ownersId, 10_000);

    // They text: the text joins their own call, and A's call is untouched.
    const response = await fetch(`${host.baseUrl}/api/events/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([smsReceivedEvent(OWNER, 'my email is bob dot owner at example dot com')]),
    });
    expect(await response.json()).toEqual({ answered: 1 });
    expect((await store.get(ownersId))?.claim.policyholder_email).toBe('bob.owner@example.com');
    const after = await store.get(attackersId);
    expect(after?.claim.policyholder_email).toBeNull();
    expect(after?.messages).toEqual(before?.messages);
    // The owner's reply and report went to the owner only; nothing about A's call reached them.
    expect(outbox.messagesTo(OWNER).some((m) => m.body.includes(attackersId))).toBe(false);

    // Listing the owner's number shows the owner's call, not the one that merely names it.
    const listed = await readJson<CallView[]>(
      await fetch(`${host.baseUrl}/api/call?phone_number=${encodeURIComponent(OWNER)}`),
    );
    expect(listed.map((c: CallState) => c.call_id)).toEqual([ownersId]);
  });
});
