import { FRAME_SAMPLES, type Frame } from './audio';

/**
 * The caller's last few frames before the turn detector was sure they speak, sent to STT when the
 * utterance starts so its first syllable is not cut.
 *
 * Kept as copies in one block allocated once, not as the frames themselves: an incoming frame is a view
 * of its message's buffer (a slice of an 8 KiB pool), and holding it for 300 ms outlives two scavenges,
 * so every frame and its pool slab was promoted to the old generation. At 250 calls per media process
 * that forced a full mark-compact every ~350 ms (bench/README.md, issue 14 part 4).
 */
export class Preroll {
  private readonly ring: Int16Array;
  /** Where the next frame goes, in frames. */
  private next = 0;
  private count = 0;

  constructor(private readonly capacity: number) {
    this.ring = new Int16Array(capacity * FRAME_SAMPLES);
  }

  /** Keeps a copy of `frame`, dropping the oldest once full. */
  push(frame: Frame): void {
    this.ring.set(frame, this.next * FRAME_SAMPLES);
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** The kept frames, oldest first, as frames of their own (the block is reused); empties it. */
  take(): Frame[] {
    const frames: Frame[] = [];
    const first = (this.next - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) {
      const at = ((first + i) % this.capacity) * FRAME_SAMPLES;
      frames.push(this.ring.slice(at, at + FRAME_SAMPLES));
    }
    this.clear();
    return frames;
  }

  clear(): void {
    this.count = 0;
    this.next = 0;
  }
}
