import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponse, ApiError, type ApiRequest, type ApiResponse } from '../../shared/http/api';
import { getReport, listReports, type ReportApiDeps } from '../../shared/http/report-api';
import { signReportToken } from '../../shared/http/report-token';
import { silentLogger } from '../../shared/log';
import { openSqliteDatabase } from '../../shared/providers/sqlite';
import { SqliteCallStore } from '../../shared/providers/store/sqlite';
import { CallStore } from '../../shared/providers/store/store';
import { makeCall } from '../support/calls';
import { makeTempDir } from '../support/tmp';

/**
 * The report endpoints on a tiny node:http server, mounted the way local/server.ts mounts routes (the
 * lead registers them in shared/http/routes.ts), over a real SQLite call store.
 */

const SECRET = randomBytes(32);
const NOW = new Date('2026-03-10T09:30:00Z');
const DAY = 24 * 3_600_000;
const PHONE = '+33612340001';
const OTHER_PHONE = '+33612340002';

let server: Server;
let baseUrl: string;
let store: CallStore;
let removeTmp: () => void;
const callIds: string[] = [];
let otherCallId: string;

function toApiRequest(url: URL, method: string, params: Record<string, string>): ApiRequest {
  return {
    method,
    url: url.toString(),
    headers: { get: () => null },
    query: url.searchParams,
    params,
    text: () => Promise.resolve(''),
  };
}

async function route(url: URL, method: string, deps: ReportApiDeps): Promise<ApiResponse> {
  try {
    const one = /^\/api\/report\/([^/]+)\/?$/.exec(url.pathname);
    if (one)
      return await getReport(toApiRequest(url, method, { call_id: decodeURIComponent(one[1]!) }), deps);
    if (/^\/api\/report\/?$/.test(url.pathname))
      return await listReports(toApiRequest(url, method, {}), deps);
    return errorResponse(404, 'not found');
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error.status, error.message, error.details);
    throw error;
  }
}

