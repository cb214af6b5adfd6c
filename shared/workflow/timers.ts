/**
 * The setTimeouts behind durable timers. The fire time is the persisted one, so a timer re-armed after
 * a restart fires when it was meant to (at once if that time has passed).
 */

/** setTimeout fires at once beyond this (about 24.8 days): longer timers are re-armed in steps. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export class TimerTable {
  /** Armed handles by instance id, then task id. */
  private readonly handles = new Map<string, Map<number, NodeJS.Timeout>>();

  constructor(private readonly now: () => number) {}

  /** Call `onDue` once `fireAt` (ms) has come. Arming a timer again replaces the previous handle. */
  arm(instanceId: string, taskId: number, fireAt: number, onDue: () => void): void {
    this.clear(instanceId, taskId);
    const delay = Math.max(0, fireAt - this.now());
    const handle = setTimeout(
      () => {
        this.handles.get(instanceId)?.delete(taskId);
        if (delay > MAX_TIMEOUT_MS) this.arm(instanceId, taskId, fireAt, onDue);
        else onDue();
      },
      Math.min(delay, MAX_TIMEOUT_MS),
    );
    const instanceHandles = this.handles.get(instanceId) ?? new Map<number, NodeJS.Timeout>();
    instanceHandles.set(taskId, handle);
    this.handles.set(instanceId, instanceHandles);
  }

  clear(instanceId: string, taskId: number): void {
    const instanceHandles = this.handles.get(instanceId);
    clearTimeout(instanceHandles?.get(taskId));
    instanceHandles?.delete(taskId);
  }

  clearInstance(instanceId: string): void {
    for (const handle of this.handles.get(instanceId)?.values() ?? []) clearTimeout(handle);
    this.handles.delete(instanceId);
  }

  clearAll(): void {
    for (const instanceId of [...this.handles.keys()]) this.clearInstance(instanceId);
  }
}
