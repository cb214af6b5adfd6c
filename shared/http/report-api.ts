import { z } from 'zod';
import type { CallState, Lifecycle, Next } from '../domain/call';
import { e164PhoneSchema } from '../domain/phone';
import type { Logger } from '../log';
import type { CallStore } from '../providers/store/store';
import { ApiError, detailsFromZod, json, type ApiRequest, type ApiResponse } from './api';
import { readPhoneListQuery } from './call-api';
import { htmlHead } from './html';
import { MAX_LIST_LIMIT } from '../providers/store/store';
import { renderReportPage } from './report-page';
import { callMatches, renderReportList, type ReportListRow } from './report-list-page';
import { reportLink, verifyReportToken } from './report-token';

/**
 * The report endpoints.
 *
 *  - `GET /api/report/{call_id}?token=…` (anonymous): the caller's report page, reached through the
 *    signed link sent by SMS. The token is the only credential; every failure (no token, a malformed,
 *    tampered, expired or other call's token, an unknown call) gets the very same 403, so the answer
 *    says nothing about which call ids exist or why a link failed.
 *  - `GET /api/report?phone_number=+…&limit=20` (function level, behind the API key): the operator's
 *    list of a number's reports, newest first, as JSON; or, asked for HTML (a browser, or
 *    `format=html`), a page of every line's reports (or one number's), searchable (`q=`) and paged.
 */

export interface ReportApiDeps {
  readonly store: CallStore;
  /** The report-link secret (32+ bytes), the one `reportLink` signs with. */
  readonly reportSecret: Buffer;
  readonly now: () => Date;
  readonly log: Logger;
  /** The number the page's "Call us back" link dials (the bot's public number); else the agent's. */
  readonly callBackNumber?: string;
  /** Where this app is reached: the origin of the operator list's report links. */
  readonly publicUrl: string;
}

/** Headers of every report page answer, refused or not: no caching, no sniffing, no scripts, no leaks. */
export const REPORT_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'x-robots-tag': 'noindex, nofollow',
};

/** The one refusal, in English and French, revealing nothing about the call or the reason. */
export const REPORT_FORBIDDEN_BODY = [
  htmlHead({
    lang: 'en',
    title: 'Link not valid',
    style:
      'body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1.0625rem;line-height:1.55;color:#1a1a1a;background:#fff}main{max-width:40rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem}',
  }),
  '<body>',
  '<main>',
  '<h1>This link is not valid</h1>',
  '<p>It may have expired. Ask us for a new link.</p>',
  '<p lang="fr">Ce lien n’est pas valide ou a expiré. Demandez-nous un nouveau lien.</p>',
  '</main>',
  '</body>',
  '</html>',
  '',
].join('\n');

function forbidden(): ApiResponse {
  return { status: 403, headers: { ...REPORT_PAGE_HEADERS }, body: REPORT_FORBIDDEN_BODY };
}

/** `GET /api/report/{call_id}?token=…`: the caller's report page, or the one 403. */
export async function getReport(request: ApiRequest, deps: ReportApiDeps): Promise<ApiResponse> {
  const callId = request.params.call_id ?? '';
  const now = deps.now();
  // The MAC binds the call id, so checking it first costs no store read for a forged link, and an
  // unknown call can only be reached with a token we signed for that very id.
  const check = verifyReportToken(deps.reportSecret, callId, request.query.get('token'), now);
  if (!check.ok) {
    // The reason is ours to know, never the client's; the token itself is never logged.
    deps.log.info('report link refused', { reason: check.reason });
    return forbidden();
  }
  const call = await deps.store.get(callId);
  if (!call) {
    deps.log.warn('report link refused: genuine token for an unknown call', { call_id: callId });
    return forbidden();
  }
  const page = renderReportPage(
    call,
    deps.callBackNumber === undefined ? { now } : { now, callBackNumber: deps.callBackNumber },
  );
  deps.log.info('report page served', { call_id: call.call_id });
  return { status: 200, headers: { ...REPORT_PAGE_HEADERS }, body: page };
}

/** One row of the operator's list. */
export interface ReportSummary {
  readonly call_id: string;
  readonly created_at: string;
  readonly lifecycle: Lifecycle;
  /** The synthesis' short text; null while it is being prepared. */
  readonly synthesis: string | null;
  readonly next_action: Next['action'] | null;
}

export function toReportSummary(call: CallState): ReportSummary {
  return {
    call_id: call.call_id,
    created_at: call.created_at,
    lifecycle: call.lifecycle,
    synthesis: call.synthesis?.short ?? null,
    next_action: call.next?.action ?? null,
  };
}

