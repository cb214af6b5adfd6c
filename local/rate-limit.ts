import type { WebSocket } from 'ws';

/**
 * Per-connection limits for the local host's sockets, so that one noisy client cannot take the event
 * loop (and with it every other call's audio) for itself. A token bucket: a client may send `perSecond`
 * messages a second on average and `burst` at once; what goes beyond is dropped before it is parsed.
 * A client that keeps pushing (more than `cutAfter` dropped within a second) is cut off: it is not
 * slowing down, and every dropped message still costs the process a frame to read.
 */

export interface BudgetLimits {
  readonly perSecond: number;
  readonly burst: number;
  readonly cutAfter: number;
}

/** The phone socket carries a person's clicks and typed turns: a handful a second. */
export const PHONE_LIMITS: BudgetLimits = { perSecond: 10, burst: 20, cutAfter: 100 };
/** The media socket carries 50 frames a second (20 ms each); room for 10 ms frames and a catch-up burst. */
export const MEDIA_LIMITS: BudgetLimits = { perSecond: 150, burst: 250, cutAfter: 1_000 };

/** What to do with one message: take it, drop it (`first` on the first drop of a run), or cut the client off. */
export type Verdict = 'accept' | 'drop' | 'first-drop' | 'cut';

export class MessageBudget {
  private tokens: number;
  private refilledAt: number;
  private windowStart: number;
  private droppedInWindow = 0;
  private dropping = false;

  constructor(
    private readonly limits: BudgetLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = limits.burst;
    this.refilledAt = this.windowStart = now();
  }

  take(): Verdict {
    const now = this.now();
    this.tokens = Math.min(
      this.limits.burst,
      this.tokens + ((now - this.refilledAt) / 1_000) * this.limits.perSecond,
    );
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.dropping = false;
      return 'accept';
    }
    if (now - this.windowStart >= 1_000) {
      this.windowStart = now;
      this.droppedInWindow = 0;
    }
    if (++this.droppedInWindow > this.limits.cutAfter) return 'cut';
    if (this.dropping) return 'drop';
    this.dropping = true;
    return 'first-drop';
  }
}

/**
 * Ends a flooding client: the close frame says why (1008, policy violation), reading stops at once
 * (whatever the client has in flight is not even parsed), and the connection is destroyed shortly
 * after, rather than after ws's 30 s wait for a close frame a flooder never sends.
 */
export function cutOff(socket: WebSocket, reason: string): void {
  if (socket.readyState !== socket.OPEN) return;
  socket.close(1008, reason);
  socket.pause();
  setTimeout(() => socket.terminate(), 100).unref();
}
