import {
  EventGridPayloadError,
  parseEventGridDelivery,
  type EventGridNotification,
} from '../providers/telephony/acs-events';
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
