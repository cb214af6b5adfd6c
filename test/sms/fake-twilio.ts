import type { TwilioFetch } from '../../shared/providers/sms/twilio';

/**
 * A fake Twilio Messages API, plugged in as the sender's `fetch`. It records each request and answers
 * like Twilio: 201 with the message resource, or an error document `{ code, message, more_info, status }`.
 */

export interface RecordedTwilioRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The form fields. */
  readonly form: Readonly<Record<string, string>>;
}

/** 'ok', an HTTP status to fail with (Twilio's error document), a non-JSON gateway error, or no answer. */
export type TwilioAnswer =
  'ok' | 'network' | 'html-502' | { readonly status: number; readonly code?: number };

const ERROR_CODES: Record<number, number> = { 400: 21211, 401: 20003, 429: 20429, 500: 20500, 503: 20503 };

export class FakeTwilio {
  readonly requests: RecordedTwilioRequest[] = [];
  next: TwilioAnswer = 'ok';
  private sent = 0;

  readonly fetch: TwilioFetch = async (url, init) => {
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const form = Object.fromEntries(new URLSearchParams(String(init.body ?? '')).entries());
    this.requests.push({ method: init.method ?? 'GET', url, headers, form });
    const next = this.next;
    if (next === 'network') throw new TypeError('fetch failed');
    if (next === 'html-502') {
      return new Response('<html><body>Bad Gateway</body></html>', {
        status: 502,
        statusText: 'Bad Gateway',
        headers: { 'content-type': 'text/html' },
      });
    }
    if (next === 'ok') {
      const sid = `SM${String(++this.sent).padStart(32, '0')}`;
      return Response.json(
        { sid, status: 'queued', to: form.To, from: form.From, body: form.Body, num_segments: '1' },
        { status: 201 },
      );
    }
    const code = next.code ?? ERROR_CODES[next.status] ?? 20001;
    return Response.json(
      {
        code,
        message:
          next.status === 400
            ? `The 'To' number ${form.To} is not a valid phone number.`
            : `Failure ${next.status}`,
        more_info: `https://www.twilio.com/docs/errors/${code}`,
        status: next.status,
      },
      { status: next.status },
    );
  };
}
