import type { Logger } from '../log';
import { eventGridRecording } from './acs-recording-files';
import { ApiError, errorResponse, type ApiRequest, type ApiResponse } from './api';
import { createCall, getCall, listCalls, type CallApiDeps } from './call-api';
import { getRecording, type RecordingApiDeps } from './recording-api';
import { readiness } from './readiness';
import { getReport, listReports, type ReportApiDeps } from './report-api';
import { eventGridSms, twilioSms, type SmsApiDeps } from './sms-api';
import { acsCallback, eventGridWebhook, type TelephonyApiDeps } from './telephony-api';
import { webPubSubUpstream, type WebPubSubApiDeps } from './voice-api';

/**
 * Every HTTP endpoint, once. `functions/` registers each with @azure/functions; the local host mounts
 * the same list on the same routes, so both answer the same way.
 */

export interface RouteDeps
  extends CallApiDeps, TelephonyApiDeps, ReportApiDeps, SmsApiDeps, WebPubSubApiDeps, RecordingApiDeps {
  /** Which backend serves each port, as reported by the health check. */
  readonly ports: Readonly<Record<string, string>>;
}

export type HttpMethod = 'GET' | 'POST' | 'OPTIONS';

export interface Route {
  /** The Azure Functions function name. */
  readonly name: string;
  readonly methods: readonly HttpMethod[];
  /** Functions route template under /api, e.g. `call/{call_id}`. */
  readonly route: string;
  /** `function`: needs a function key on Azure, the API key locally when exposed beyond loopback. */
  readonly authLevel: 'anonymous' | 'function';
  readonly handle: (request: ApiRequest, deps: RouteDeps) => Promise<ApiResponse>;
  /**
   * Pages an operator opens in a browser, which cannot send a header: the local host also takes the API
   * key as `?key=` (on Azure the function key comes as `?code=` on any route).
   */
  readonly keyInQuery?: true;
  /** Mounted by the local host only (on Azure a Functions extension owns what it does). */
  readonly localOnly?: true;
}

export const ROUTES: readonly Route[] = [
  { name: 'callCreate', methods: ['POST'], route: 'call', authLevel: 'function', handle: createCall },
  { name: 'callList', methods: ['GET'], route: 'call', authLevel: 'function', handle: listCalls },
  { name: 'callGet', methods: ['GET'], route: 'call/{call_id}', authLevel: 'function', handle: getCall },
  // Operators only: the caller's signed report never links to it.
  {
    name: 'callRecording',
    methods: ['GET'],
    route: 'call/{call_id}/recording',
    authLevel: 'function',
    handle: getRecording,
    keyInQuery: true,
  },
  { name: 'health', methods: ['GET'], route: 'health', authLevel: 'anonymous', handle: health },
  { name: 'healthReady', methods: ['GET'], route: 'health/ready', authLevel: 'anonymous', handle: readiness },
  // The caller's own report: the signed, expiring token in the link is the authentication.
  {
    name: 'reportGet',
    methods: ['GET'],
    route: 'report/{call_id}',
    authLevel: 'anonymous',
    handle: getReport,
  },
  {
    name: 'reportList',
    methods: ['GET'],
    route: 'report',
    authLevel: 'function',
    handle: listReports,
    keyInQuery: true,
  },
  {
    name: 'eventGridIncomingCall',
    methods: ['POST'],
    route: 'events/incoming-call',
    authLevel: 'function',
    handle: eventGridWebhook,
  },
  {
    name: 'eventGridSms',
    methods: ['POST'],
    route: 'events/sms',
    authLevel: 'function',
    handle: eventGridSms,
  },
  {
    name: 'eventGridRecording',
    methods: ['POST'],
    route: 'events/recording',
    authLevel: 'function',
    handle: eventGridRecording,
  },
  // Twilio signs its webhooks: the signature, not a key, authenticates it.
  { name: 'twilioSms', methods: ['POST'], route: 'sms/twilio', authLevel: 'anonymous', handle: twilioSms },
  // ACS cannot send a function key: the per-call secret and ACS's signed JWT authenticate it instead.
  {
    name: 'acsCallback',
    methods: ['POST'],
    route: 'callbacks/{call_id}',
    authLevel: 'anonymous',
    handle: acsCallback,
  },
  // Web PubSub signs its upstream requests: the signature authenticates them. On Azure the Web PubSub
  // extension receives them (`/runtime/webhooks/webpubsub`) and invokes the trigger functions instead.
  {
    name: 'webPubSubUpstream',
    methods: ['POST', 'OPTIONS'],
    route: 'webpubsub/{hub}',
    authLevel: 'anonymous',
    handle: webPubSubUpstream,
    localOnly: true,
  },
];

/** `GET /api/health`: 200 when the store answers, 503 otherwise, with the backend of each port. */
async function health(_request: ApiRequest, deps: RouteDeps): Promise<ApiResponse> {
  try {
    await deps.store.ping();
    return { status: 200, jsonBody: { status: 'ok', ports: deps.ports } };
  } catch (error) {
    deps.log.error('health check failed: store unreachable', { error: String(error) });
    return { status: 503, jsonBody: { status: 'unavailable', ports: deps.ports, failing: ['store'] } };
  }
}

/** Runs a route's handler and turns errors into the API's error shape. */
export async function handleRoute(route: Route, request: ApiRequest, deps: RouteDeps): Promise<ApiResponse> {
  try {
    return await route.handle(request, deps);
  } catch (error) {
    return toErrorResponse(error, route, deps.log);
  }
}

export function toErrorResponse(error: unknown, route: Route, log: Logger): ApiResponse {
  if (error instanceof ApiError) return errorResponse(error.status, error.message, error.details);
  log.error('unhandled error', {
    route: route.name,
    error: error instanceof Error ? error.message : String(error),
  });
  return errorResponse(500, 'Something went wrong on our side; the error is logged');
}
