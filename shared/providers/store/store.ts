import { setTimeout as sleep } from 'node:timers/promises';
import { callStateSchema, type CallState } from '../../domain/call';
import { inCallSpan } from '../../telemetry/call-trace';

/**
 * The call store port. Backends implement the small `CallStoreBackend` contract (one file each); the
 * `CallStore` on top owns what must behave the same everywhere: validation before any write, and
 * read-modify-write with optimistic concurrency so that no concurrent update is ever lost.
 */

export interface StoredCall {
  readonly call: CallState;
  /** Opaque version token: a write with a stale etag is refused. */
  readonly etag: string;
}

export type ReplaceResult = { ok: true; etag: string } | { ok: false; reason: 'conflict' | 'not_found' };

export interface CallStoreBackend {
  readonly kind: string;
  /**
   * Stores a new call. Throws `CallAlreadyExistsError` when the id is taken. `document` is the call as
   * JSON (`JSON.stringify(call)`), made once by the store for its size check: a backend that keeps JSON
   * text stores it as is.
   */
  insert(call: CallState, document: string): Promise<StoredCall>;
  /**
   * The stored call, as a copy the caller owns: changing it changes nothing stored nor any other read's
   * copy (updates change it in place rather than pay for a deep copy of the whole call on every write).
   */
  read(callId: string): Promise<StoredCall | undefined>;
  /** Replaces the call only if its stored etag is still `etag`. `document`: as for `insert`. */
  replace(call: CallState, etag: string, document: string): Promise<ReplaceResult>;
  /**
   * The newest call created at or after `since` whose line number (`initiate.phone_number`, the number
   * the call was placed to or received from) is `phone`. Never a number stated during the call.
   */
  newestForPhone(phone: string, since: Date): Promise<CallState | undefined>;
  /** Calls whose line number is `phone`, newest first, at most `limit`. */
  listForPhone(phone: string, limit: number): Promise<CallState[]>;
  /** Calls whose line number is `phone` and that have not ended (created, ringing, connected), newest first, at most `limit`. */
  unendedForPhone(phone: string, limit: number): Promise<CallState[]>;
  /**
   * Calls newest first, at most `query.limit`, of every line or of `query.phone`'s only: the operator's
   * list and the fine-tuning export page through the whole store with it.
   */
  listNewest(query: ListQuery): Promise<CallState[]>;
  /** Throws when the backend cannot serve requests. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A page of calls, newest first (`CallStoreBackend.listNewest`). */
export interface ListQuery {
  /** Only the calls of this line number. */
  readonly phone?: string;
  /** Only calls created at or after this instant. */
  readonly since?: Date;
  /**
   * Only calls created strictly before this instant: the page cursor, the `created_at` of the last call
   * of the previous page. Calls are stamped to the millisecond with a clock that moves on, so two calls
   * sharing the boundary's millisecond (which would lose one) do not happen in practice.
   */
  readonly before?: Date;
  /** Only calls whose lifecycle ended. */
  readonly endedOnly?: boolean;
  readonly limit: number;
}

export class CallNotFoundError extends Error {
  readonly code = 'call_not_found';
  constructor(readonly callId: string) {
    super(`No call with id ${callId}`);
    this.name = 'CallNotFoundError';
  }
}

export class CallAlreadyExistsError extends Error {
  readonly code = 'call_already_exists';
  constructor(readonly callId: string) {
    super(`A call with id ${callId} already exists`);
    this.name = 'CallAlreadyExistsError';
  }
}

/**
 * The largest call document the store keeps, serialized as JSON (UTF-8 bytes): comfortably under
 * Cosmos DB's 2 MB item limit (system properties and indexing overhead included), so that no backend
 * ever reaches the point where every write to the call fails. About 1,000 long turns.
 */
export const MAX_CALL_DOCUMENT_BYTES = 1_500_000;

/**
 * Room above the limit for the call's own bookkeeping (`{ essential: true }` writes: its lifecycle,
 * post-call results), so that a full call still rings, connects, ends and gets its report.
 */
export const ESSENTIAL_HEADROOM_BYTES = 64 * 1024;

/** A write would grow the call past `MAX_CALL_DOCUMENT_BYTES`: nothing was stored. */
export class CallTooLargeError extends Error {
  readonly code = 'call_too_large';
  constructor(
    readonly callId: string,
    readonly bytes: number,
  ) {
    super(`Call ${callId} would grow to ${bytes} bytes, over the ${MAX_CALL_DOCUMENT_BYTES}-byte limit`);
    this.name = 'CallTooLargeError';
  }
}

export class UpdateConflictError extends Error {
  readonly code = 'update_conflict';
  constructor(
    readonly callId: string,
    attempts: number,
  ) {
    super(`Call ${callId} kept changing underneath ${attempts} update attempts`);
    this.name = 'UpdateConflictError';
  }
}

/** A change to a call: gets a private copy to modify (or return a replacement). May be async. */
export type CallMutation = (call: CallState) => CallState | void | Promise<CallState | void>;

export const MAX_LIST_LIMIT = 100;

export interface UpdateOptions {
  /**
   * The call's own bookkeeping (lifecycle, post-call results), not what a caller adds: allowed to grow
   * the call up to `ESSENTIAL_HEADROOM_BYTES` past the limit, so that a full call still ends properly.
   */
  readonly essential?: boolean;
}

export interface CallStoreOptions {
  /** How many times an update is retried when another writer got there first. */
  readonly maxUpdateAttempts?: number;
}

export class CallStore {
  readonly kind: string;
  private readonly maxUpdateAttempts: number;
  private readonly changeListeners = new Set<(call: CallState) => void>();

