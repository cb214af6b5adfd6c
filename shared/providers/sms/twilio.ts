import { createHmac, timingSafeEqual } from 'node:crypto';
import { maskPhone } from '../../domain/phone';
import { silentLogger, type Logger } from '../../log';
import {
  checkSmsMessage,
  errorText,
  isRetryableStatus,
  redactPhoneNumbers,
  type SmsMessage,
  type SmsResult,
  type SmsSender,
} from './sms';

export type TwilioFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface TwilioSmsSenderOptions {
  /** "AC" + 32 hex digits. */
  readonly accountSid: string;
  readonly authToken: string;
  /** A Twilio number in E.164, or an alphanumeric sender id where the country allows it. */
  readonly from: string;
  /** The HTTP client; default the global `fetch`. Tests plug in a fake Twilio here. */
  readonly fetch?: TwilioFetch;
  /** Default "https://api.twilio.com". */
  readonly baseUrl?: string;
  /** A request that takes longer is abandoned (retryable). Default 30 s. */
  readonly timeoutMs?: number;
  readonly log?: Logger;
}

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;

/**
 * SMS through the Twilio REST API, without the Twilio SDK:
 * `POST {baseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json`, HTTP basic auth (account SID, auth
 * token), form-encoded `To`, `From`, `Body`. Twilio answers 201 with the message resource (`sid`), or an
 * error `{ code, message, more_info, status }`.
 *
 * Twilio has no idempotency key for sending messages: a request that got no answer (network error,
 * timeout) is reported retryable, and retrying it may send the SMS twice.
 */
export class TwilioSmsSender implements SmsSender {
  readonly kind = 'twilio';
  private readonly url: string;
  private readonly authorization: string;
  private readonly from: string;
  private readonly fetch: TwilioFetch;
  private readonly timeoutMs: number;
  private readonly log: Logger;

  constructor(options: TwilioSmsSenderOptions) {
    if (!ACCOUNT_SID.test(options.accountSid)) {
      throw new Error('TwilioSmsSender: accountSid must be "AC" followed by 32 hexadecimal digits');
    }
    if (!options.authToken) throw new Error('TwilioSmsSender: authToken is required');
    if (!options.from.trim()) throw new Error('TwilioSmsSender: from is required');
    const baseUrl = (options.baseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
    this.url = `${baseUrl}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
    this.from = options.from;
    this.fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.log = (options.log ?? silentLogger).child({ sms: this.kind });
  }

  async send(message: SmsMessage): Promise<SmsResult> {
    const invalid = checkSmsMessage(message);
    if (invalid) return invalid;
    const result = await this.post(message);
    const to = maskPhone(message.to);
    if (result.ok) this.log.info('SMS sent', { to, id: result.id, length: message.body.length });
    else this.log.warn('SMS not sent', { to, error: result.error, retryable: result.retryable });
    return result;
  }

  private async post(message: SmsMessage): Promise<SmsResult> {
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(this.url, {
        method: 'POST',
        headers: {
          authorization: this.authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ To: message.to, From: this.from, Body: message.body }).toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      return { ok: false, retryable: true, error: `Twilio request failed: ${errorText(error)}` };
    }
    const json = parseJson(text);
    if (response.ok) {
      const sid = json?.sid;
      return typeof sid === 'string' && sid
        ? { ok: true, id: sid }
        : { ok: false, retryable: false, error: `Twilio answered ${response.status} without a message sid` };
    }
    const code = typeof json?.code === 'number' || typeof json?.code === 'string' ? ` ${json.code}` : '';
    const reason =
      typeof json?.message === 'string' ? json.message : response.statusText || 'no reason given';
    return {
      ok: false,
      retryable: isRetryableStatus(response.status),
      error: `Twilio refused the message (${response.status}${code}): ${redactPhoneNumbers(reason)}`,
    };
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Twilio's signature of a webhook request (the `X-Twilio-Signature` header): base64 of the HMAC-SHA1,
 * keyed with the auth token, of the full URL Twilio requested (with its query string) followed by each
 * POST parameter, sorted by name, as name then value with no separator.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  let data = url;
  for (const key of Object.keys(params).sort()) data += key + params[key];
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/**
 * Whether `signature` (the `X-Twilio-Signature` header) is Twilio's signature of this request. `url` is
 * the URL exactly as Twilio requested it, `params` the form-encoded POST parameters (none for a GET).
 * Like Twilio's own helper libraries, the URL is also tried with its default port written out and left
 * out (":443" for https, ":80" for http), because Twilio may sign either form. Constant-time compare.
 */
export function validateTwilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string>,
  signature: string,
): boolean {
  if (!authToken || !signature) return false;
  const given = Buffer.from(signature, 'utf8');
  let valid = false;
  for (const candidate of urlVariants(url)) {
    const expected = Buffer.from(twilioSignature(authToken, candidate, params), 'utf8');
    // No early exit: every variant is checked, whatever matched.
    if (expected.length === given.length && timingSafeEqual(expected, given)) valid = true;
  }
  return valid;
}

/** The URL as given, and with its default port written out or left out. */
function urlVariants(url: string): string[] {
  const variants = [url];
  const match = /^(https?):\/\/([^/?#]*)(.*)$/is.exec(url);
  if (!match) return variants;
  const [, scheme = '', authority = '', rest = ''] = match;
  const defaultPort = scheme.toLowerCase() === 'https' ? '443' : '80';
  const withPort = /:(\d+)$/.exec(authority);
  if (!withPort) variants.push(`${scheme}://${authority}:${defaultPort}${rest}`);
  else if (withPort[1] === defaultPort) {
    variants.push(`${scheme}://${authority.slice(0, -withPort[0].length)}${rest}`);
  }
  return variants;
}
