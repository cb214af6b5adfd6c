import type { CallState } from '../domain/call';
import { missingClaimFields } from '../domain/claim';
import { escapeHtml, htmlHead } from './html';

/**
 * The operators' list of reports (`GET /api/report`, behind the function key / API key): one row per
 * call, newest first, with a search box and "older" pages. Operators see the calls in full (numbers,
 * summaries); this page is never reachable with a caller's signed link. Plain HTML, no script; every
 * value from a call goes through `escapeHtml`, in text and in attributes alike.
 */

export interface ReportListRow {
  readonly call: CallState;
  /** A freshly signed link to the call's report page (relative to this page's origin). */
  readonly reportHref: string;
  /** The call's JSON, `GET /api/call/{id}`, with the operator's key kept. */
  readonly callHref: string;
  /** The call's recording, when one is kept, with the operator's key kept. */
  readonly recordingHref?: string;
}

export interface ReportListPage {
  readonly rows: readonly ReportListRow[];
  /** The filters shown back in the form. */
  readonly phone: string | undefined;
  readonly search: string | undefined;
  /** The next page's URL (older calls), when there may be more. */
  readonly olderHref: string | undefined;
  /** How many calls were looked at to fill this page (searches skip non-matching ones). */
  readonly scanned: number;
  /** Query parameters that authenticate the operator (`code` on Azure, `key` locally), kept in the form. */
  readonly auth: Readonly<Record<string, string>>;
}

export function renderReportList(page: ReportListPage): string {
  const hidden = Object.entries(page.auth)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  const rows = page.rows.map(renderRow).join('\n');
  const empty = page.search
    ? `<p>No report matches “${escapeHtml(page.search)}” among the ${page.scanned} calls looked at.</p>`
    : '<p>No report.</p>';
  return [
    htmlHead({ lang: 'en', title: 'Call reports', style: STYLE }),
    '<body>',
    '<main>',
    '<h1>Call reports</h1>',
    '<form method="get" role="search">',
    hidden,
    `<label>Phone number <input name="phone_number" type="tel" value="${escapeHtml(page.phone ?? '')}" placeholder="+14255550123"></label>`,
    `<label>Search <input name="q" type="search" maxlength="100" value="${escapeHtml(page.search ?? '')}" placeholder="name, claim, summary…"></label>`,
    '<button type="submit">Search</button>',
    '</form>',
    page.rows.length > 0
      ? [
          '<table>',
          '<thead><tr><th scope="col">Created</th><th scope="col">Number</th><th scope="col">Status</th><th scope="col">Summary</th><th scope="col">Claim</th><th scope="col">Next</th><th scope="col">Links</th></tr></thead>',
          `<tbody>\n${rows}\n</tbody>`,
          '</table>',
        ].join('\n')
      : empty,
    page.olderHref ? `<p><a rel="next" href="${escapeHtml(page.olderHref)}">Older calls</a></p>` : '',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderRow(row: ReportListRow): string {
  const { call } = row;
  const fields = call.initiate.claim;
  const missing = missingClaimFields(fields, call.claim).length;
  const links = [
    `<a href="${escapeHtml(row.reportHref)}">report</a>`,
    `<a href="${escapeHtml(row.callHref)}">JSON</a>`,
    ...(row.recordingHref ? [`<a href="${escapeHtml(row.recordingHref)}">recording</a>`] : []),
  ].join(' · ');
  return [
    '<tr>',
    `<td><time datetime="${escapeHtml(call.created_at)}">${escapeHtml(call.created_at.slice(0, 16).replace('T', ' '))} UTC</time></td>`,
    `<td>${escapeHtml(call.initiate.phone_number)}</td>`,
    `<td>${escapeHtml(statusOf(call))}</td>`,
    `<td>${escapeHtml(call.synthesis?.short ?? '—')}</td>`,
    `<td>${fields.length - missing}/${fields.length}</td>`,
    `<td>${escapeHtml(call.next?.action.replaceAll('_', ' ') ?? '—')}</td>`,
    `<td>${links}</td>`,
    '</tr>',
  ].join('');
}

function statusOf(call: CallState): string {
  const { lifecycle } = call;
  return lifecycle.state === 'ended' ? `ended (${lifecycle.reason.replaceAll('_', ' ')})` : lifecycle.state;
}

/** Does the call mention `search` (case-insensitive) in its id, number, claim, summary or next step? */
export function callMatches(call: CallState, search: string): boolean {
  const needle = search.toLocaleLowerCase();
  const haystack = [
    call.call_id,
    call.initiate.phone_number,
    ...Object.values(call.claim),
    call.synthesis?.short,
    call.synthesis?.long,
    call.next?.action,
    call.next?.justification,
    ...call.reminders.map((r) => r.title),
  ];
  return haystack.some((text) => typeof text === 'string' && text.toLocaleLowerCase().includes(needle));
}

const STYLE = [
  'body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;background:#fff}',
  'main{max-width:72rem;margin:0 auto;padding:1rem}',
  'form{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end;margin:1rem 0}',
  'label{display:flex;flex-direction:column;font-size:.9rem}',
  'input,button{font:inherit;padding:.35rem .5rem}',
  'table{border-collapse:collapse;width:100%}',
  'th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ddd;vertical-align:top}',
  'a{color:#0b57d0}',
].join('');
