import { afterAll, beforeAll, expect } from 'vitest';
import { readJson } from '../support/calls';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';

/**
 * What the call API tests share: a local host for the whole file (calls ring out after 0.3 s, so a
 * test can wait for one to end), POSTs to /api/call, phone numbers no other test of the file uses,
 * and the error body's fields.
 */

export class CallApi {
  /** Set before the first test; closed after the last. */
  host!: RunningLocalHost;

  readonly post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${this.host.baseUrl}/api/call`, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  /** Asserts the call API stored nothing for that number. */
  readonly expectNothingStored = async (phone: string) => {
    expect(await this.host.app.services.store.listByPhone(phone)).toEqual([]);
  };
}

/** Starts the host before the file's tests and closes it after them. */
export function useCallApi(): CallApi {
  const api = new CallApi();
  beforeAll(async () => {
    api.host = await startLocalHost({ workflow: { ring_timeout_sec: 0.3 } });
  });
  afterAll(async () => api.host?.close());
  return api;
}

let phoneCounter = 0;
export function uniquePhone(): string {
  phoneCounter += 1;
  return `+336${String(20_000_000 + phoneCounter * 104_729).slice(-8)}`;
}

export async function errorOf(response: Response) {
  const body = await readJson<{
    error: { message: string; details: { field: string; message: string }[] };
  }>(response);
  return body.error;
}
