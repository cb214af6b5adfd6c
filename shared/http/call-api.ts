import { z } from 'zod';
import { toCallView } from '../domain/call';
import { callInitiateSchema } from '../domain/initiate';
import { E164_EXAMPLE, e164PhoneSchema } from '../domain/phone';
import { MAX_LIST_LIMIT } from '../providers/store/store';
import {
  CallInProgressError,
  CallNotStartedError,
  startOutboundCall,
  type StartCallDeps,
} from '../workflow/start-call';
import { ApiError, detailsFromZod, json, readJsonBody, type ApiRequest, type ApiResponse } from './api';

/** What the call API needs; the hosts build it (on Azure the workflow client is per invocation). */
export type CallApiDeps = StartCallDeps;

/**
 * `POST /api/call`: validate, then reuse the caller's recent call with the same request or create a
 * new one, and start its orchestration, which places the call. Nothing is stored on a bad request.
 * One live call per number: while one is ringing or connected, another gets a 409 naming it, unless
 * the request says `"allow_concurrent": true`.
 */
export async function createCall(request: ApiRequest, deps: CallApiDeps): Promise<ApiResponse> {
  const body = await readJsonBody(request);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'The call request must be a JSON object', [
      {
        field: 'body',
        message: `must be an object like {"phone_number": "+14255550123", …}, not ${describeJson(body)}`,
      },
    ]);
  }
  const { initiate, allowConcurrent } = splitOptions(body);
  // reportInput: the messages say what was sent instead ("must be a string, not a number").
  const parsed = callInitiateSchema.safeParse(initiate, { reportInput: true });
  const details = [
    ...(parsed.success ? [] : detailsFromZod(parsed.error)),
    ...(allowConcurrent === undefined || typeof allowConcurrent === 'boolean'
      ? []
      : [{ field: 'allow_concurrent', message: 'must be true or false' }]),
  ];
  if (!parsed.success || details.length > 0) throw new ApiError(400, 'The call request is invalid', details);
  try {
    const { call } = await startOutboundCall(parsed.data, deps, {
      allowConcurrent: allowConcurrent === true,
    });
    return json(201, toCallView(call), { location: `/api/call/${call.call_id}` });
  } catch (error) {
    if (error instanceof CallInProgressError) {
      // The usual error shape, plus which call holds the number (to poll it, or to decide to override).
      return json(
        409,
        {
          error: {
            message: 'A call to this number is already in progress',
            details: [
              {
                field: 'phone_number',
                message: `call ${error.callId} is still in progress; wait for it to end, or send "allow_concurrent": true`,
              },
            ],
            call_id: error.callId,
          },
        },
        { 'content-location': `/api/call/${error.callId}` },
      );
    }
    if (error instanceof CallNotStartedError) {
      throw new ApiError(503, 'The call could not be started; try again in a moment');
    }
    throw error;
  }
}

/**
 * `allow_concurrent` is about placing this call, not part of the call's request: it is taken out before
 * the request is validated (and stored, and compared with a recent call's to reuse it).
 */
function splitOptions(body: unknown): { initiate: unknown; allowConcurrent: unknown } {
  if (
    typeof body !== 'object' ||
    body === null ||
    Array.isArray(body) ||
    !Object.hasOwn(body, 'allow_concurrent')
  ) {
    return { initiate: body, allowConcurrent: undefined };
  }
  const { allow_concurrent: allowConcurrent, ...initiate } = body as Record<string, unknown>;
  return { initiate, allowConcurrent };
}

const callIdSchema = z.uuid({ error: 'must be a call id (a UUID, as returned by POST /api/call)' });

/**
 * `GET /api/call/{call_id_or_phone}`: a call id, or a phone number (E.164, `+` written as is or as
 * `%2B`) for the newest call placed to or received from that number, as the original project answers.
 */
export async function getCall(request: ApiRequest, deps: CallApiDeps): Promise<ApiResponse> {
  const key = (request.params.call_id ?? '').trim();
  if (key.startsWith('+')) {
    const phone = e164PhoneSchema.safeParse(key);
    if (!phone.success) {
      throw new ApiError(400, 'The phone number is invalid', detailsFromZod(phone.error, 'call_id'));
    }
    const [newest] = await deps.store.listByPhone(phone.data, 1);
    if (!newest) {
      throw new ApiError(404, 'No call with this phone number', [
        { field: 'call_id', message: 'no call was placed to or received from this number' },
      ]);
    }
    return json(200, toCallView(newest));
  }
  const callId = callIdSchema.safeParse(key);
  if (!callId.success) {
    throw new ApiError(400, 'The call id is invalid', [
      {
        field: 'call_id',
        message: `must be a call id (a UUID, as returned by POST /api/call) or a phone number in E.164 format like ${E164_EXAMPLE}`,
      },
    ]);
  }
  const call = await deps.store.get(callId.data);
  if (!call) {
    throw new ApiError(404, `No call with id ${callId.data}`, [
      { field: 'call_id', message: 'is not a known call' },
    ]);
  }
  return json(200, toCallView(call));
}

const listQuerySchema = z.strictObject({
  phone_number: e164PhoneSchema,
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: `must be between 1 and ${MAX_LIST_LIMIT}` })
    .max(MAX_LIST_LIMIT, { error: `must be between 1 and ${MAX_LIST_LIMIT}` })
    .default(20),
});

/** `?phone_number=+...&limit=20`, as the call and report lists take it; a 400 naming the field otherwise. */
export function readPhoneListQuery(request: ApiRequest): z.output<typeof listQuerySchema> {
  const query = listQuerySchema.safeParse(Object.fromEntries(request.query));
  if (!query.success) throw new ApiError(400, 'The query is invalid', detailsFromZod(query.error));
  return query.data;
}

/** `GET /api/call?phone_number=+...&limit=20`: that number's calls, newest first. */
export async function listCalls(request: ApiRequest, deps: CallApiDeps): Promise<ApiResponse> {
  const { phone_number, limit } = readPhoneListQuery(request);
  const calls = await deps.store.listByPhone(phone_number, limit);
  return json(200, calls.map(toCallView));
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
