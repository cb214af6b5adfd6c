import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertSafeBinding } from '../../local/server';
import { EXAMPLE_REQUEST } from '../support/calls';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';

const API_KEY = 'a-long-enough-secret-key';

describe('API key on the local host', () => {
  let host: RunningLocalHost;
  beforeAll(async () => {
    host = await startLocalHost({ host: { api_key: API_KEY } });
  });
  afterAll(async () => host?.close());

  const placeCall = (headers: Record<string, string>) =>
    fetch(`${host.baseUrl}/api/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ ...EXAMPLE_REQUEST, phone_number: '+33644444444' }),
    });

  it('refuses the call API without the key, or with a wrong one', async () => {
    expect((await placeCall({})).status).toBe(401);
    expect((await placeCall({ 'x-api-key': 'wrong-key-of-some-length' })).status).toBe(401);
    expect(await host.app.services.store.listByPhone('+33644444444')).toEqual([]);
  });

  it('accepts the right key, and leaves the health check open', async () => {
    expect((await placeCall({ 'x-api-key': API_KEY })).status).toBe(201);
    expect((await fetch(`${host.baseUrl}/api/health`)).status).toBe(200);
  });

  it('will not listen beyond loopback without a key', () => {
    expect(() => assertSafeBinding('0.0.0.0', undefined)).toThrow(/api_key/);
    expect(() => assertSafeBinding('0.0.0.0', API_KEY)).not.toThrow();
    expect(() => assertSafeBinding('127.0.0.1', undefined)).not.toThrow();
  });
});
