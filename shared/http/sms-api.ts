import { EventGridPayloadError, parseEventGridDelivery } from '../providers/telephony/acs-events';
import type { SmsChannel } from '../conversation/sms-channel';
import type { Logger } from '../log';
import { ApiError, json, readJsonBody, type ApiRequest, type ApiResponse } from './api';

/**
 * `POST /api/events/sms`: Event Grid delivery of `Microsoft.Communication.SMSReceived` (and the
 * subscription handshake). Each text is answered by SMS through the conversation. Protected by the
 * function key on Azure (`?code=` in the subscription URL), the API key locally.
 */
export interface SmsApiDeps {
  readonly smsChannel: () => Promise<SmsChannel>;
  readonly log: Logger;
}

export async function eventGridSms(request: ApiRequest, deps: SmsApiDeps): Promise<ApiResponse> {
  let notifications;
  try {
    notifications = parseEventGridDelivery(await readJsonBody(request));
  } catch (error) {
    if (error instanceof EventGridPayloadError) {
      throw new ApiError(400, 'Not an Event Grid delivery', [{ field: 'body', message: error.message }]);
    }
    throw error;
  }
  const validation = notifications.find((n) => n.type === 'validation');
  if (validation) return json(200, { validationResponse: validation.validationCode });

  const channel = await deps.smsChannel();
  let answered = 0;
  for (const notification of notifications) {
    if (notification.type !== 'sms_received') continue;
    const outcome = await channel.receive(notification.from, notification.message);
    if (outcome.kind === 'answered') answered += 1;
    else if (outcome.kind === 'refused') deps.log.warn('SMS not answered', { reason: outcome.reason });
  }
  return json(200, { answered });
}
