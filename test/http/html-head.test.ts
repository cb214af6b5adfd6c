import { describe, expect, it } from 'vitest';
import { htmlHead } from '../../shared/http/html';
import { REPORT_FORBIDDEN_BODY } from '../../shared/http/report-api';
import { renderReportList } from '../../shared/http/report-list-page';
import { renderReportPage } from '../../shared/http/report-page';
import { makeCall } from '../support/calls';

const call = makeCall({}, new Date('2026-03-09T14:05:00Z'));

describe('htmlHead: the start of every page served', () => {
  it('starts the caller’s report page byte for byte: never indexed, no referrer, title escaped', () => {
    const company = { ...call, initiate: { ...call.initiate, bot_company: 'A&B <"co">' } };
    const html = renderReportPage(company, { now: new Date('2026-03-10T09:30:00Z') });
    expect(
      html.slice(0, html.indexOf('</head>') + '</head>'.length).replace(/<style>.*<\/style>/s, '<style/>'),
    ).toBe(
      [
        '<!DOCTYPE html>',
        '<html lang="en-US">',
        '<head>',
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="robots" content="noindex, nofollow">',
        '<meta name="referrer" content="no-referrer">',
        '<title>Your call report · A&amp;B &lt;&quot;co&quot;&gt;</title>',
        '<style/>',
        '</head>',
      ].join('\n'),
    );
  });

  it('keeps the operators’ list and the refusal out of search engines, in English', () => {
    const list = renderReportList({
      rows: [{ call, reportHref: '/r', callHref: '/c' }],
      phone: undefined,
      search: undefined,
      olderHref: undefined,
      scanned: 1,
      auth: {},
    });
    for (const [html, title] of [
      [list, 'Call reports'],
      [REPORT_FORBIDDEN_BODY, 'Link not valid'],
    ] as const) {
      expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">\n<head>\n/);
      expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
      expect(html).toContain(`<title>${title}</title>`);
    }
  });

  it('escapes the language and the title, and leaves the referrer meta out unless asked', () => {
    const head = htmlHead({ lang: 'x"y', title: '<b>', style: 'p{}' });
    expect(head).toContain('<html lang="x&quot;y">');
    expect(head).toContain('<title>&lt;b&gt;</title>');
    expect(head).toContain('<style>p{}</style>');
    expect(head).not.toContain('referrer');
  });
});
