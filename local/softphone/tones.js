/** Generated tones: the ring of an incoming call and the keypad's feedback beeps. */

const RING_FREQUENCIES = [400, 450];
const RING_PERIOD_MS = 3000;
const RING_LEVEL = 0.12;

const DTMF_ROWS = {
  1: 697,
  2: 697,
  3: 697,
  4: 770,
  5: 770,
  6: 770,
  7: 852,
  8: 852,
  9: 852,
  '*': 941,
  0: 941,
  '#': 941,
};
const DTMF_COLUMNS = {
  1: 1209,
  4: 1209,
  7: 1209,
  '*': 1209,
  2: 1336,
  5: 1336,
  8: 1336,
  0: 1336,
  3: 1477,
  6: 1477,
  9: 1477,
  '#': 1477,
};

/** A dual tone from `at` for `duration` seconds; returns its oscillators (to stop them early). */
function tone(ctx, frequencies, at, duration, level) {
  const gain = ctx.createGain();
  gain.gain.setValueAtTime(0, at);
  gain.gain.linearRampToValueAtTime(level, at + 0.01);
  gain.gain.setValueAtTime(level, at + duration - 0.01);
  gain.gain.linearRampToValueAtTime(0, at + duration);
  gain.connect(ctx.destination);
  const oscillators = frequencies.map((frequency) => {
    const oscillator = ctx.createOscillator();
    oscillator.frequency.value = frequency;
    oscillator.connect(gain);
    oscillator.start(at);
    oscillator.stop(at + duration);
    return oscillator;
  });
  oscillators[0].onended = () => gain.disconnect();
  return oscillators;
}

/** A British-style double ring every 3 s until stopped. `getContext` may return null (no audio). */
export function createRinger(getContext) {
  let timer = 0;
  let active = [];

  function ring() {
    const ctx = getContext();
    if (!ctx || ctx.state !== 'running') return;
    const now = ctx.currentTime + 0.02;
    active = [
      ...tone(ctx, RING_FREQUENCIES, now, 0.4, RING_LEVEL),
      ...tone(ctx, RING_FREQUENCIES, now + 0.6, 0.4, RING_LEVEL),
    ];
  }

  return {
    start() {
      if (timer) return;
      ring();
      timer = setInterval(ring, RING_PERIOD_MS);
    },
    stop() {
      clearInterval(timer);
      timer = 0;
      for (const oscillator of active) {
        try {
          oscillator.stop();
        } catch {
          // not started or already stopped
        }
      }
      active = [];
    },
  };
}

/** The keypad's local feedback: 120 ms of the key's DTMF pair. */
export function keyTone(ctx, digit) {
  if (!ctx || ctx.state !== 'running' || !(digit in DTMF_ROWS)) return;
  tone(ctx, [DTMF_ROWS[digit], DTMF_COLUMNS[digit]], ctx.currentTime + 0.01, 0.12, 0.08);
}
