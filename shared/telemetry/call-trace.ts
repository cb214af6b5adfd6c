import { createHash } from 'node:crypto';
import {
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { callMetrics } from './metrics';

/**
 * One trace per call, whichever process or Function instance does the work: the trace id is derived
 * from the call id (the UUID's 32 hex digits), so every span of a call, on any instance, lands in the
 * same trace, and Application Insights' operation id is the call id. Spans are parented without
 * context propagation: by call id, to the call's current turn span in this process, else its call span
 * (the voice loop's lifetime), else the call's derived root. Async generators and queued callbacks
 * (the turn engine, the speaker) would lose an AsyncLocalStorage context; a call id they all have.
 *
 * Attributes never carry personal data: ids, counts, durations, model and tool names, masked numbers.
 */

/**
 * Cached, and dropped whenever telemetry is (un)installed (setup.ts): a tracer of the API's proxy keeps
 * the first provider it saw, and `trace.disable()` replaces the proxy itself.
 */
let cachedTracer: Tracer | undefined;
const tracer = (): Tracer => (cachedTracer ??= trace.getTracer('call-center-ai'));

export function resetTracer(): void {
  cachedTracer = undefined;
}

interface CallEntry {
  call: Span | undefined;
  turn: Span | undefined;
  /** The providers' own latencies in the current turn, for its overhead (first noted wins). */
  timings: TurnTimings;
}

export interface TurnTimings {
  /** Model request → its first sentence complete. */
  modelMs?: number;
  /** Which model answered. */
  model?: string;
  tools: number;
}

const calls = new Map<string, CallEntry>();

/** The call's trace id: its UUID without dashes; other ids hashed. */
export function traceIdOf(callId: string): string {
  const hex = callId.replace(/-/g, '').toLowerCase();
  if (/^[0-9a-f]{32}$/.test(hex) && !/^0+$/.test(hex)) return hex;
  return createHash('sha256').update(callId).digest('hex').slice(0, 32);
}

/** The call's root, as a remote parent: the same on every instance. */
function callRoot(callId: string): Context {
  const traceId = traceIdOf(callId);
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId,
    spanId: traceId.slice(16),
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  });
}

function parentOf(callId: string | undefined): Context {
  if (callId === undefined) return ROOT_CONTEXT;
  const entry = calls.get(callId);
  const parent = entry?.turn ?? entry?.call;
  return parent ? trace.setSpan(ROOT_CONTEXT, parent) : callRoot(callId);
}

function entryOf(callId: string): CallEntry {
  let entry = calls.get(callId);
  if (!entry) calls.set(callId, (entry = { call: undefined, turn: undefined, timings: { tools: 0 } }));
  return entry;
}

/** The call's voice loop started in this process: its span lasts until `endCallTrace`. */
export function startCallTrace(callId: string, attributes: Attributes): void {
  const entry = entryOf(callId);
  entry.call?.end();
  entry.call = tracer().startSpan(
    'call',
    { attributes: { 'call.id': callId, ...attributes } },
    callRoot(callId),
  );
  callMetrics().callsActive.add(1);
}

export function endCallTrace(callId: string, attributes: Attributes = {}): void {
  const entry = calls.get(callId);
  if (!entry?.call) return;
  entry.turn?.end();
  entry.call.setAttributes(attributes);
  entry.call.end();
  calls.delete(callId);
  callMetrics().callsActive.add(-1);
}

/**
 * A turn of the call starts (`startedAt`: when the caller stopped speaking, epoch ms): the model, tool
 * and store spans of the call are its children until `endTurnSpan`.
 */
export function startTurnSpan(callId: string, attributes: Attributes, startedAt?: number): Span {
  const entry = entryOf(callId);
  const span = tracer().startSpan(
    'turn',
    { attributes: { 'call.id': callId, ...attributes }, ...(startedAt ? { startTime: startedAt } : {}) },
    parentOf(callId),
  );
  entry.turn = span;
  entry.timings = { tools: 0 };
  return span;
}

export function endTurnSpan(callId: string, span: Span): void {
  span.end();
  const entry = calls.get(callId);
  if (entry?.turn !== span) return;
  entry.turn = undefined;
  if (!entry.call) calls.delete(callId);
}

/**
 * A turn of the call is answered here while its voice loop (and turn span) runs in another process (a
 * media process): the model's and tools' timings are collected from now on, for `turnTimings`.
 */
export function beginRemoteTurn(callId: string): void {
  entryOf(callId).timings = { tools: 0 };
}

/** Notes a turn's timings measured in another process (`beginRemoteTurn` there). */
export function noteRemoteTimings(callId: string, timings: TurnTimings): void {
  if (timings.modelMs !== undefined && timings.model !== undefined) {
    noteModelLatency(callId, timings.model, timings.modelMs);
  }
  for (let i = 0; i < timings.tools; i++) noteToolCall(callId);
}

/** The call's voice loop ended elsewhere: what `beginRemoteTurn` kept here is dropped. */
export function forgetRemoteCall(callId: string): void {
  const entry = calls.get(callId);
  if (entry && !entry.call && !entry.turn) calls.delete(callId);
}

/** What the providers took in the call's current turn (see TurnTimings). */
export function turnTimings(callId: string): TurnTimings {
  return calls.get(callId)?.timings ?? { tools: 0 };
}

/** Notes the model's time to its first sentence in the call's current turn (only the first is kept). */
export function noteModelLatency(callId: string, model: string, ms: number): void {
  const timings = calls.get(callId)?.timings;
  if (timings && timings.modelMs === undefined) {
    timings.modelMs = ms;
    timings.model = model;
  }
}

export function noteToolCall(callId: string): void {
  const timings = calls.get(callId)?.timings;
  if (timings) timings.tools += 1;
}

/** A span of the call (model request, tool, speech, store write), a child of its turn when there is one. */
export function startCallSpan(callId: string | undefined, name: string, attributes: Attributes = {}): Span {
  return tracer().startSpan(
    name,
    { attributes: callId ? { 'call.id': callId, ...attributes } : attributes },
    parentOf(callId),
  );
}

/** Runs `work` in a span of the call; a throw marks the span failed (its message kept out: it may quote input). */
export async function inCallSpan<T>(
  callId: string | undefined,
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const span = startCallSpan(callId, name, attributes);
  try {
    return await work(span);
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Marks a span failed with the error's class only: messages may quote what the caller said. */
export function failSpan(span: Span, error: unknown): void {
  const kind = error instanceof Error ? error.name : typeof error;
  span.setStatus({ code: SpanStatusCode.ERROR, message: kind });
  span.setAttribute('error.type', kind);
}