/** `GET /api/report?phone_number=+…&limit=20`: that number's reports, newest first (JSON or HTML). */
export async function listReports(request: ApiRequest, deps: ReportApiDeps): Promise<ApiResponse> {
  if (wantsHtml(request)) return listReportsPage(request, deps);
  const { phone_number, limit } = readPhoneListQuery(request);
  // The store lists newest first (a conformance-tested contract).
  const calls = await deps.store.listByPhone(phone_number, limit);
  return json(200, calls.map(toReportSummary), { 'cache-control': 'no-store' });
}

/** `format=html`, or no `format` and a client that prefers HTML (a browser). */
function wantsHtml(request: ApiRequest): boolean {
  const format = request.query.get('format');
  if (format !== null) return format === 'html';
  return /\btext\/html\b/.test(request.headers.get('accept') ?? '');
}

/** Query parameters that carry the operator's key: kept in the page's links, never validated as filters. */
const AUTH_PARAMS = ['code', 'key'] as const;

const pageQuerySchema = z.strictObject({
  format: z.literal('html').optional(),
  // An empty box in the form means "every number".
  phone_number: z.preprocess((v) => (v === '' ? undefined : v), e164PhoneSchema.optional()),
  q: z
    .string()
    .max(100, { error: 'must be at most 100 characters' })
    .transform((v) => v.trim())
    .optional(),
  before: z.iso
    .datetime({ error: 'must be an ISO 8601 date-time (the "Older calls" link sets it)' })
    .optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1)
    .max(MAX_LIST_LIMIT)
    .default(20),
});

/** How many calls a search looks at for one page at most, so that a rare word cannot scan the store. */
const SEARCH_SCAN_LIMIT = 500;
/** The operator's report links work this long: enough to read, not a link to keep. */
const OPERATOR_LINK_TTL_HOURS = 1;

async function listReportsPage(request: ApiRequest, deps: ReportApiDeps): Promise<ApiResponse> {
  const entries = [...request.query].filter(([name]) => !(AUTH_PARAMS as readonly string[]).includes(name));
  const parsed = pageQuerySchema.safeParse(Object.fromEntries(entries));
  if (!parsed.success) throw new ApiError(400, 'The query is invalid', detailsFromZod(parsed.error));
  const { phone_number: phone, q, limit } = parsed.data;
  const search = q || undefined;
  const auth = Object.fromEntries(
    AUTH_PARAMS.flatMap((name) => {
      const value = request.query.get(name);
      return value ? [[name, value] as const] : [];
    }),
  );

  const found: CallState[] = [];
  const filter = { ...(phone ? { phone } : {}) };
  let before = parsed.data.before ? new Date(parsed.data.before) : undefined;
  let scanned = 0;
  let more = true;
  // A plain list is one store page; a search reads pages until the page is full or the budget is spent.
  while (more && found.length < limit && scanned < (search ? SEARCH_SCAN_LIMIT : limit)) {
    const size = search ? MAX_LIST_LIMIT : limit;
    const batch = await deps.store.listNewest({ ...filter, ...(before ? { before } : {}), limit: size });
    for (const call of batch) {
      scanned += 1;
      before = new Date(call.created_at);
      if (!search || callMatches(call, search)) found.push(call);
      if (found.length === limit) break;
    }
    more = batch.length === size;
  }
  // Whether any older call is left to look at: one more read, so that the last page has no dead link.
  if (more && before) more = (await deps.store.listNewest({ ...filter, before, limit: 1 })).length > 0;

  const origin = deps.publicUrl;
  const withAuth = (path: string, params: Record<string, string> = {}) => {
    const url = new URL(path, 'http://x');
    for (const [name, value] of Object.entries({ ...params, ...auth })) url.searchParams.set(name, value);
    return `${url.pathname}${url.search}`;
  };
  const now = deps.now();
  const rows: ReportListRow[] = found.map((call) => {
    const link = new URL(reportLink(origin, deps.reportSecret, call.call_id, now, OPERATOR_LINK_TTL_HOURS));
    return {
      call,
      reportHref: `${link.pathname}${link.search}`,
      callHref: withAuth(`/api/call/${encodeURIComponent(call.call_id)}`),
      ...(call.recordings.length > 0
        ? { recordingHref: withAuth(`/api/call/${encodeURIComponent(call.call_id)}/recording`) }
        : {}),
    };
  });
  const olderHref =
    more && before
      ? withAuth('/api/report', {
          format: 'html',
          ...(phone ? { phone_number: phone } : {}),
          ...(search ? { q: search } : {}),
          before: before.toISOString(),
          limit: String(limit),
        })
      : undefined;
  const body = renderReportList({ rows, phone, search, olderHref, scanned, auth });
  deps.log.info('operator report list served', { rows: rows.length, scanned, searched: Boolean(search) });
  return { status: 200, headers: { ...OPERATOR_PAGE_HEADERS }, body };
}

/** The report page's headers, but the search form may submit to this very page. */
const OPERATOR_PAGE_HEADERS: Readonly<Record<string, string>> = {
  ...REPORT_PAGE_HEADERS,
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
};
