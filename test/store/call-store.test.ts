import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../shared/providers/sqlite';
import { CosmosCallStore } from '../../shared/providers/store/cosmos';
import { SqliteCallStore } from '../../shared/providers/store/sqlite';
import {
  CallAlreadyExistsError,
  CallNotFoundError,
  CallStore,
  CallTooLargeError,
  MAX_CALL_DOCUMENT_BYTES,
  type CallStoreBackend,
} from '../../shared/providers/store/store';
import { makeCall } from '../support/calls';
import { createCosmosClient, startCosmosServer } from '../support/cosmos-server';
import { makeTempDir } from '../support/tmp';

/**
 * One conformance suite for every call store backend: each must behave the same for the app on top.
 * Every test uses its own phone numbers, so the backends are shared across tests of one run.
 */
interface BackendFixture {
  name: string;
  /** The backend, and `twin`: another instance on the same data (another process, or another host). */
  open(): Promise<{
    backend: CallStoreBackend;
    twin(): Promise<CallStoreBackend>;
    dispose(): Promise<void>;
  }>;
}

const sqliteFixture: BackendFixture = {
  name: 'sqlite',
  async open() {
    const tmp = makeTempDir();
    const open = () => new SqliteCallStore(openSqliteDatabase(`${tmp.dir}/calls.sqlite`), true);
    const backend = open();
    const twins: SqliteCallStore[] = [];
    return {
      backend,
      twin: async () => (twins.push(open()), twins.at(-1) as SqliteCallStore),
      dispose: async () => {
        for (const store of [backend, ...twins]) await store.close();
        tmp.remove();
      },
    };
  },
};

const cosmosFixture: BackendFixture = {
  name: 'cosmos (@vercel/cosmosdb-server)',
  async open() {
    const server = await startCosmosServer();
    const open = () => CosmosCallStore.open(createCosmosClient(server), 'callcenter', 'calls');
    const backend = await open();
    const twins: CosmosCallStore[] = [];
    return {
      backend,
      twin: async () => (twins.push(await open()), twins.at(-1) as CosmosCallStore),
      dispose: async () => {
        for (const store of [backend, ...twins]) await store.close();
        await server.close();
      },
    };
  },
};

const backends: BackendFixture[] = [sqliteFixture, cosmosFixture];

let phoneCounter = 0;
/** A distinct valid French mobile number per call of this function. */
function uniquePhone(): string {
  phoneCounter += 1;
  return `+336${String(10_000_000 + phoneCounter * 7919).slice(-8)}`;
}

