import type { CallState } from '../shared/domain/call';
import type { CallStore } from '../shared/providers/store/store';

type CallListener = (call: CallState) => void;

/**
 * The phones following the calls of their own line: one store listener for the process, and a change
 * goes straight to the phones registered on the call's line number. (Each phone socket listening to
 * every change cost O(phones) per store write: with 200 softphones, 200 calls per write.)
 */
class LineWatchers {
  private readonly byNumber = new Map<string, Set<CallListener>>();

  constructor(store: CallStore) {
    store.onChange((call) => {
      const listeners = this.byNumber.get(call.initiate.phone_number);
      if (!listeners) return;
      for (const listener of listeners) {
        try {
          listener(call);
        } catch {
          // One phone's problem is its own: the others still hear of the change.
        }
      }
    });
  }

  /** Calls `listener` with each change of a call on `number`'s line; returns the unsubscribe. */
  watch(number: string, listener: CallListener): () => void {
    let listeners = this.byNumber.get(number);
    if (!listeners) {
      listeners = new Set();
      this.byNumber.set(number, listeners);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.byNumber.get(number) === listeners) this.byNumber.delete(number);
    };
  }
}

const watchersByStore = new WeakMap<CallStore, LineWatchers>();

/** The line watchers of `store` (made on first use, one per store). */
export function lineWatchers(store: CallStore): LineWatchers {
  let watchers = watchersByStore.get(store);
  if (!watchers) {
    watchers = new LineWatchers(store);
    watchersByStore.set(store, watchers);
  }
  return watchers;
}
