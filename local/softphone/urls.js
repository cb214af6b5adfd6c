/** WebSocket addresses on the page's own origin, carrying the page's `?key=` when it has one. */

const pageKey = new URLSearchParams(location.search).get('key');

/** `/api/phone` or a `media_url` (relative or absolute) → a ws:/wss: URL. */
export function socketUrl(pathOrUrl) {
  const url = new URL(pathOrUrl, location.href);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (pageKey) url.searchParams.set('key', pageKey);
  return url.href;
}

/** A link from the server, if it is http(s) (a `javascript:` URL must never become a link). */
export function safeLink(pathOrUrl) {
  if (typeof pathOrUrl !== 'string' || pathOrUrl === '') return null;
  try {
    const url = new URL(pathOrUrl, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
