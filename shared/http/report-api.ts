import type { CallState, Lifecycle, Next } from '../domain/call';
import type { Logger } from '../log';
import type { CallStore } from '../providers/store/store';
import { json, type ApiRequest, type ApiResponse } from './api';
import { readPhoneListQuery } from './call-api';
import { renderReportPage } from './report-page';
import { verifyReportToken } from './report-token';

/**
 * The report endpoints.
 *
 *  - `GET /api/report/{call_id}?token=…` (anonymous): the caller's report page, reached through the
 *    signed link sent by SMS. The token is the only credential; every failure (no token, a malformed,
 *    tampered, expired or other call's token, an unknown call) gets the very same 403, so the answer
 *    says nothing about which call ids exist or why a link failed.
 *  - `GET /api/report?phone_number=+…&limit=20` (function level, behind the API key): the operator's
 *    list of a number's reports, newest first.
 */

export interface ReportApiDeps {
  readonly store: CallStore;
  /** The report-link secret (32+ bytes), the one `reportLink` signs with. */
  readonly reportSecret: Buffer;
  readonly now: () => Date;
  readonly log: Logger;
  /** The number the page's "Call us back" link dials (the bot's public number); else the agent's. */
  readonly callBackNumber?: string;
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
  '<!DOCTYPE html>',
  '<html lang="en">',
  '<head>',
  '<meta charset="utf-8">',
  '<meta name="viewport" content="width=device-width, initial-scale=1">',
  '<meta name="robots" content="noindex, nofollow">',
  '<title>Link not valid</title>',
  '<style>body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1.0625rem;line-height:1.55;color:#1a1a1a;background:#fff}main{max-width:40rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem}</style>',
  '</head>',
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

/** `GET /api/report?phone_number=+…&limit=20`: that number's reports, newest first. */
export async function listReports(request: ApiRequest, deps: ReportApiDeps): Promise<ApiResponse> {
  const { phone_number, limit } = readPhoneListQuery(request);
  // The store lists newest first (a conformance-tested contract).
  const calls = await deps.store.listByPhone(phone_number, limit);
  return json(200, calls.map(toReportSummary), { 'cache-control': 'no-store' });
}
