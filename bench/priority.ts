import { getPriority, setPriority } from 'node:os';

/**
 * The load generator's priority (`--generator-nice`): it shares the host's two cores, while real callers
 * come from other machines. Raised only after the host has started, so the host does not inherit it.
 */

/** Raises this process's nice value by `nice` (0: nothing); returns the one to restore. */
export function yieldToHost(nice: number): number {
  const before = getPriority();
  if (nice > 0) setPriority(Math.min(19, before + nice));
  return before;
}

export function restorePriority(before: number): void {
  if (getPriority() === before) return;
  try {
    setPriority(before);
  } catch {
    // Not root: the rest of this bench run keeps the lower priority (said in --generator-nice's help).
  }
}