  constructor(
    private readonly backend: CallStoreBackend,
    options: CallStoreOptions = {},
  ) {
    this.kind = backend.kind;
    this.maxUpdateAttempts = options.maxUpdateAttempts ?? 50;
  }

  async create(call: CallState): Promise<CallState> {
    const valid = callStateSchema.parse(call);
    const { document, bytes } = serialized(valid);
    if (bytes > MAX_CALL_DOCUMENT_BYTES) throw new CallTooLargeError(valid.call_id, bytes);
    const attributes = { 'store.kind': this.kind, 'store.bytes': bytes };
    const stored = await inCallSpan(valid.call_id, 'store.create', attributes, () =>
      this.backend.insert(valid, document),
    );
    return this.changed(stored.call);
  }

  /**
   * Listens to the calls this process writes (not other instances'): the softphone shows a call as it
   * changes without polling. A throwing listener is isolated from the writer.
   */
  onChange(listener: (call: CallState) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private changed(call: CallState): CallState {
    for (const listener of this.changeListeners) {
      try {
        listener(call);
      } catch {
        // A listener's problem is its own: the write succeeded.
      }
    }
    return call;
  }

  async get(callId: string): Promise<CallState | undefined> {
    return (await this.backend.read(callId))?.call;
  }

  /**
   * The call a caller resumes when they call (or are called, or text) again: the newest one whose line
   * number is `phone`, created within the last `callbackTimeoutHour` hours (the boundary included).
   * Only the number the network vouches for counts: a number a caller merely stated (the claim's
   * `policyholder_phone`) must never let its owner, or anyone who names it, into someone else's call.
   */
  async findResumable(phone: string, callbackTimeoutHour: number, now: Date): Promise<CallState | undefined> {
    const since = new Date(now.getTime() - callbackTimeoutHour * 3_600_000);
    return this.backend.newestForPhone(phone, since);
  }

  /** The calls placed to or received from `phone` (never those that only mention it), newest first. */
  async listByPhone(phone: string, limit = 20): Promise<CallState[]> {
    return this.backend.listForPhone(phone, Math.max(1, Math.min(limit, MAX_LIST_LIMIT)));
  }

  /** Calls newest first, a page at a time (see `ListQuery`); `limit` is clamped to 1–`MAX_LIST_LIMIT`. */
  async listNewest(query: ListQuery): Promise<CallState[]> {
    return this.backend.listNewest({ ...query, limit: Math.max(1, Math.min(query.limit, MAX_LIST_LIMIT)) });
  }

  /**
   * Read-modify-write with optimistic concurrency. The mutation runs on a fresh copy each attempt, so it
   * must be a pure function of the call it is given (it may be re-run after a conflict).
   * Throws `CallTooLargeError`, storing nothing, when the change would grow the call past
   * `MAX_CALL_DOCUMENT_BYTES` (plus the headroom of essential writes); a change that keeps or shrinks
   * an oversized call is allowed.
   */
  update(callId: string, mutate: CallMutation, options: UpdateOptions = {}): Promise<CallState> {
    return inCallSpan(callId, 'store.update', { 'store.kind': this.kind }, (span) =>
      this.readModifyWrite(callId, mutate, options, (attempt, bytes) =>
        span.setAttributes({ 'store.attempts': attempt, 'store.bytes': bytes }),
      ),
    );
  }

  private async readModifyWrite(
    callId: string,
    mutate: CallMutation,
    options: UpdateOptions,
    written: (attempt: number, bytes: number) => void,
  ): Promise<CallState> {
    const limit = MAX_CALL_DOCUMENT_BYTES + (options.essential ? ESSENTIAL_HEADROOM_BYTES : 0);
    for (let attempt = 1; attempt <= this.maxUpdateAttempts; attempt++) {
      const stored = await this.backend.read(callId);
      if (!stored) throw new CallNotFoundError(callId);
      // The read is this attempt's own copy (the backend contract): the mutation changes it in place.
      const draft = stored.call;
      const next = callStateSchema.parse((await mutate(draft)) ?? draft);
      if (next.call_id !== callId) throw new Error(`An update may not change call_id (${callId})`);
      const { document, bytes } = serialized(next);
      if (bytes > limit && bytes > (await this.storedBytes(callId))) {
        throw new CallTooLargeError(callId, bytes);
      }
      const result = await this.backend.replace(next, stored.etag, document);
      if (result.ok) {
        written(attempt, bytes);
        return this.changed(next);
      }
      if (result.reason === 'not_found') throw new CallNotFoundError(callId);
      // Someone else wrote first: back off a little, with jitter so that contenders spread out.
      await sleep(Math.random() * Math.min(50, 2 ** attempt));
    }
    throw new UpdateConflictError(callId, this.maxUpdateAttempts);
  }

  /** The size of the stored call, read again: only asked when a write is over the limit. */
  private async storedBytes(callId: string): Promise<number> {
    const stored = await this.backend.read(callId);
    return stored ? serialized(stored.call).bytes : 0;
  }

  /**
   * The calls on `phone`'s line that have not ended, whatever their age (a resumed call keeps its old
   * `created_at`): what "one live call per number" is checked against. Newest first, at most 20.
   */
  async listUnended(phone: string): Promise<CallState[]> {
    return this.backend.unendedForPhone(phone, 20);
  }

  ping(): Promise<void> {
    return this.backend.ping();
  }

  close(): Promise<void> {
    return this.backend.close();
  }
}

/** The call as the backends store it (JSON), and its size in UTF-8 bytes, which the limit is about. */
function serialized(call: CallState): { document: string; bytes: number } {
  const document = JSON.stringify(call);
  return { document, bytes: Buffer.byteLength(document) };
}
