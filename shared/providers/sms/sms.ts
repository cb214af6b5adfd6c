import { E164_EXAMPLE, maskPhone, parseE164 } from '../../domain/phone';

/**
 * The SMS port: sends one text message to one phone number. Every backend validates the message with
 * `checkSmsMessage` first, so a bad message is refused the same way everywhere, before any I/O.
 * `send` never throws for a failure of the message or of the service: it answers an `SmsResult`, and
 * says whether trying again later may help (`retryable`). Backends do not retry on their own: the
 * caller (a durable activity) decides.
 */

export interface SmsMessage {
  /** The recipient, in E.164 ("+14255550123"). */
  readonly to: string;
  readonly body: string;
}

export type SmsResult =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly error: string; readonly retryable: boolean };

export interface SmsSender {
  /** 'outbox', 'acs', 'twilio': for logs and the health page. */
  readonly kind: string;
  send(message: SmsMessage): Promise<SmsResult>;
}

/** 10 segments of 160 GSM-7 characters: the most Twilio accepts in one message. */
export const MAX_SMS_BODY_LENGTH = 1_600;

/** The body's length in characters as a person counts them (code points: an emoji is one). */
export function smsBodyLength(body: string): number {
  return Array.from(body).length;
}

/**
 * Checks a message before it is sent: `to` a valid phone number written in E.164 (no spaces or
 * punctuation: a number in another form is a bug upstream, not something to guess about), a body that
 * is not blank and at most `MAX_SMS_BODY_LENGTH` characters. Answers the failure to return as is, or
 * `undefined` when the message may be sent. The error never contains the number or the body.
 */
export function checkSmsMessage(message: SmsMessage): Extract<SmsResult, { ok: false }> | undefined {
  const problems: string[] = [];
  const to: unknown = message.to;
  if (typeof to !== 'string') {
    problems.push(`to is missing; expected an E.164 phone number like ${E164_EXAMPLE}`);
  } else {
    const parsed = parseE164(to);
    if (!parsed.ok) problems.push(`to ${parsed.message}`);
    else if (parsed.e164 !== to) {
      problems.push(`to must be written in E.164, without spaces or punctuation, like ${E164_EXAMPLE}`);
    }
  }
  const body: unknown = message.body;
  if (typeof body !== 'string' || body.trim() === '') {
    problems.push('body is empty');
  } else {
    const length = smsBodyLength(body);
    if (length > MAX_SMS_BODY_LENGTH) {
      problems.push(
        `body is ${length} characters long; the most is ${MAX_SMS_BODY_LENGTH} (10 SMS segments)`,
      );
    }
  }
  return problems.length > 0 ? { ok: false, retryable: false, error: problems.join('; ') } : undefined;
}

/**
 * Whether a failure with this HTTP status may succeed later: throttling (429), a timeout (408) and
 * server errors (5xx). Other 4xx are permanent: the request itself is wrong (bad number, bad
 * credentials, number not allowed to send).
 */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/**
 * Masks anything that looks like a phone number in a text from a provider ("The 'To' number
 * +14255550123 is not a valid phone number."), so that errors can be logged and stored.
 */
export function redactPhoneNumbers(text: string): string {
  return text.replace(/\+\d{6,15}\b/g, (number) => maskPhone(number));
}

/** A failure's text, from anything thrown. */
export function errorText(error: unknown): string {
  return redactPhoneNumbers(error instanceof Error ? error.message : String(error));
}
