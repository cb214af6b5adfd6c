const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in HTML element content and in quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

export interface HtmlHeadOptions {
  /** The page's language (BCP 47), for screen readers and hyphenation. */
  readonly lang: string;
  /** Plain text: escaped here. */
  readonly title: string;
  /** Inline CSS, ours: written as is (the pages' CSP allows inline styles, nothing else). */
  readonly style: string;
  /** The page's links must not tell other sites where the reader came from (a report's signed URL). */
  readonly noReferrer?: boolean;
}

/**
 * The start of every page we serve, up to `</head>`: HTML5, mobile viewport, never indexed. One place,
 * so that the report page, the operators' list and the refusal cannot drift apart.
 */
export function htmlHead({ lang, title, style, noReferrer = false }: HtmlHeadOptions): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex, nofollow">',
    ...(noReferrer ? ['<meta name="referrer" content="no-referrer">'] : []),
    `<title>${escapeHtml(title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
  ].join('\n');
}
