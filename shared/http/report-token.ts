/**
 * Signed, expiring links to a call's report page: `GET /api/report/{call_id}?token=…`, sent to the
 * caller by SMS after the call. Nothing is stored per link: the token carries its expiry and a MAC.
 *
 * Token format (34 characters, all URL-safe, no percent-encoding needed):
 *
 *     <expiry>.<tag>
 *
 *   - `expiry`: the expiry instant in whole seconds since the Unix epoch, as an 8-byte unsigned
 *     big-endian integer, base64url without padding (always 11 characters).
 *   - `tag`: HMAC-SHA256 under the report-link secret of
 *         "report:v1" || 0x00 || <expiry> (the 11 ASCII characters exactly as in the token) || call id (UTF-8)
 *     truncated to its first 16 bytes (128 bits, RFC 2104 §5 allows truncating to half the output),
 *     base64url without padding (always 22 characters).
 *
 * The `report:v1` label separates this use of the secret from any other (a report tag can never be
 * mistaken for, say, a callback secret), and versions the format. The label and the expiry part have a
 * fixed length, so the MAC input is unambiguous even though the call id has none.
 *
 * The call id is not in the token, only in the MAC: a token of another call therefore fails as
 * `bad_signature` (never `wrong_call`, which the type keeps for a future format that names the call).
 *
 * Verification order: presence (`missing`), shape and length (`malformed`, checked before any
 * decoding; anything longer than a token is refused at once), MAC in constant time (`bad_signature`),
 * then expiry (`expired`). So a tampered expiry is `bad_signature`, and an expired token is reported as
 * expired only when it is genuine. A token is valid while `now < expiry`. Verification never throws on
 * any token value; it throws only on a programming error (a short secret, an invalid `now`).
 *
 * Tokens are never logged and never put into error messages.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const LABEL = Buffer.from('report:v1\u0000', 'ascii');
const MIN_SECRET_BYTES = 32;
const TAG_BYTES = 16;
const EXPIRY_CHARS = 11; // base64url of 8 bytes
const TAG_CHARS = 22; // base64url of 16 bytes
const TOKEN_LENGTH = EXPIRY_CHARS + 1 + TAG_CHARS;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{11}\.[A-Za-z0-9_-]{22}$/;
const MAX_EXPIRY_SEC = Math.floor(8.64e15 / 1000); // the latest instant a Date can hold

export type ReportTokenFailure = 'missing' | 'malformed' | 'bad_signature' | 'expired' | 'wrong_call';

export type ReportTokenCheck = { ok: true; expiresAt: Date } | { ok: false; reason: ReportTokenFailure };

/**
 * A token for `callId` valid until `expiresAt` (rounded down to the whole second). Throws a
 * `RangeError` for a secret shorter than 32 bytes, an empty call id or an invalid or pre-1970 date.
 */
export function signReportToken(secret: Buffer, callId: string, expiresAt: Date): string {
  checkSecret(secret);
  if (callId === '') throw new RangeError('A report token needs a call id');
  const ms = expiresAt.getTime();
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError('A report token needs a valid expiry date');
  const expiry = Buffer.alloc(8);
  expiry.writeBigUInt64BE(BigInt(Math.floor(ms / 1000)));
  const expiryPart = expiry.toString('base64url');
  return `${expiryPart}.${tagFor(secret, callId, expiryPart).toString('base64url')}`;
}

/**
 * Whether `token` (the `?token=` query parameter, `null` when absent) is a genuine, unexpired report
 * token of `callId` at `now`. Never throws on any token; throws a `RangeError` for a secret shorter
 * than 32 bytes or an invalid `now`. Answer every failure with the same 403, whatever the reason.
 */
export function verifyReportToken(
  secret: Buffer,
  callId: string,
  token: string | null,
  now: Date,
): ReportTokenCheck {
  checkSecret(secret);
  const nowMs = now.getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError('verifyReportToken needs a valid current date');

  if (typeof token !== 'string' || token === '') return { ok: false, reason: 'missing' };
  // Length first, so a huge value costs nothing more than this comparison.
  if (token.length !== TOKEN_LENGTH || !TOKEN_SHAPE.test(token)) return { ok: false, reason: 'malformed' };

  const expiryPart = token.slice(0, EXPIRY_CHARS);
  const given = Buffer.from(token.slice(EXPIRY_CHARS + 1), 'ascii');
  // Compare the base64url text, not the decoded bytes: every character counts, so no two distinct
  // tokens verify alike. Both are TAG_CHARS ASCII characters, as timingSafeEqual requires.
  const expected = Buffer.from(tagFor(secret, callId, expiryPart).toString('base64url'), 'ascii');
  if (!timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };

  // Genuine from here on: the expiry is one we signed.
  const expirySec = Buffer.from(expiryPart, 'base64url').readBigUInt64BE(0);
  if (expirySec > BigInt(MAX_EXPIRY_SEC)) return { ok: false, reason: 'malformed' };
  const expiresAt = new Date(Number(expirySec) * 1000);
  if (nowMs >= expiresAt.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, expiresAt };
}

/**
 * The absolute link to the report page of `callId`, valid `ttlHours` from `now`:
 * `{baseUrl}/api/report/{callId}?token={token}`. `baseUrl` is an http(s) URL, optionally with a path
 * prefix; its query and fragment are dropped. Throws a `RangeError` for an unusable base URL, call id or
 * TTL (and as `signReportToken` does).
 */
export function reportLink(
  baseUrl: string,
  secret: Buffer,
  callId: string,
  now: Date,
  ttlHours: number,
): string {
  if (!Number.isFinite(ttlHours) || ttlHours <= 0) {
    throw new RangeError('The report link lifetime must be a positive number of hours');
  }
  // `.` and `..` would be taken as dot segments and change the path.
  if (callId === '.' || callId === '..') throw new RangeError('Not a usable call id for a report link');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch (error) {
    throw new RangeError('The report link base URL is not an absolute URL', { cause: error });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RangeError('The report link base URL must be http or https');
  }
  const token = signReportToken(secret, callId, new Date(now.getTime() + ttlHours * 60 * 60 * 1000));
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/report/${encodeURIComponent(callId)}`;
  url.search = '';
  url.hash = '';
  url.searchParams.set('token', token);
  return url.href;
}

function checkSecret(secret: Buffer): void {
  if (secret.length < MIN_SECRET_BYTES) {
    throw new RangeError(`The report link secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
}

function tagFor(secret: Buffer, callId: string, expiryPart: string): Buffer {
  return createHmac('sha256', secret)
    .update(LABEL)
    .update(expiryPart, 'ascii')
    .update(callId, 'utf8')
    .digest()
    .subarray(0, TAG_BYTES);
}
