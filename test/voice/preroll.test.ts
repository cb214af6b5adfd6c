import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../../shared/voice/audio';
import { Preroll } from '../../shared/voice/preroll';

/** A frame whose samples all hold `value`. */
const frame = (value: number) => new Int16Array(FRAME_SAMPLES).fill(value);
const values = (frames: Int16Array[]) => frames.map((kept) => kept[0]);

describe('Preroll', () => {
  it('gives back the last frames, oldest first, once full', () => {
    const preroll = new Preroll(15);
    for (let i = 1; i <= 20; i++) preroll.push(frame(i));
    expect(values(preroll.take())).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
  });

  it('gives back fewer frames than it holds, in order', () => {
    const preroll = new Preroll(15);
    for (let i = 1; i <= 3; i++) preroll.push(frame(i));
    expect(values(preroll.take())).toEqual([1, 2, 3]);
  });

  it('keeps copies: a frame changed after it was pushed (a reused buffer) does not change what is sent', () => {
    const preroll = new Preroll(2);
    const pushed = frame(7);
    preroll.push(pushed);
    pushed.fill(0);
    const [kept] = preroll.take();
    expect(kept?.every((sample) => sample === 7)).toBe(true);
  });

  it('gives frames that stay valid while it fills again', () => {
    const preroll = new Preroll(2);
    preroll.push(frame(1));
    const [first] = preroll.take();
    preroll.push(frame(2));
    expect(first?.[0]).toBe(1);
  });

  it('is empty after take and after clear', () => {
    const preroll = new Preroll(4);
    preroll.push(frame(1));
    preroll.take();
    expect(preroll.take()).toEqual([]);
    preroll.push(frame(2));
    preroll.clear();
    expect(preroll.take()).toEqual([]);
  });
});
