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

  it("opens the operators' report list in a browser with ?key=, and only that page", async () => {
    const browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
    expect((await fetch(`${host.baseUrl}/api/report`, { headers: browser })).status).toBe(401);
    const wrong = await fetch(`${host.baseUrl}/api/report?key=wrong-key-of-some-length`, {
      headers: browser,
    });
    expect(wrong.status).toBe(401);
    const page = await fetch(`${host.baseUrl}/api/report?key=${API_KEY}`, { headers: browser });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    // The key stays in the search form, so that searching keeps working.
    expect(await page.text()).toContain(`<input type="hidden" name="key" value="${API_KEY}">`);
    // The JSON API still wants the header.
    expect((await fetch(`${host.baseUrl}/api/call?phone_number=%2B33644444444&key=${API_KEY}`)).status).toBe(
      401,
    );
  });

  it('will not listen beyond loopback without a key', () => {
    expect(() => assertSafeBinding('0.0.0.0', undefined)).toThrow(/api_key/);
    expect(() => assertSafeBinding('0.0.0.0', API_KEY)).not.toThrow();
    expect(() => assertSafeBinding('127.0.0.1', undefined)).not.toThrow();
  });
});
