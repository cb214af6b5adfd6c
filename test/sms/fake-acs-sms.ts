import { createHttpHeaders, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import type { SmsHttpClient } from '../../shared/providers/sms/acs';

/**
 * A fake Azure Communication Services SMS REST API (`POST /sms?api-version=…`), plugged in as the SDK's
 * HTTP transport. It records each request and answers like the service: 202 with one result per
 * recipient, a per-recipient failure inside a 202, or the whole request refused.
 */

export interface RecordedAcsRequest {
  readonly method: string;
  readonly path: string;
  readonly apiVersion: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/**
 * What the fake answers next:
 * - 'ok': 202, the recipient accepted;
 * - { recipientStatus }: 202, the recipient refused with this status (400 bad number, 429 throttled…);
 * - { requestStatus }: the whole request refused with this status (401, 429, 503…);
 * - 'network': no answer at all.
 */
export type AcsAnswer =
  'ok' | 'network' | { readonly recipientStatus: number } | { readonly requestStatus: number };

export class FakeAcsSms implements SmsHttpClient {
  readonly requests: RecordedAcsRequest[] = [];
  next: AcsAnswer = 'ok';
  private sent = 0;

  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    const url = new URL(request.url);
    const body = typeof request.body === 'string' ? JSON.parse(request.body) : undefined;
    this.requests.push({
      method: request.method,
      path: url.pathname,
      apiVersion: url.searchParams.get('api-version'),
      headers: request.headers.toJSON(),
      body,
    });
    const answer = (status: number, json: unknown): PipelineResponse => ({
      request,
      status,
      headers: createHttpHeaders({ 'content-type': 'application/json' }),
      bodyAsText: JSON.stringify(json),
    });
    if (request.method !== 'POST' || url.pathname !== '/sms') {
      return answer(404, { error: { code: 'NotFound', message: `Fake ACS does not know ${url.pathname}` } });
    }
    const next = this.next;
    if (next === 'network') throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    if (typeof next === 'object' && 'requestStatus' in next) {
      return answer(next.requestStatus, {
        error: { code: String(next.requestStatus), message: `Request refused with ${next.requestStatus}` },
      });
    }
    const recipients = (body?.smsRecipients ?? []) as { to: string; repeatabilityRequestId?: string }[];
    return answer(202, {
      value: recipients.map((recipient) =>
        next === 'ok'
          ? {
              to: recipient.to,
              messageId: `Outgoing_${++this.sent}_noam`,
              httpStatusCode: 202,
              repeatabilityResult: 'accepted',
              successful: true,
            }
          : {
              to: recipient.to,
              httpStatusCode: next.recipientStatus,
              repeatabilityResult: 'accepted',
              successful: false,
              errorMessage: `Invalid To phone number format ${recipient.to}`,
            },
      ),
    });
  }
}
