import { SmsClient, type SmsClientOptions } from '@azure/communication-sms';
import { maskPhone } from '../../domain/phone';
import { silentLogger, type Logger } from '../../log';
import { acsClientArgs, type AcsAuth } from '../acs-auth';
import {
  checkSmsMessage,
  errorText,
  isRetryableStatus,
  redactPhoneNumbers,
  type SmsMessage,
  type SmsResult,
  type SmsSender,
} from './sms';

/** The SDK's HTTP transport: tests plug in a fake ACS here. */
export type SmsHttpClient = NonNullable<SmsClientOptions['httpClient']>;

/** A connection string ("endpoint=https://….communication.azure.com/;accesskey=…"), or endpoint + Entra ID credential. */
export type AcsSmsSenderOptions = AcsAuth & AcsSmsSettings;

interface AcsSmsSettings {
  /** A number (or alphanumeric sender id) the ACS resource owns and may send SMS from. */
  readonly from: string;
  readonly httpClient?: SmsHttpClient;
  /**
   * Retries of the SDK's HTTP pipeline on 429/5xx. Default 0: the port reports `retryable` and the
   * caller decides when to try again, so that retries do not multiply or hold an activity for minutes.
   */
  readonly maxRetries?: number;
  readonly log?: Logger;
}

/**
 * SMS through Azure Communication Services (`POST {endpoint}/sms?api-version=2021-03-07`). The service
 * answers 202 with one result per recipient; a request refused as a whole (bad credentials,
 * throttling) makes the SDK throw a `RestError` carrying the HTTP status.
 */
export class AcsSmsSender implements SmsSender {
  readonly kind = 'acs';
  private readonly client: SmsClient;
  private readonly from: string;
  private readonly log: Logger;

  constructor(options: AcsSmsSenderOptions) {
    if (!options.from.trim()) throw new Error('AcsSmsSender: from is required');
    this.from = options.from;
    const clientOptions: SmsClientOptions = {
      ...(options.httpClient ? { httpClient: options.httpClient } : {}),
      retryOptions: { maxRetries: options.maxRetries ?? 0 },
    };
    const auth = acsClientArgs(options);
    this.client =
      auth.length === 1
        ? new SmsClient(auth[0], clientOptions)
        : new SmsClient(auth[0], auth[1], clientOptions);
    this.log = (options.log ?? silentLogger).child({ sms: this.kind });
  }

  async send(message: SmsMessage): Promise<SmsResult> {
    const invalid = checkSmsMessage(message);
    if (invalid) return invalid;
    const to = maskPhone(message.to);
    let result: SmsResult;
    try {
      const [recipient] = await this.client.send({
        from: this.from,
        to: [message.to],
        message: message.body,
      });
      if (!recipient) {
        result = { ok: false, retryable: false, error: 'ACS answered no result for the recipient' };
      } else if (recipient.successful && recipient.messageId) {
        result = { ok: true, id: recipient.messageId };
      } else if (recipient.successful) {
        result = { ok: false, retryable: false, error: 'ACS accepted the message but gave no message id' };
      } else {
        const status = recipient.httpStatusCode;
        result = {
          ok: false,
          retryable: isRetryableStatus(status),
          error: `ACS refused the message (${status}): ${redactPhoneNumbers(recipient.errorMessage ?? 'no reason given')}`,
        };
      }
    } catch (error) {
      // A RestError: the whole request failed. No status = no answer (network, DNS, timeout): retryable.
      const status = (error as { statusCode?: unknown } | null)?.statusCode;
      result =
        typeof status === 'number'
          ? {
              ok: false,
              retryable: isRetryableStatus(status),
              error: `ACS SMS request failed (${status}): ${errorText(error)}`,
            }
          : { ok: false, retryable: true, error: `ACS SMS request failed: ${errorText(error)}` };
    }
    if (result.ok) this.log.info('SMS sent', { to, id: result.id, length: message.body.length });
    else this.log.warn('SMS not sent', { to, error: result.error, retryable: result.retryable });
    return result;
  }
}
