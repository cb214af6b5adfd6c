import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { reportLink, signReportToken, verifyReportToken } from '../../shared/http/report-token';

const SECRET = randomBytes(32);
const CALL_ID = '3f2b8c1e-9d4a-4e6b-8f1c-2a7d5e9b0c43';
const NOW = new Date('2025-06-01T12:00:00Z');
const EXPIRES = new Date('2025-06-03T12:00:00Z');
const SECOND = 1000;

function flip(char: string): string {
  return char === 'A' ? 'B' : 'A';
}

function b64urlUint64(value: bigint): string {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(value);
  return bytes.toString('base64url');
}

describe('report tokens', () => {
  it('verifies a valid token and returns its expiry', () => {
    const token = signReportToken(SECRET, CALL_ID, EXPIRES);
    expect(token).toMatch(/^[A-Za-z0-9_-]{11}\.[A-Za-z0-9_-]{22}$/);
    expect(verifyReportToken(SECRET, CALL_ID, token, NOW)).toEqual({ ok: true, expiresAt: EXPIRES });
    // Still valid one second before the expiry.
    const justBefore = new Date(EXPIRES.getTime() - SECOND);
    expect(verifyReportToken(SECRET, CALL_ID, token, justBefore).ok).toBe(true);
  });

  it('has the documented format', () => {
    const token = signReportToken(SECRET, CALL_ID, EXPIRES);
    const [expiryPart = '', tagPart = ''] = token.split('.');
    expect(Buffer.from(expiryPart, 'base64url').readBigUInt64BE(0)).toBe(BigInt(EXPIRES.getTime() / 1000));
    const tag = createHmac('sha256', SECRET)
      .update(`report:v1\u0000${expiryPart}${CALL_ID}`, 'utf8')
      .digest()
      .subarray(0, 16);
    expect(tagPart).toBe(tag.toString('base64url'));
  });

  it('rounds a sub-second expiry down to the whole second', () => {
    const token = signReportToken(SECRET, CALL_ID, new Date(EXPIRES.getTime() + 999));
    expect(verifyReportToken(SECRET, CALL_ID, token, NOW)).toEqual({ ok: true, expiresAt: EXPIRES });
  });

  it('refuses an expired token', () => {
    const token = signReportToken(SECRET, CALL_ID, EXPIRES);
    const onePast = new Date(EXPIRES.getTime() + SECOND);
    expect(verifyReportToken(SECRET, CALL_ID, token, onePast)).toEqual({ ok: false, reason: 'expired' });
    // The expiry instant itself is already past.
    expect(verifyReportToken(SECRET, CALL_ID, token, EXPIRES)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a tampered expiry as bad_signature, even when it would be expired', () => {
    const token = signReportToken(SECRET, CALL_ID, EXPIRES);
    const tagPart = token.split('.')[1] ?? '';
    const later = b64urlUint64(BigInt(EXPIRES.getTime() / 1000 + 365 * 24 * 3600));
    expect(verifyReportToken(SECRET, CALL_ID, `${later}.${tagPart}`, NOW)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    const earlier = b64urlUint64(BigInt(NOW.getTime() / 1000 - 3600));
    expect(verifyReportToken(SECRET, CALL_ID, `${earlier}.${tagPart}`, NOW)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    // Every character of the expiry counts, also the padding bits of the last one.
    const lastFlipped = token.slice(0, 10) + flip(token.charAt(10)) + token.slice(11);
    expect(verifyReportToken(SECRET, CALL_ID, lastFlipped, NOW)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('refuses a token with any one signature character changed', () => {
    const token = signReportToken(SECRET, CALL_ID, EXPIRES);
    for (let i = 12; i < token.length; i++) {
      const tampered = token.slice(0, i) + flip(token.charAt(i)) + token.slice(i + 1);
      expect(verifyReportToken(SECRET, CALL_ID, tampered, NOW)).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
    }
  });

  it("refuses another call's token as bad_signature", () => {
    const other = signReportToken(SECRET, '9a1c4f7e-2b3d-4c5e-8f6a-7b8c9d0e1f2a', EXPIRES);
    expect(verifyReportToken(SECRET, CALL_ID, other, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a token signed with another secret', () => {
    const token = signReportToken(randomBytes(32), CALL_ID, EXPIRES);
    expect(verifyReportToken(SECRET, CALL_ID, token, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('is not the HMAC of another use of the same secret', () => {
    const token = signReportToken(SECRET, CALL_ID, EXPIRES);
    const plain = createHmac('sha256', SECRET).update(CALL_ID, 'utf8').digest('base64url');
    expect(plain.startsWith(token.split('.')[1] ?? '')).toBe(false);
  });

  it('reports a missing token', () => {
    expect(verifyReportToken(SECRET, CALL_ID, null, NOW)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyReportToken(SECRET, CALL_ID, '', NOW)).toEqual({ ok: false, reason: 'missing' });
  });

  it.each([
    ['garbage', 'garbage'],
    ['a 10 KB string', 'A'.repeat(10 * 1024)],
    ['a 10 KB string of dots', '.'.repeat(10 * 1024)],
    ['non-base64url characters', 'AAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAA+'],
    ['standard base64 padding', 'AAAAAAAAAAA=.AAAAAAAAAAAAAAAAAAAAAA'],
    ['unicode', 'ÄAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA'],
    ['no separator', 'A'.repeat(34)],
    ['two separators', 'AAAAAAAAAAA.AAAAAAAAAA.AAAAAAAAAAA'],
    ['a truncated signature', 'AAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAA'],
    ['whitespace around a token', ' AAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA'],
    ['a JWT-looking value', 'eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl'],
  ])('refuses %s as malformed without throwing', (_name, token) => {
    expect(verifyReportToken(SECRET, CALL_ID, token, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses unusable inputs when signing', () => {
    expect(() => signReportToken(randomBytes(16), CALL_ID, EXPIRES)).toThrow(RangeError);
    expect(() => signReportToken(SECRET, '', EXPIRES)).toThrow(RangeError);
    expect(() => signReportToken(SECRET, CALL_ID, new Date(Number.NaN))).toThrow(RangeError);
    expect(() => verifyReportToken(randomBytes(16), CALL_ID, 'x', NOW)).toThrow(RangeError);
    expect(() => verifyReportToken(SECRET, CALL_ID, 'x', new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('reportLink', () => {
  it('is a short absolute URL with the call id in the path and the token in the query', () => {
    const link = reportLink('https://callcenter.example.com', SECRET, CALL_ID, NOW, 48);
    const url = new URL(link);
    expect(url.origin).toBe('https://callcenter.example.com');
    expect(url.pathname).toBe(`/api/report/${CALL_ID}`);
    const token = url.searchParams.get('token');
    expect(verifyReportToken(SECRET, CALL_ID, token, NOW)).toEqual({
      ok: true,
      expiresAt: new Date(NOW.getTime() + 48 * 3600 * SECOND),
    });
    expect(link).toBe(`https://callcenter.example.com/api/report/${CALL_ID}?token=${token}`);
    expect(link.length).toBeLessThan(140);
  });

  it('expires after the given number of hours', () => {
    const link = reportLink('https://callcenter.example.com', SECRET, CALL_ID, NOW, 1);
    const token = new URL(link).searchParams.get('token');
    const later = new Date(NOW.getTime() + 3600 * SECOND + SECOND);
    expect(verifyReportToken(SECRET, CALL_ID, token, later)).toEqual({ ok: false, reason: 'expired' });
  });

  it('keeps a path prefix of the base URL, with or without a trailing slash', () => {
    for (const base of ['https://example.com/app', 'https://example.com/app/']) {
      const url = new URL(reportLink(base, SECRET, CALL_ID, NOW, 24));
      expect(url.pathname).toBe(`/app/api/report/${CALL_ID}`);
    }
  });

  it('percent-encodes a call id that needs it', () => {
    const callId = 'a/b?c#d';
    const url = new URL(reportLink('https://example.com', SECRET, callId, NOW, 24));
    expect(url.pathname).toBe('/api/report/a%2Fb%3Fc%23d');
    expect(url.hash).toBe('');
    expect(verifyReportToken(SECRET, callId, url.searchParams.get('token'), NOW).ok).toBe(true);
  });

  it('refuses unusable arguments', () => {
    expect(() => reportLink('not a url', SECRET, CALL_ID, NOW, 24)).toThrow(RangeError);
    expect(() => reportLink('ftp://example.com', SECRET, CALL_ID, NOW, 24)).toThrow(RangeError);
    expect(() => reportLink('https://example.com', SECRET, CALL_ID, NOW, 0)).toThrow(RangeError);
    expect(() => reportLink('https://example.com', SECRET, '..', NOW, 24)).toThrow(RangeError);
  });
});
