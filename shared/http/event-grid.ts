import {
  EventGridPayloadError,
  parseEventGridDelivery,
  type EventGridNotification,
} from '../providers/telephony/acs-events';
import type { Logger } from '../log';
import { ApiError, json, readJsonBody, type ApiRequest, type ApiResponse } from './api';

/** An Event Grid webhook's body, read into notifications; a 400 naming the body when it is not one. */
export async function readEventGridDelivery(request: ApiRequest): Promise<EventGridNotification[]> {
  try {
    return parseEventGridDelivery(await readJsonBody(request));
  } catch (error) {
    if (error instanceof EventGridPayloadError) {
      throw new ApiError(400, 'Not an Event Grid delivery', [{ field: 'body', message: error.message }]);
    }
    throw error;
  }
}

/** The answer to Event Grid's subscription handshake, when the delivery is one. */
export function handshakeResponse(notifications: readonly EventGridNotification[]): ApiResponse | undefined {
  const validation = notifications.find((n) => n.type === 'validation');
  return validation && json(200, { validationResponse: validation.validationCode });
}

/**
 * Events handed over by the Functions Event Grid trigger (already authenticated by the extension). One
 * that is not what ACS publishes is skipped with a warning: throwing would make Event Grid redeliver it
 * for a day.
 */
export function readEventGridEvents(events: readonly unknown[], log: Logger): EventGridNotification[] {
  try {
    // Through JSON, as a webhook body: dates become the strings the schema reads.
    return parseEventGridDelivery(JSON.parse(JSON.stringify(events)));
  } catch (error) {
    if (!(error instanceof EventGridPayloadError)) throw error;
    log.warn('Event Grid event skipped', { error: error.message });
    return [];
  }
}
