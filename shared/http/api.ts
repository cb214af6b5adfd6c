import { isUtf8 } from 'node:buffer';
import { z } from 'zod';

/**
 * What our HTTP handlers see and answer. It is the subset of @azure/functions' `HttpRequest` and
 * `HttpResponseInit` we use, so the Functions host passes its objects straight through and the local
 * host builds the same from node:http.
 */
export interface ApiRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  readonly query: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
  text(): Promise<string>;
  /** The raw body, when the host has it (the local host; Functions: `arrayBuffer`): checked for UTF-8. */
  bytes?(): Promise<Uint8Array>;
  arrayBuffer?(): Promise<ArrayBuffer>;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  jsonBody?: unknown;
  /** Text (HTML pages), or bytes (a recording). */
  body?: string | Uint8Array;
}

export interface ErrorDetail {
  /** Where the problem is, as a path into the request: `claim[2].name`, `phone_number`, `body`. */
  readonly field: string;
  readonly message: string;
}

/** An error that becomes a 4xx (or 5xx) answer with `{"error":{"message","details":[...]}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorResponse(
  status: number,
  message: string,
  details: readonly ErrorDetail[] = [],
): ApiResponse {
  return { status, jsonBody: { error: { message, details } } };
}

export function json(status: number, body: unknown, headers?: Record<string, string>): ApiResponse {
  return headers ? { status, jsonBody: body, headers } : { status, jsonBody: body };
}

/** `['claim', 2, 'name']` → `claim[2].name`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text ? `${text}.${String(key)}` : String(key);
  }, '');
}

/** zod issues → details a person can act on, one per offending field. */
export function detailsFromZod(error: z.ZodError, root = ''): ErrorDetail[] {
  return error.issues.flatMap((issue) => {
    const path = root ? [root, ...issue.path] : issue.path;
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: formatPath([...path, key]),
        message: 'is not a known field',
      }));
    }
    const field = formatPath(path) || root || 'body';
    return [{ field, message: describeZodIssue(issue) }];
  });
}

/** zod's own wording ("Invalid input: expected string, received number") never reaches a user. */
const ZOD_WORDING = /^(Invalid|Too (big|small)|Expected|Unrecognized|Required)\b/;

const ARTICLE: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
};

function describeZodIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${ARTICLE[issue.expected] ?? issue.expected}, not ${kindOf(issue.input)}`;
    case 'too_big':
    case 'too_small': {
      // The schema's own words (a range, "must be between 0.75 and 1.25"), when it has some.
      if (!ZOD_WORDING.test(issue.message)) return issue.message;
      const bound = issue.code === 'too_big' ? issue.maximum : issue.minimum;
      const edge = issue.code === 'too_big' ? 'at most' : 'at least';
      if (issue.origin === 'string') {
        if (issue.code === 'too_small' && bound === 1) return 'must not be empty';
        return `must be ${edge} ${bound} characters`;
      }
      if (issue.origin === 'array') return `must have ${edge} ${bound} items`;
      if (issue.origin === 'number') return `must be ${edge} ${bound}`;
      break;
    }
    case 'invalid_value':
      return `must be one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return 'is not any of the accepted shapes';
    case 'invalid_format':
      if (ZOD_WORDING.test(issue.message)) return `must be a valid ${issue.format}`;
      break;
    default:
      break;
  }
  return ZOD_WORDING.test(issue.message) ? 'is not valid' : issue.message;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true/false';
  return typeof value;
}

export const MAX_BODY_BYTES = 64 * 1024;

/** Reads a JSON body with the checks every endpoint wants: content type, size, syntax. */
export async function readJsonBody(request: ApiRequest): Promise<unknown> {
  const contentType = request.headers.get('content-type') ?? '';
  // application/json, or a JSON-based type such as application/cloudevents-batch+json.
  if (!/^application\/([\w.-]+\+)?json\b/i.test(contentType.trim())) {
    throw new ApiError(415, 'The request body must be JSON: send the header Content-Type: application/json', [
      {
        field: 'content-type',
        message: contentType ? `"${contentType}" is not application/json` : 'is missing',
      },
    ]);
  }
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > MAX_BODY_BYTES) throw bodyTooLarge();
  const text = await readUtf8(request);
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw bodyTooLarge();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, 'The request body is not valid JSON', [
      { field: 'body', message: jsonSyntaxProblem(text, error) },
    ]);
  }
}

/**
 * Where a body's JSON breaks, in our words (the parser's own messages quote the body back and change
 * from one Node version to the next): the line and column when the parser says where.
 */
function jsonSyntaxProblem(text: string, error: unknown): string {
  if (text.trim() === '') return 'is empty: send a JSON object';
  const at = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!at)
    return 'is not valid JSON: it ends too soon or is not JSON at all (check quotes, commas and brackets)';
  const offset = Number(at[1]);
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const column = (before.at(-1)?.length ?? 0) + 1;
  return `is not valid JSON: unexpected character at line ${line}, column ${column} (check quotes, commas and brackets)`;
}

/**
 * The body as text, refused if it is not UTF-8: decoding would turn the bad bytes into U+FFFD
 * silently, and a name or an address would be stored altered.
 */
async function readUtf8(request: ApiRequest): Promise<string> {
  const raw = request.bytes
    ? await request.bytes()
    : request.arrayBuffer
      ? new Uint8Array(await request.arrayBuffer())
      : undefined;
  if (raw === undefined) return request.text();
  if (raw.byteLength > MAX_BODY_BYTES) throw bodyTooLarge();
  if (!isUtf8(raw)) {
    throw new ApiError(400, 'The request body is not valid UTF-8', [
      { field: 'body', message: 'must be UTF-8 text (a byte sequence in it is not UTF-8)' },
    ]);
  }
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
}

export function bodyTooLarge(): ApiError {
  return new ApiError(413, `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB`, [
    { field: 'body', message: `must be at most ${MAX_BODY_BYTES} bytes` },
  ]);
}
