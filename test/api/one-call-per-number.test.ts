import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_REQUEST, readJson, type CallView } from '../support/calls';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';

/**
 * Issue 10, item 8: one live call per number. Requests that differ (so none reuses another's record)
 * must not ring one phone many times at once; the 409 names the call that holds the number, and a
 * request may ask for a concurrent call explicitly.
 */
let host: RunningLocalHost;
beforeAll(async () => {
  // Nobody answers: each call rings for the whole test.
  host = await startLocalHost({ workflow: { ring_timeout_sec: 60 } });
});
afterAll(async () => host?.close());

type ErrorBody = {
  error: { message: string; details: { field: string; message: string }[]; call_id?: string };
};

function post(body: unknown) {
  return fetch(`${host.baseUrl}/api/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const live = async (phone: string) =>
  (await host.app.services.store.listByPhone(phone, 100)).filter((c) => c.lifecycle.state !== 'ended');

describe('one live call per number', () => {
  it('places one call for 20 different parallel requests; the others get 409 naming it', async () => {
    const phone = '+14255550301';
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post({ ...EXAMPLE_REQUEST, phone_number: phone, task: `Task ${i}.` }),
      ),
    );
    const created = responses.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    const placed = await readJson((created[0] as Response).clone());
    const refused = responses.filter((r) => r.status === 409);
    expect(refused).toHaveLength(19);
    for (const response of refused) {
      const { error } = await readJson<ErrorBody>(response);
      expect(error.call_id).toBe(placed.call_id);
      expect(error.details[0]).toMatchObject({ field: 'phone_number' });
      expect(error.details[0]?.message).toContain(placed.call_id);
      expect(response.headers.get('content-location')).toBe(`/api/call/${placed.call_id}`);
    }
    expect((await live(phone)).map((c) => c.call_id)).toEqual([placed.call_id]);
  });

  it('places a second call while one rings when the request says allow_concurrent: true', async () => {
    const phone = '+14255550302';
    const first = await readJson(await post({ ...EXAMPLE_REQUEST, phone_number: phone }));
    const refused = await post({ ...EXAMPLE_REQUEST, phone_number: phone, task: 'Another task.' });
    expect(refused.status).toBe(409);

    const allowed = await post({
      ...EXAMPLE_REQUEST,
      phone_number: phone,
      task: 'Another task.',
      allow_concurrent: true,
    });
    expect(allowed.status).toBe(201);
    const second = await readJson(allowed);
    expect(second.call_id).not.toBe(first.call_id);
    // allow_concurrent is about placing the call, not part of the stored request.
    expect(second.initiate).not.toHaveProperty('allow_concurrent');
    // Even the very same request gets a record of its own rather than disturbing the live one.
    const same = await post({ ...EXAMPLE_REQUEST, phone_number: phone, allow_concurrent: true });
    expect(same.status).toBe(201);
    expect((await live(phone)).map((c: CallView | { call_id: string }) => c.call_id).sort()).toEqual(
      [first.call_id, second.call_id, (await readJson(same)).call_id].sort(),
    );
  });

  it('refuses an allow_concurrent that is not true or false, naming the field, and stores nothing', async () => {
    const phone = '+14255550303';
    const response = await post({ ...EXAMPLE_REQUEST, phone_number: phone, allow_concurrent: 'yes' });
    expect(response.status).toBe(400);
    expect((await readJson<ErrorBody>(response)).error.details).toEqual([
      { field: 'allow_concurrent', message: 'must be true or false' },
    ]);
    expect(await host.app.services.store.listByPhone(phone)).toEqual([]);
  });
});