beforeAll(async () => {
  const tmp = makeTempDir();
  removeTmp = tmp.remove;
  store = new CallStore(new SqliteCallStore(openSqliteDatabase(`${tmp.dir}/calls.sqlite`), true));
  for (const [i, at] of ['2026-03-07T10:00:00Z', '2026-03-09T10:00:00Z', '2026-03-08T10:00:00Z'].entries()) {
    const call = makeCall({ phone_number: PHONE }, new Date(at));
    await store.create({
      ...call,
      claim: { ...call.claim, hardware_info: `laptop ${i} <script>alert(1)</script>` },
      synthesis:
        i === 1
          ? { short: 'Screen replaced.', long: 'Long.', satisfaction: 'high', improvement_suggestions: '' }
          : null,
      next: i === 1 ? { action: 'case_closed', justification: 'Done.' } : null,
    });
    callIds.push(call.call_id);
  }
  const other = makeCall({ phone_number: OTHER_PHONE }, new Date('2026-03-09T12:00:00Z'));
  await store.create(other);
  otherCallId = other.call_id;

  const deps: ReportApiDeps = {
    store,
    reportSecret: SECRET,
    now: () => NOW,
    log: silentLogger,
    publicUrl: 'https://calls.example.com',
  };
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    route(url, req.method ?? 'GET', deps)
      .catch(() => errorResponse(500, 'boom'))
      .then((response) => {
        const headers = { ...response.headers };
        let body = response.body ?? '';
        if (response.jsonBody !== undefined) {
          body = JSON.stringify(response.jsonBody);
          headers['content-type'] = 'application/json; charset=utf-8';
        }
        res.writeHead(response.status, headers);
        res.end(body);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await store?.close();
  removeTmp?.();
});

function reportUrl(callId: string, token?: string): string {
  const url = new URL(`${baseUrl}/api/report/${encodeURIComponent(callId)}`);
  if (token !== undefined) url.searchParams.set('token', token);
  return url.href;
}

function validToken(callId: string): string {
  return signReportToken(SECRET, callId, new Date(NOW.getTime() + 2 * DAY));
}

function expectSecurityHeaders(response: Response) {
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toMatch(/^default-src 'none'; style-src 'unsafe-inline'/);
  expect(csp).not.toContain('script-src');
}

describe('GET /api/report/{call_id}', () => {
  it('serves the report page for a valid token, with the security headers', async () => {
    const callId = callIds[1]!;
    const response = await fetch(reportUrl(callId, validToken(callId)));
    expect(response.status).toBe(200);
    expectSecurityHeaders(response);
    const html = await response.text();
    expect(html).toContain('<!DOCTYPE html>');
    expect(html).toContain('Your call with Amélie from Contoso');
    expect(html).toContain('Screen replaced.');
    expect(html).toContain('laptop 1 &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script');
  });

  it('answers every bad link with the same 403, whatever the reason', async () => {
    const callId = callIds[0]!;
    const good = validToken(callId);
    const expired = signReportToken(SECRET, callId, new Date(NOW.getTime() - 1000));
    const tampered = `${good.slice(0, -1)}${good.endsWith('A') ? 'B' : 'A'}`;
    const otherSecret = signReportToken(randomBytes(32), callId, new Date(NOW.getTime() + DAY));
    const unknownCall = randomUUID();
    const urls = {
      missing: reportUrl(callId),
      empty: reportUrl(callId, ''),
      malformed: reportUrl(callId, 'not-a-token'),
      huge: reportUrl(callId, 'x'.repeat(5_000)),
      expired: reportUrl(callId, expired),
      tampered: reportUrl(callId, tampered),
      anotherCallsToken: reportUrl(callId, validToken(otherCallId)),
      otherSecret: reportUrl(callId, otherSecret),
      // A genuine token for an id no call has: indistinguishable from a bad token.
      unknownCall: reportUrl(unknownCall, validToken(unknownCall)),
      notAnId: reportUrl('../call', validToken('../call')),
    };
    const bodies = new Set<string>();
    for (const [name, url] of Object.entries(urls)) {
      const response = await fetch(url);
      expect(response.status, name).toBe(403);
      expectSecurityHeaders(response);
      const body = await response.text();
      expect(body, name).not.toContain(callId);
      expect(body, name).not.toMatch(/tamper|signature|malformed|unknown|not found|missing/i);
      bodies.add(body);
    }
    expect(bodies.size).toBe(1);
  });
});

describe('GET /api/report?phone_number=', () => {
  it("lists the caller's reports, newest first", async () => {
    const response = await fetch(
      `${baseUrl}/api/report?phone_number=${encodeURIComponent('+33 6 12 34 00 01')}`,
    );
    expect(response.status).toBe(200);
    const list = (await response.json()) as Array<Record<string, unknown>>;
    expect(list.map((r) => r.call_id)).toEqual([callIds[1], callIds[2], callIds[0]]);
    expect(list[0]).toEqual({
      call_id: callIds[1],
      created_at: '2026-03-09T10:00:00.000Z',
      lifecycle: { state: 'created' },
      synthesis: 'Screen replaced.',
      next_action: 'case_closed',
    });
    expect(list[1]).toMatchObject({ synthesis: null, next_action: null });
    expect(list.map((r) => r.call_id)).not.toContain(otherCallId);
  });

  it('honours the limit', async () => {
    const response = await fetch(`${baseUrl}/api/report?phone_number=${encodeURIComponent(PHONE)}&limit=1`);
    expect(((await response.json()) as unknown[]).length).toBe(1);
  });

  it('answers 400 on a bad phone number or query', async () => {
    for (const query of [
      'phone_number=0612345678',
      'phone_number=abc',
      '',
      `phone_number=${encodeURIComponent(PHONE)}&x=1`,
    ]) {
      const response = await fetch(`${baseUrl}/api/report?${query}`);
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message).toBe('The query is invalid');
    }
  });
});

describe('GET /api/report as HTML (the operators’ list)', () => {
  const page = async (query: string) => {
    const response = await fetch(`${baseUrl}/api/report?format=html&${query}`);
    return { response, html: await response.text() };
  };
  let hostileId: string;
  beforeAll(async () => {
    // The oldest call of all, with a summary that tries to inject markup.
    const call = makeCall({ phone_number: '+33612340003' }, new Date('2026-03-01T10:00:00Z'));
    const short = '<img src=x onerror=alert(1)> "quoted"';
    await store.create({
      ...call,
      synthesis: { short, long: '', satisfaction: 'high', improvement_suggestions: '' },
    });
    hostileId = call.call_id;
  });
  const rowIds = (html: string) => [...html.matchAll(/href="\/api\/call\/([0-9a-f-]{36})/g)].map((m) => m[1]);

  it('lists every line newest first, escaping what callers said, with signed report links', async () => {
    const { response, html } = await page('');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(rowIds(html)).toEqual([otherCallId, callIds[1], callIds[2], callIds[0], hostileId]);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot;');
    expect(html).toContain('Screen replaced.');
    // Each report link is signed for its call and opens the report page.
    const href = /href="(\/api\/report\/[^"]+)"/.exec(html)![1]!.replaceAll('&amp;', '&');
    expect(href).toContain(`/api/report/${otherCallId}?token=`);
    const report = await fetch(`${baseUrl}${href}`);
    expect(report.status).toBe(200);
  });

  it('filters by number and by a search word, and pages to older calls', async () => {
    expect(rowIds((await page(`phone_number=${encodeURIComponent(PHONE)}`)).html)).toEqual([
      callIds[1],
      callIds[2],
      callIds[0],
    ]);
    // The search reads claim values and summaries.
    expect(rowIds((await page('q=LAPTOP%202')).html)).toEqual([callIds[2]]);
    expect(rowIds((await page('q=screen')).html)).toEqual([callIds[1]]);
    const none = await page('q=%3Cb%3Enothing');
    expect(none.html).toContain('No report matches “&lt;b&gt;nothing”');

    const first = await page('limit=2');
    expect(rowIds(first.html)).toEqual([otherCallId, callIds[1]]);
    const older = /<a rel="next" href="([^"]+)"/.exec(first.html)![1]!.replaceAll('&amp;', '&');
    const second = await fetch(`${baseUrl}${older}`).then((r) => r.text());
    expect(rowIds(second)).toEqual([callIds[2], callIds[0]]);
    const last = /<a rel="next" href="([^"]+)"/.exec(second)![1]!.replaceAll('&amp;', '&');
    const third = await fetch(`${baseUrl}${last}`).then((r) => r.text());
    expect(rowIds(third)).toEqual([hostileId]);
    // The last page links to nothing older.
    expect(third).not.toContain('rel="next"');
  });

  it('keeps the operator key in its links and answers 400 naming a bad field', async () => {
    const { html } = await page('code=k%22ey&limit=1');
    expect(html).toContain('<input type="hidden" name="code" value="k&quot;ey">');
    expect(html).toMatch(/href="\/api\/call\/[0-9a-f-]{36}\?code=k%22ey"/);
    const bad = await fetch(`${baseUrl}/api/report?format=html&before=yesterday`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { field: string }[] } }).error.details[0]?.field).toBe(
      'before',
    );
  });
});
