/**
 * The messages between the main process and a media process, sent in batches. Each IPC message is a
 * JSON line written to the channel: serialised, written (a system call), read and parsed on the other
 * side. With a few hundred calls, the calls served in the same event-loop turn (one pacer tick, one
 * batch of socket reads) each send a message or two; sent as one, they cost one write and one read.
 * Order is kept: a batch is the messages in the order they were sent, and nothing overtakes it.
 * A message on an answer's path (a turn asked for, its sentences) goes at once, with what was queued
 * before it: waiting for the end of the event-loop turn cost it 0.2 ms at p50 and up to 5 ms when the
 * loop had other work (bench/README.md, issue 14 part 7), while turns are few next to frames.
 */

export interface Batch<T> {
  readonly type: 'batch';
  readonly messages: readonly T[];
}

export class IpcBatcher<T> {
  private queue: T[] = [];
  private scheduled = false;

  constructor(
    /** Sends one message (or batch) on the channel now. */
    private readonly post: (message: T | Batch<T>) => void,
    /** Messages that must not wait: sent at once, after those queued before them. */
    private readonly urgent: (message: T) => boolean = () => false,
  ) {}

  /** Sends `message` at the end of this event-loop turn, with the others sent in it (at once if urgent). */
  send(message: T): void {
    this.queue.push(message);
    if (this.urgent(message)) return this.flush();
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Sends what is queued now (before a message that must not wait, such as one carrying a socket). */
  flush(): void {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    const messages = this.queue;
    this.queue = [];
    this.post(messages.length === 1 ? (messages[0] as T) : { type: 'batch', messages });
  }
}

/** Calls `handle` with each message of what arrived: a batch, or a single message. */
export function unbatch<T extends { readonly type: string }>(
  received: T | Batch<T>,
  handle: (message: T) => void,
): void {
  if (received.type !== 'batch') return handle(received as T);
  for (const message of (received as Batch<T>).messages) handle(message);
}
