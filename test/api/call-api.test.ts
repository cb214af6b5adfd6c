import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CLAIM_FIELDS } from '../../shared/domain/claim';
import { EXAMPLE_REQUEST, readJson, type CallView } from '../support/calls';
import { eventually, startLocalHost, type RunningLocalHost } from '../support/local-host';

let host: RunningLocalHost;

beforeAll(async () => {
  host = await startLocalHost({ workflow: { ring_timeout_sec: 0.3 } });
});
afterAll(async () => host?.close());

let phoneCounter = 0;
function uniquePhone(): string {
  phoneCounter += 1;
  return `+336${String(20_000_000 + phoneCounter * 104_729).slice(-8)}`;
}

function post(body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return fetch(`${host.baseUrl}/api/call`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function errorOf(response: Response) {
  const body = await readJson<{
    error: { message: string; details: { field: string; message: string }[] };
  }>(response);
  return body.error;
}

/** Asserts the call API stored nothing for that number. */
async function expectNothingStored(phone: string) {
  expect(await host.app.services.store.listByPhone(phone)).toEqual([]);
}

describe('POST /api/call', () => {
  it('creates the call and answers 201 with it', async () => {
    const phone = uniquePhone();
    const response = await post({ ...EXAMPLE_REQUEST, phone_number: phone });
    expect(response.status).toBe(201);
    const call = await readJson(response);
    expect(response.headers.get('location')).toBe(`/api/call/${call.call_id}`);
    expect(call.initiate.phone_number).toBe(phone);
    expect(call.initiate.bot_name).toBe('Amélie');
    // The request's fields plus the policyholder fields, all still empty.
    expect(Object.keys(call.claim).sort()).toEqual(
      [
        'building_location',
        'first_seen',
        'hardware_info',
        'policyholder_email',
        'policyholder_name',
        'policyholder_phone',
      ].sort(),
    );
    expect(Object.values(call.claim).every((v) => v === null)).toBe(true);
    expect(call.messages).toEqual([]);
    expect(call.language).toBe('en-US');

    const read = await fetch(`${host.baseUrl}/api/call/${call.call_id}`);
    expect(read.status).toBe(200);
    expect((await readJson(read)).call_id).toBe(call.call_id);
  });

  it('normalises a phone number written with spaces to E.164', async () => {
    const response = await post({ ...EXAMPLE_REQUEST, phone_number: '+33 6 98 76 54 32' });
    expect(response.status).toBe(201);
    expect((await readJson(response)).initiate.phone_number).toBe('+33698765432');
  });

  it('fills the default insurance claim and task when the request names none', async () => {
    const { claim: _claim, task: _task, ...minimal } = EXAMPLE_REQUEST;
    const response = await post({ ...minimal, phone_number: uniquePhone() });
    expect(response.status).toBe(201);
    const call = await readJson(response);
    expect(call.initiate.task).toMatch(/insurance claim/);
    expect(Object.keys(call.claim)).toEqual(
      expect.arrayContaining(['incident_datetime', 'policy_number', 'witnesses', 'policyholder_email']),
    );
  });

  it('rings out and ends the call as not answered when no phone picks up', async () => {
    const response = await post({ ...EXAMPLE_REQUEST, phone_number: uniquePhone() });
    const { call_id } = await readJson(response);
    const ended = await eventually(async () => {
      const call = await readJson(await fetch(`${host.baseUrl}/api/call/${call_id}`));
      return call.lifecycle.state === 'ended' ? call : undefined;
    });
    expect(ended.lifecycle).toMatchObject({ state: 'ended', reason: 'not_answered' });
    expect(ended.in_progress).toBe(false);
  });

  it('reuses the recent call of a number with the same request, once it has ended', async () => {
    const phone = uniquePhone();
    const first = await readJson(await post({ ...EXAMPLE_REQUEST, phone_number: phone }));

    const whileRinging = await post({ ...EXAMPLE_REQUEST, phone_number: phone });
    expect(whileRinging.status).toBe(409);
    expect((await errorOf(whileRinging)).details[0]?.field).toBe('phone_number');
    // The refused request leaves the call it collided with untouched.
    expect((await host.app.services.store.get(first.call_id))?.lifecycle.state).not.toBe('ended');

    await eventually(async () => {
      const call = await host.app.services.store.get(first.call_id);
      return call?.lifecycle.state === 'ended' ? call : undefined;
    });
    const again = await post({ ...EXAMPLE_REQUEST, phone_number: phone });
    expect(again.status).toBe(201);
    expect((await readJson(again)).call_id).toBe(first.call_id);

    // A different request is a different call, but not while this one rings: one live call per number.
    const otherTask = await post({ ...EXAMPLE_REQUEST, phone_number: phone, task: 'Another task entirely.' });
    expect(otherTask.status).toBe(409);
    await eventually(async () => {
      const call = await host.app.services.store.get(first.call_id);
      return call?.lifecycle.state === 'ended' ? call : undefined;
    });
    const afterwards = await eventually(async () => {
      const response = await post({
        ...EXAMPLE_REQUEST,
        phone_number: phone,
        task: 'Another task entirely.',
      });
      return response.status === 201 ? response : undefined;
    });
    expect((await readJson(afterwards)).call_id).not.toBe(first.call_id);
  });

  describe('refuses bad input, naming the field, and stores nothing', () => {
    const cases: { name: string; body: (phone: string) => unknown; status: number; field: string }[] = [
      {
        name: 'a missing required field',
        body: (p) => ({ ...EXAMPLE_REQUEST, phone_number: p, bot_company: undefined }),
        status: 400,
        field: 'bot_company',
      },
      {
        name: 'a number without country code',
        body: () => ({ ...EXAMPLE_REQUEST, phone_number: '0612345678' }),
        status: 400,
        field: 'phone_number',
      },
      {
        name: 'an impossible number',
        body: () => ({ ...EXAMPLE_REQUEST, phone_number: '+11234567890' }),
        status: 400,
        field: 'phone_number',
      },
      {
        name: 'an invalid agent number',
        body: (p) => ({ ...EXAMPLE_REQUEST, phone_number: p, agent_phone_number: '12' }),
        status: 400,
        field: 'agent_phone_number',
      },
      {
        name: 'an unknown claim type',
        body: (p) => ({ ...EXAMPLE_REQUEST, phone_number: p, claim: [{ name: 'age', type: 'number' }] }),
        status: 400,
        field: 'claim[0].type',
      },
      {
        name: 'duplicate claim field names',
        body: (p) => ({
          ...EXAMPLE_REQUEST,
          phone_number: p,
          claim: [
            { name: 'a', type: 'text' },
            { name: 'a', type: 'email' },
          ],
        }),
        status: 400,
        field: 'claim[1].name',
      },
      {
        name: 'too many claim fields',
        body: (p) => ({
          ...EXAMPLE_REQUEST,
          phone_number: p,
          claim: Array.from({ length: MAX_CLAIM_FIELDS + 1 }, (_, i) => ({
            name: `field_${i}`,
            type: 'text',
          })),
        }),
        status: 400,
        field: 'claim',
      },
      {
        name: 'a field name with capitals',
        body: (p) => ({ ...EXAMPLE_REQUEST, phone_number: p, claim: [{ name: 'Hardware', type: 'text' }] }),
        status: 400,
        field: 'claim[0].name',
      },
      {
        name: 'a field name too long',
        body: (p) => ({
          ...EXAMPLE_REQUEST,
          phone_number: p,
          claim: [{ name: 'a'.repeat(65), type: 'text' }],
        }),
        status: 400,
        field: 'claim[0].name',
      },
      {
        name: 'an over-long bot name',
        body: (p) => ({ ...EXAMPLE_REQUEST, phone_number: p, bot_name: 'x'.repeat(101) }),
        status: 400,
        field: 'bot_name',
      },
      {
        name: 'an over-long task',
        body: (p) => ({ ...EXAMPLE_REQUEST, phone_number: p, task: 'x'.repeat(4_001) }),
        status: 400,
        field: 'task',
      },
      {
        name: 'an unknown key',
        body: (p) => ({ ...EXAMPLE_REQUEST, phone_number: p, bot_nmae: 'typo' }),
        status: 400,
        field: 'bot_nmae',
      },
      {
        name: 'a policyholder field with another type',
        body: (p) => ({
          ...EXAMPLE_REQUEST,
          phone_number: p,
          claim: [{ name: 'policyholder_email', type: 'text' }],
        }),
        status: 400,
        field: 'claim[0].type',
      },
      {
        name: 'a default language that is not available',
        body: (p) => ({ ...EXAMPLE_REQUEST, phone_number: p, lang: { default_short_code: 'de-DE' } }),
        status: 400,
        field: 'lang.default_short_code',
      },
      {
        name: 'a speech rate out of range',
        body: (p) => ({ ...EXAMPLE_REQUEST, phone_number: p, prosody_rate: 3 }),
        status: 400,
        field: 'prosody_rate',
      },
    ];

    it.each(cases)('$name → $status on $field', async ({ body, status, field }) => {
      const phone = uniquePhone();
      const response = await post(body(phone));
      expect(response.status).toBe(status);
      const error = await errorOf(response);
      expect(error.message).toBeTruthy();
      expect(error.details.map((d) => d.field)).toContain(field);
      expect(error.details.every((d) => d.message.length > 0)).toBe(true);
      await expectNothingStored(phone);
    });

    it('malformed JSON → 400 on body', async () => {
      const response = await post('{"bot_company": "Contoso",');
      expect(response.status).toBe(400);
      expect((await errorOf(response)).details[0]?.field).toBe('body');
    });

    it('a body that is not JSON → 415 on content-type', async () => {
      const phone = uniquePhone();
      const response = await post(JSON.stringify({ ...EXAMPLE_REQUEST, phone_number: phone }), {
        'content-type': 'text/plain',
      });
      expect(response.status).toBe(415);
      expect((await errorOf(response)).details[0]?.field).toBe('content-type');
      await expectNothingStored(phone);
    });

    it('a body over 64 KiB → 413', async () => {
      const phone = uniquePhone();
      const response = await post({ ...EXAMPLE_REQUEST, phone_number: phone, task: 'x'.repeat(70_000) });
      expect(response.status).toBe(413);
      expect((await errorOf(response)).details[0]?.field).toBe('body');
      await expectNothingStored(phone);
    });

    it('says "is required" for each missing field', async () => {
      const response = await post({});
      const details = (await errorOf(response)).details;
      for (const field of ['bot_company', 'bot_name', 'phone_number', 'agent_phone_number']) {
        expect(details).toContainEqual({ field, message: 'is required' });
      }
    });
  });
});

describe('GET /api/call', () => {
  it('lists the calls of a number, newest first', async () => {
    const phone = uniquePhone();
    const first = await readJson(
      await post({ ...EXAMPLE_REQUEST, phone_number: phone, task: 'First task.' }),
    );
    // The first is still ringing: a second call to the number needs allow_concurrent.
    const second = await readJson(
      await post({ ...EXAMPLE_REQUEST, phone_number: phone, task: 'Second task.', allow_concurrent: true }),
    );
    const response = await fetch(`${host.baseUrl}/api/call?phone_number=${encodeURIComponent(phone)}`);
    expect(response.status).toBe(200);
    expect((await readJson<CallView[]>(response)).map((c) => c.call_id)).toEqual([
      second.call_id,
      first.call_id,
    ]);

    const limited = await fetch(`${host.baseUrl}/api/call?phone_number=${encodeURIComponent(phone)}&limit=1`);
    expect((await readJson<CallView[]>(limited)).length).toBe(1);
  });

  it('requires a valid phone number and limit', async () => {
    const missing = await fetch(`${host.baseUrl}/api/call`);
    expect(missing.status).toBe(400);
    expect((await errorOf(missing)).details).toContainEqual({
      field: 'phone_number',
      message: 'is required',
    });

    const badLimit = await fetch(`${host.baseUrl}/api/call?phone_number=%2B33612345678&limit=1000`);
    expect(badLimit.status).toBe(400);
    expect((await errorOf(badLimit)).details[0]?.field).toBe('limit');
  });

  it('reads the newest call of a phone number in place of a call id, as the original does', async () => {
    const phone = uniquePhone();
    await post({ ...EXAMPLE_REQUEST, phone_number: phone, task: 'First task.' });
    const second = await readJson(
      await post({ ...EXAMPLE_REQUEST, phone_number: phone, task: 'Second task.', allow_concurrent: true }),
    );
    // Both spellings a client may send: the + escaped, and written as is.
    for (const key of [encodeURIComponent(phone), phone]) {
      const response = await fetch(`${host.baseUrl}/api/call/${key}`);
      expect(response.status).toBe(200);
      expect((await readJson(response)).call_id).toBe(second.call_id);
    }

    const none = await fetch(`${host.baseUrl}/api/call/${encodeURIComponent(uniquePhone())}`);
    expect(none.status).toBe(404);
    const invalid = await fetch(`${host.baseUrl}/api/call/%2B1234`);
    expect(invalid.status).toBe(400);
    expect((await errorOf(invalid)).details[0]?.field).toBe('call_id');
  });

  it('answers 404 for an unknown call and 400 for a malformed id', async () => {
    const unknown = await fetch(`${host.baseUrl}/api/call/7b2f0d4e-9c55-4c1e-8f0a-3f1b2c3d4e5f`);
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).details[0]?.field).toBe('call_id');
    const malformed = await fetch(`${host.baseUrl}/api/call/not-a-call-id`);
    expect(malformed.status).toBe(400);
  });
});