describe.each(backends)('call store conformance: $name', (fixture) => {
  let store: CallStore;
  let backend: CallStoreBackend;
  let twin: () => Promise<CallStoreBackend>;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const opened = await fixture.open();
    backend = opened.backend;
    store = new CallStore(backend);
    twin = opened.twin;
    dispose = opened.dispose;
  });
  afterAll(async () => dispose());

  it('reads back a created call, and nothing for an unknown id', async () => {
    const call = makeCall({ phone_number: uniquePhone() });
    await store.create(call);
    expect(await store.get(call.call_id)).toEqual(call);
    expect(await store.get('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it("hands each read its own copy: changing one changes nothing stored nor another read's", async () => {
    const call = makeCall({ phone_number: uniquePhone() });
    await store.create(call);
    const first = await backend.read(call.call_id);
    const second = await backend.read(call.call_id);
    first!.call.claim.policyholder_name = 'Changed Here';
    first!.call.messages.push({
      created_at: new Date().toISOString(),
      persona: 'human',
      action: 'talk',
      content: 'added to a read',
      style: 'none',
      tool_calls: [],
    });
    expect(second!.call).toEqual(call);
    expect(await store.get(call.call_id)).toEqual(call);
  });

  it('reads what another instance on the same data wrote last, never an older version it saw itself', async () => {
    const other = new CallStore(await twin());
    const call = makeCall({ phone_number: uniquePhone() });
    await store.create(call);
    const nameIn = async (reader: CallStore) => (await reader.get(call.call_id))?.claim.policyholder_name;
    for (const [writer, reader, name] of [
      [other, store, 'Written By The Other'],
      [store, other, 'Written Here'],
      [other, store, 'Camille Durand-Lefèvre'],
      [other, store, 'And Again There'],
    ] as const) {
      expect(await nameIn(reader)).not.toBe(name);
      await writer.update(call.call_id, (draft) => {
        draft.claim.policyholder_name = name;
      });
      expect(await nameIn(reader)).toBe(name);
      expect(await nameIn(writer)).toBe(name);
    }
    // Each update started from the other's latest write: none was lost.
    await Promise.all(
      [store, other, store, other].map((writer, i) =>
        writer.update(call.call_id, (draft) => {
          draft.messages.push({
            created_at: new Date().toISOString(),
            persona: 'human',
            action: 'talk',
            content: `from instance ${i}`,
            style: 'none',
            tool_calls: [],
          });
        }),
      ),
    );
    expect((await other.get(call.call_id))?.messages.map((m) => m.content).sort()).toEqual([
      'from instance 0',
      'from instance 1',
      'from instance 2',
      'from instance 3',
    ]);
  });

  it('keeps every character of what was said: accents, other scripts, emoji', async () => {
    const call = makeCall({ phone_number: uniquePhone() });
    await store.create(call);
    const said = 'Dégât des eaux à Lyon — 東京の住所 — ça coule 💧, “vraiment” ; \\ "quoted" \n';
    await store.update(call.call_id, (draft) => {
      draft.claim.incident_description = said;
    });
    for (const reader of [store, new CallStore(await twin())]) {
      expect((await reader.get(call.call_id))?.claim.incident_description).toBe(said);
    }
  });

  it('refuses a second call with the same id', async () => {
    const call = makeCall({ phone_number: uniquePhone() });
    await store.create(call);
    await expect(store.create(call)).rejects.toBeInstanceOf(CallAlreadyExistsError);
  });

  it('applies an update and keeps it', async () => {
    const call = makeCall({ phone_number: uniquePhone() });
    await store.create(call);
    await store.update(call.call_id, (draft) => {
      draft.claim.policyholder_name = 'Jane Doe';
    });
    expect((await store.get(call.call_id))?.claim.policyholder_name).toBe('Jane Doe');
  });

  it('reports an update of an unknown call', async () => {
    await expect(
      store.update('00000000-0000-4000-8000-000000000001', () => undefined),
    ).rejects.toBeInstanceOf(CallNotFoundError);
  });

  it('stores nothing when an update makes the call invalid', async () => {
    const call = makeCall({ phone_number: uniquePhone() });
    await store.create(call);
    await expect(
      store.update(call.call_id, (draft) => {
        (draft as { lifecycle: unknown }).lifecycle = { state: 'ended' }; // no reason, no time
      }),
    ).rejects.toThrow();
    expect(await store.get(call.call_id)).toEqual(call);
  });

  it('loses none of 20 concurrent updates', async () => {
    const call = makeCall({ phone_number: uniquePhone() });
    await store.create(call);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.update(call.call_id, async (draft) => {
          await new Promise((resolve) => setImmediate(resolve)); // let the others read the same version
          draft.messages.push({
            created_at: new Date().toISOString(),
            persona: 'human',
            action: 'talk',
            content: `message ${i}`,
            style: 'none',
            tool_calls: [],
          });
        }),
      ),
    );
    const contents = (await store.get(call.call_id))?.messages.map((m) => m.content) ?? [];
    expect(contents.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `message ${i}`).sort());
  });

  describe('resuming a call by phone number', () => {
    const now = new Date('2026-11-23T12:00:00.000Z');
    const hoursAgo = (h: number, ms = 0) => new Date(now.getTime() - h * 3_600_000 - ms);

    it('finds the newest call for the number within the window', async () => {
      const phone = uniquePhone();
      await store.create(makeCall({ phone_number: phone }, hoursAgo(2)));
      const newest = makeCall({ phone_number: phone }, hoursAgo(1));
      await store.create(newest);
      await store.create(makeCall({ phone_number: uniquePhone() }, hoursAgo(0, 1))); // another number
      expect((await store.findResumable(phone, 3, now))?.call_id).toBe(newest.call_id);
    });

    it('includes a call created exactly at the window edge and excludes one just before', async () => {
      const atEdge = uniquePhone();
      const edgeCall = makeCall({ phone_number: atEdge }, hoursAgo(3));
      await store.create(edgeCall);
      expect((await store.findResumable(atEdge, 3, now))?.call_id).toBe(edgeCall.call_id);

      const justBefore = uniquePhone();
      await store.create(makeCall({ phone_number: justBefore }, hoursAgo(3, 1)));
      expect(await store.findResumable(justBefore, 3, now)).toBeUndefined();
    });

    it("never finds a call by a number only stated in it (the claim's policyholder phone)", async () => {
      // Caller A says "my number is <B's number>": B calling or texting must not land in A's call.
      const owner = uniquePhone();
      const attackers = makeCall({ phone_number: uniquePhone() }, hoursAgo(1));
      await store.create(attackers);
      await store.update(attackers.call_id, (draft) => {
        draft.claim.policyholder_phone = owner;
      });
      expect(await store.findResumable(owner, 3, now)).toBeUndefined();
      const ownersOwn = makeCall({ phone_number: owner }, hoursAgo(2));
      await store.create(ownersOwn);
      // The owner's own, older call is theirs; the newer call naming their number is not.
      expect((await store.findResumable(owner, 3, now))?.call_id).toBe(ownersOwn.call_id);
    });
  });

  it('lists calls for a line number newest first, bounded, never those only naming the number', async () => {
    const phone = uniquePhone();
    const base = Date.parse('2026-11-20T08:00:00.000Z');
    const created = [];
    for (let i = 0; i < 5; i++) {
      const call = makeCall({ phone_number: phone }, new Date(base + i * 60_000));
      await store.create(call);
      created.push(call.call_id);
    }
    const namingIt = makeCall({ phone_number: uniquePhone() }, new Date(base + 10 * 60_000));
    await store.create(namingIt);
    await store.update(namingIt.call_id, (draft) => {
      draft.claim.policyholder_phone = phone;
    });
    await store.create(makeCall({ phone_number: uniquePhone() }, new Date(base + 20 * 60_000)));

    const listed = await store.listByPhone(phone, 4);
    expect(listed.map((c) => c.call_id)).toEqual(created.slice(1).reverse());
    expect((await store.listByPhone(phone, 100)).map((c) => c.call_id)).toEqual([...created].reverse());
  });

  it('lists the calls of a line that have not ended, whatever their age, and only those', async () => {
    const phone = uniquePhone();
    const old = makeCall({ phone_number: phone }, new Date('2020-01-01T00:00:00.000Z'));
    await store.create(old);
    await store.update(old.call_id, (draft) => {
      draft.lifecycle = { state: 'connected', connected_at: new Date().toISOString() };
    });
    const ended = makeCall({ phone_number: phone });
    await store.create(ended);
    await store.update(ended.call_id, (draft) => {
      draft.lifecycle = { state: 'ended', reason: 'completed', ended_at: new Date().toISOString() };
    });
    const created = makeCall({ phone_number: phone });
    await store.create(created);
    const namingIt = makeCall({ phone_number: uniquePhone() });
    await store.create(namingIt);
    await store.update(namingIt.call_id, (draft) => {
      draft.claim.policyholder_phone = phone;
    });
    expect((await store.listUnended(phone)).map((c) => c.call_id)).toEqual([created.call_id, old.call_id]);
  });

  describe('the size limit of a call', () => {
    const turn = (content: string) => ({
      created_at: new Date().toISOString(),
      persona: 'human' as const,
      action: 'talk' as const,
      content,
      style: 'none' as const,
      tool_calls: [],
    });

    it('refuses, with a typed error and storing nothing, an update that grows the call past the limit', async () => {
      const call = makeCall({ phone_number: uniquePhone() });
      await store.create(call);
      // Just under the limit: accepted (the limit is on the serialized document, not on one turn).
      const big = 'x'.repeat(MAX_CALL_DOCUMENT_BYTES - JSON.stringify(call).length - 1_000);
      await store.update(call.call_id, (draft) => {
        draft.messages.push(turn(big));
      });
      const before = await store.get(call.call_id);
      const refused = store.update(call.call_id, (draft) => {
        draft.messages.push(turn('y'.repeat(2_000)));
      });
      await expect(refused).rejects.toBeInstanceOf(CallTooLargeError);
      await expect(refused).rejects.toMatchObject({ code: 'call_too_large', callId: call.call_id });
      expect(await store.get(call.call_id)).toEqual(before);
      // The call's own bookkeeping has headroom past the limit: a full call can still end and be reported.
      await store.update(
        call.call_id,
        (draft) => {
          draft.lifecycle = { state: 'ended', reason: 'completed', ended_at: new Date().toISOString() };
          draft.messages.push({ ...turn('report '.repeat(500)), persona: 'assistant', action: 'sms' });
        },
        { essential: true },
      );
      expect((await store.get(call.call_id))?.lifecycle.state).toBe('ended');
      await expect(
        store.update(call.call_id, (draft) => void draft.messages.push(turn('z'.repeat(100_000))), {
          essential: true,
        }),
      ).rejects.toBeInstanceOf(CallTooLargeError);
    });

    it('refuses to create a call over the limit', async () => {
      const call = makeCall({ phone_number: uniquePhone() });
      call.messages.push(turn('z'.repeat(MAX_CALL_DOCUMENT_BYTES)));
      await expect(store.create(call)).rejects.toBeInstanceOf(CallTooLargeError);
      expect(await store.get(call.call_id)).toBeUndefined();
    });
  });

  it('pages through every line newest first, filtered by time, line and end', async () => {
    // A year of its own: the other tests' calls (same backend) fall outside every window here.
    const at = (day: number) => new Date(Date.UTC(2031, 0, day, 9));
    const phone = uniquePhone();
    const calls = [1, 2, 3, 4, 5].map((day) =>
      makeCall({ phone_number: day === 3 ? phone : uniquePhone() }, at(day)),
    );
    calls[1]!.lifecycle = { state: 'ended', reason: 'completed', ended_at: at(2).toISOString() };
    calls[3]!.lifecycle = { state: 'ended', reason: 'completed', ended_at: at(4).toISOString() };
    for (const call of calls) await store.create(call);
    const ids = (list: { call_id: string }[]) => list.map((c) => c.call_id);
    const [c1, c2, c3, c4, c5] = calls.map((c) => c.call_id);

    const since = at(1);
    const first = await store.listNewest({ since, limit: 2 });
    expect(ids(first)).toEqual([c5, c4]);
    const second = await store.listNewest({ since, before: new Date(first[1]!.created_at), limit: 2 });
    expect(ids(second)).toEqual([c3, c2]);
    const third = await store.listNewest({ since, before: new Date(second[1]!.created_at), limit: 2 });
    expect(ids(third)).toEqual([c1]);

    expect(ids(await store.listNewest({ since: at(2), before: at(5), limit: 10 }))).toEqual([c4, c3, c2]);
    expect(ids(await store.listNewest({ since, endedOnly: true, limit: 10 }))).toEqual([c4, c2]);
    expect(ids(await store.listNewest({ since, phone, limit: 10 }))).toEqual([c3]);
  });

  it('answers a health ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
});
