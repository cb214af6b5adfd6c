import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CosmosCallStore } from '../../shared/providers/store/cosmos';
import { CallStore } from '../../shared/providers/store/store';
import { makeCall } from '../support/calls';
import { createCosmosClient, startCosmosServer, type CosmosTestServer } from '../support/cosmos-server';

/**
 * The Cosmos DB store reads a call it just wrote without its body: the read carries the etag of its
 * last write (`If-None-Match`) and the service answers 304 while nobody else wrote. Against the test
 * server, which answers conditional reads as Cosmos DB does (test/support/cosmos-server.ts).
 */

let server: CosmosTestServer;
const itemReads: number[] = [];

beforeAll(async () => {
  server = await startCosmosServer();
  server.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' || !/\/docs\/[^/]+$/.test(req.url ?? '')) return;
    res.on('finish', () => itemReads.push(res.statusCode));
  });
});
afterAll(async () => server.close());

async function openStore(): Promise<CallStore> {
  return new CallStore(await CosmosCallStore.open(createCosmosClient(server), 'callcenter', 'calls'));
}

describe('reading a call from Cosmos DB', () => {
  it('gets 304 and no item for a call this store wrote last, and the whole item once another wrote', async () => {
    const here = await openStore();
    const elsewhere = await openStore();
    const call = makeCall();
    await here.create(call);
    await here.update(call.call_id, (draft) => {
      draft.claim.policyholder_name = 'Camille Durand';
    });

    itemReads.length = 0;
    expect((await here.get(call.call_id))?.claim.policyholder_name).toBe('Camille Durand');
    expect(itemReads).toEqual([304]);

    await elsewhere.update(call.call_id, (draft) => {
      draft.claim.policyholder_name = 'Written Elsewhere';
    });
    itemReads.length = 0;
    expect((await here.get(call.call_id))?.claim.policyholder_name).toBe('Written Elsewhere');
    expect(itemReads).toEqual([200]);

    // An update reads then writes: after its own write, the next read is conditional again.
    await here.update(call.call_id, (draft) => {
      draft.claim.policyholder_name = 'Back Here';
    });
    itemReads.length = 0;
    expect(await here.get(call.call_id)).toMatchObject({ claim: { policyholder_name: 'Back Here' } });
    expect(itemReads).toEqual([304]);
    expect(await elsewhere.get(call.call_id)).toEqual(await here.get(call.call_id));

    await here.close();
    await elsewhere.close();
  });
});
