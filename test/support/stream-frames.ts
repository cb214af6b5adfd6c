import type { SoftphoneClient } from '../../local/softphone-client';
import type { Frame } from '../../shared/voice/audio';

/**
 * Streams frames to the call in real time, as a phone does: one every 20 ms on a steady clock (a late
 * timer is caught up, not added to the call's length). `stop` ends it early. Resolves with the time the
 * last frame was sent (performance clock), for tests that measure from the end of the caller's speech.
 */
export async function streamFrames(
  client: SoftphoneClient,
  frames: readonly Frame[],
  stop: () => boolean = () => false,
): Promise<number> {
  let next = performance.now();
  for (const frame of frames) {
    if (stop()) break;
    client.sendFrame(frame);
    next += 20;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
  }
  return performance.now();
}
