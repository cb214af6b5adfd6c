import type { SmsChannel } from '../conversation/sms-channel';
import type { Config } from '../config';
import type { Logger } from '../log';
import { validateTwilioSignature } from '../providers/sms/twilio';
import { handshakeResponse, readEventGridDelivery } from './event-grid';
import type { EventGridNotification } from '../providers/telephony/acs-events';
import { ApiError, bodyTooLarge, json, MAX_BODY_BYTES, type ApiRequest, type ApiResponse } from './api';

/**
 * `POST /api/events/sms`: Event Grid delivery of `Microsoft.Communication.SMSReceived` (and the
 * subscription handshake). Each text is answered by SMS through the conversation. Protected by the
 * function key on Azure (`?code=` in the subscription URL), the API key locally.
 */
export interface SmsApiDeps {
  readonly config: Config;
  /** The public base URL Twilio signs requests against. */
  readonly publicUrl: string;
  readonly smsChannel: () => Promise<SmsChannel>;
  readonly log: Logger;
}

export async function eventGridSms(request: ApiRequest, deps: SmsApiDeps): Promise<ApiResponse> {
  const notifications = await readEventGridDelivery(request);
  const handshake = handshakeResponse(notifications);
  if (handshake) return handshake;

  return json(200, { answered: await answerSms(notifications, deps) });
}

/** Answers each SMSReceived through the conversation (the webhook and the Event Grid trigger share it). */
export async function answerSms(
  notifications: readonly EventGridNotification[],
  deps: SmsApiDeps,
): Promise<number> {
  const channel = await deps.smsChannel();
  let answered = 0;
  for (const notification of notifications) {
    if (notification.type !== 'sms_received') continue;
    const outcome = await channel.receive(notification.from, notification.message);
    if (outcome.kind === 'answered') answered += 1;
    else if (outcome.kind === 'refused') deps.log.warn('SMS not answered', { reason: outcome.reason });
  }
  return answered;
}

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/**
 * `POST /api/sms/twilio`: Twilio's incoming-message webhook (form-encoded). Authenticated by Twilio's
 * signature over our public URL and the parameters; the answer goes out through the SMS port, so the
 * webhook itself answers with an empty TwiML document.
 */
export async function twilioSms(request: ApiRequest, deps: SmsApiDeps): Promise<ApiResponse> {
  const authToken = deps.config.sms.twilio.auth_token;
  if (!authToken) throw new ApiError(404, 'Twilio is not configured: set sms.twilio.auth_token');
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw bodyTooLarge();
  const params = Object.fromEntries(new URLSearchParams(text));
  const url = `${deps.publicUrl.replace(/\/$/, '')}/api/sms/twilio${new URL(request.url).search}`;
  if (!validateTwilioSignature(authToken, url, params, request.headers.get('x-twilio-signature') ?? '')) {
    throw new ApiError(401, 'The request is not signed by Twilio');
  }
  if (params.From && params.Body !== undefined) {
    const outcome = await (await deps.smsChannel()).receive(params.From, params.Body);
    if (outcome.kind === 'refused') deps.log.warn('SMS not answered', { reason: outcome.reason });
  }
  return { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: EMPTY_TWIML };
}