describe('the local host', () => {
  it('reports health and the backend of each port, speech included', async () => {
    const response = await fetch(`${host.baseUrl}/api/health`);
    expect(response.status).toBe(200);
    expect(await readJson(response)).toEqual({
      status: 'ok',
      ports: {
        store: 'sqlite',
        telephony: 'local',
        sms: 'outbox',
        flags: 'config-file',
        llm: 'offline agent',
        voice: 'local',
        workflow: 'local',
        // The host's own speech providers (espeak-ng joins Flite where it is installed).
        stt: 'pocketsphinx',
        tts: expect.stringMatching(/^flite(\+espeak-ng)?$/),
        // No exporter configured: the OpenTelemetry API is the no-op.
        telemetry: 'none',
      },
    });
  });

  it('answers 404 for an unknown path and 405 for a wrong method', async () => {
    expect((await fetch(`${host.baseUrl}/api/nothing`)).status).toBe(404);
    const wrongMethod = await fetch(`${host.baseUrl}/api/health`, { method: 'POST' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
  });
});

describe('feature flags', () => {
  it('applies a flag changed in the config file while the host runs', async () => {
    const phone = uniquePhone();
    const first = await readJson(await post({ ...EXAMPLE_REQUEST, phone_number: phone }));
    await eventually(async () => {
      const call = await host.app.services.store.get(first.call_id);
      return call?.lifecycle.state === 'ended' ? call : undefined;
    });

    // No callback window any more: the same request now starts a new call instead of resuming.
    writeFileSync(
      join(host.dir, 'callcenter.config.json'),
      JSON.stringify({ features: { callback_timeout_hour: 0 } }),
    );
    await eventually(async () =>
      (await host.app.services.flags.get()).callback_timeout_hour === 0 ? true : undefined,
    );
    const again = await readJson(await post({ ...EXAMPLE_REQUEST, phone_number: phone }));
    expect(again.call_id).not.toBe(first.call_id);
    writeFileSync(join(host.dir, 'callcenter.config.json'), '{}'); // the other tests expect the defaults
  });
});
