/**
 * Playback without an AudioWorklet (pages served over plain http to another machine have none):
 * each 20 ms frame becomes a scheduled AudioBufferSourceNode, 60 ms ahead of the clock.
 */

import { STREAM_RATE } from './pcm.js';

const LEAD_SECONDS = 0.06;

export function createBufferPlayer(ctx) {
  const sources = new Set();
  let next = 0;
  return {
    play(int16) {
      if (int16.length === 0) return;
      const buffer = ctx.createBuffer(1, int16.length, STREAM_RATE);
      const channel = buffer.getChannelData(0);
      for (let i = 0; i < int16.length; i++) channel[i] = int16[i] / 32768;
      const source = ctx.createBufferSource();
      source.buffer = buffer;
      source.connect(ctx.destination);
      if (next < ctx.currentTime + 0.01) next = ctx.currentTime + LEAD_SECONDS;
      source.start(next);
      next += buffer.duration;
      sources.add(source);
      source.onended = () => sources.delete(source);
    },
    clear() {
      for (const source of sources) {
        try {
          source.stop();
        } catch {
          // already stopped
        }
      }
      sources.clear();
      next = 0;
    },
  };
}
