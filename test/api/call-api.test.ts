import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_REQUEST, readJson, type CallView } from '../support/calls';
import { eventually } from '../support/local-host';
import { errorOf, uniquePhone, useCallApi } from './call-api-host';

/**
 * The call API of the local host over real HTTP: placing a call, reading and listing calls, the
 * host's own health and routing, and a feature flag changed while it runs. The refusals of bad input
 * to POST /api/call are in call-api-input.test.ts.
 */

const api = useCallApi();
const { post } = api;

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

    const read = await fetch(`${api.host.baseUrl}/api/call/${call.call_id}`);
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
      const call = await readJson(await fetch(`${api.host.baseUrl}/api/call/${call_id}`));
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
    expect((await api.host.app.services.store.get(first.call_id))?.lifecycle.state).not.toBe('ended');

    await eventually(async () => {
      const call = await api.host.app.services.store.get(first.call_id);
      return call?.lifecycle.state === 'ended' ? call : undefined;
    });
    const again = await post({ ...EXAMPLE_REQUEST, phone_number: phone });
    expect(again.status).toBe(201);
    expect((await readJson(again)).call_id).toBe(first.call_id);

    // A different request is a different call, but not while this one rings: one live call per number.
    const otherTask = await post({ ...EXAMPLE_REQUEST, phone_number: phone, task: 'Another task entirely.' });
    expect(otherTask.status).toBe(409);
    await eventually(async () => {
      const call = await api.host.app.services.store.get(first.call_id);
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
    const response = await fetch(`${api.host.baseUrl}/api/call?phone_number=${encodeURIComponent(phone)}`);
    expect(response.status).toBe(200);
    expect((await readJson<CallView[]>(response)).map((c) => c.call_id)).toEqual([
      second.call_id,
      first.call_id,
    ]);

    const limited = await fetch(
      `${api.host.baseUrl}/api/call?phone_number=${encodeURIComponent(phone)}&limit=1`,
    );
    expect((await readJson<CallView[]>(limited)).length).toBe(1);
  });

  it('requires a valid phone number and limit', async () => {
    const missing = await fetch(`${api.host.baseUrl}/api/call`);
    expect(missing.status).toBe(400);
    expect((await errorOf(missing)).details).toContainEqual({
      field: 'phone_number',
      message: 'is required',
    });

    const badLimit = await fetch(`${api.host.baseUrl}/api/call?phone_number=%2B33612345678&limit=1000`);
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
      const response = await fetch(`${api.host.baseUrl}/api/call/${key}`);
      expect(response.status).toBe(200);
      expect((await readJson(response)).call_id).toBe(second.call_id);
    }

    const none = await fetch(`${api.host.baseUrl}/api/call/${encodeURIComponent(uniquePhone())}`);
    expect(none.status).toBe(404);
    const invalid = await fetch(`${api.host.baseUrl}/api/call/%2B1234`);
    expect(invalid.status).toBe(400);
    expect((await errorOf(invalid)).details[0]?.field).toBe('call_id');
  });

  it('answers 404 for an unknown call and 400 for a malformed id', async () => {
    const unknown = await fetch(`${api.host.baseUrl}/api/call/7b2f0d4e-9c55-4c1e-8f0a-3f1b2c3d4e5f`);
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).details[0]?.field).toBe('call_id');
    const malformed = await fetch(`${api.host.baseUrl}/api/call/not-a-call-id`);
    expect(malformed.status).toBe(400);
  });
});

describe('the local host', () => {
  it('reports health and the backend of each port, speech included', async () => {
    const response = await fetch(`${api.host.baseUrl}/api/health`);
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
    expect((await fetch(`${api.host.baseUrl}/api/nothing`)).status).toBe(404);
    const wrongMethod = await fetch(`${api.host.baseUrl}/api/health`, { method: 'POST' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
  });
});

describe('feature flags', () => {
  it('applies a flag changed in the config file while the host runs', async () => {
    const phone = uniquePhone();
    const first = await readJson(await post({ ...EXAMPLE_REQUEST, phone_number: phone }));
    await eventually(async () => {
      const call = await api.host.app.services.store.get(first.call_id);
      return call?.lifecycle.state === 'ended' ? call : undefined;
    });

    // No callback window any more: the same request now starts a new call instead of resuming.
    writeFileSync(
      join(api.host.dir, 'callcenter.config.json'),
      JSON.stringify({ features: { callback_timeout_hour: 0 } }),
    );
    await eventually(async () =>
      (await api.host.app.services.flags.get()).callback_timeout_hour === 0 ? true : undefined,
    );
    const again = await readJson(await post({ ...EXAMPLE_REQUEST, phone_number: phone }));
    expect(again.call_id).not.toBe(first.call_id);
    writeFileSync(join(api.host.dir, 'callcenter.config.json'), '{}'); // the other tests expect the defaults
  });
});
