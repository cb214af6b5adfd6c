import { beforeAll, describe, expect, it } from 'vitest';
import { rmsDbfs, toFrames } from '../../shared/voice/audio';
import { TurnDetector, type TurnSignal, type TurnTimings } from '../../shared/voice/turn-detector';
import { createWebRtcVad } from '../../shared/voice/vad';
import { concat, mix, silence, speechSamples, tone, whiteNoise } from '../support/speech';

/** The product's defaults: vad_silence_timeout_ms, vad_cutoff_timeout_ms, phone_silence_timeout_sec. */
const DEFAULTS: TurnTimings = { silenceTimeoutMs: 500, cutoffTimeoutMs: 250, phoneSilenceTimeoutMs: 20_000 };

/**
 * Plays a script, one character per 20 ms frame: `s` the caller speaks, `.` nobody does, `B` the bot
 * talks and the caller is quiet, `X` both talk. Returns the signals, in order.
 */
function play(detector: TurnDetector, script: string): TurnSignal[] {
  return [...script].flatMap((frame) =>
    detector.push(frame === 's' || frame === 'X', frame === 'B' || frame === 'X'),
  );
}

const frames = (count: number, frame: string): string => frame.repeat(count);

describe('a caller turn, the bot silent', () => {
  it('starts once 100 ms of continuous speech is heard', () => {
    const detector = new TurnDetector(DEFAULTS);
    expect(play(detector, frames(4, 's'))).toEqual([]);
    expect(detector.callerSpeaking).toBe(false);
    expect(play(detector, 's')).toEqual([{ type: 'speech_started', atMs: 100 }]);
    expect(detector.callerSpeaking).toBe(true);
    expect(detector.nowMs).toBe(100);
  });

  it('ignores bursts shorter than 100 ms (a click, a cough)', () => {
    const detector = new TurnDetector(DEFAULTS);
    expect(play(detector, frames(20, 'ssss.'))).toEqual([]);
    expect(detector.callerSpeaking).toBe(false);
  });

  it('ends after 500 ms of silence, reporting the speech heard', () => {
    const detector = new TurnDetector(DEFAULTS);
    expect(play(detector, frames(10, 's') + frames(24, '.'))).toEqual([
      { type: 'speech_started', atMs: 100 },
    ]);
    expect(play(detector, '.')).toEqual([{ type: 'end_of_turn', atMs: 700, speechMs: 200 }]);
    expect(detector.callerSpeaking).toBe(false);
  });

  it('goes on through pauses shorter than 500 ms, which do not count as speech', () => {
    const detector = new TurnDetector(DEFAULTS);
    const script = frames(10, 's') + frames(24, '.') + frames(2, 's') + frames(3, '.s') + frames(25, '.');
    expect(play(detector, script)).toEqual([
      { type: 'speech_started', atMs: 100 },
      { type: 'end_of_turn', atMs: (10 + 24 + 2 + 6 + 25) * 20, speechMs: (10 + 2 + 3) * 20 },
    ]);
  });

  it('starts the next turn like the first', () => {
    const detector = new TurnDetector(DEFAULTS);
    play(detector, frames(5, 's') + frames(25, '.'));
    expect(play(detector, frames(3, '.') + frames(5, 's'))).toEqual([{ type: 'speech_started', atMs: 760 }]);
  });

  it.each([
    [0, 20],
    [60, 60],
    [90, 100],
    [300, 300],
  ])('with minSpeechMs %i starts at %i ms (whole frames)', (minSpeechMs, atMs) => {
    const detector = new TurnDetector({ ...DEFAULTS, minSpeechMs });
    expect(play(detector, frames(20, 's'))).toEqual([{ type: 'speech_started', atMs }]);
  });
});

describe("a caller turn ended by the recognizer's final", () => {
  it('ends during a pause, before the silence window, and not while the caller talks', () => {
    const detector = new TurnDetector(DEFAULTS);
    play(detector, frames(10, 's'));
    // The final came while the VAD still hears the last syllable: not yet.
    expect(detector.endTurn()).toBeUndefined();
    expect(detector.callerSpeaking).toBe(true);
    play(detector, frames(5, '.'));
    expect(detector.endTurn()).toEqual({ type: 'end_of_turn', atMs: 300, speechMs: 200 });
    expect(detector.callerSpeaking).toBe(false);
    // The rest of the silence window ends nothing more, and the next speech is a new turn.
    expect(play(detector, frames(30, '.'))).toEqual([]);
    expect(play(detector, frames(5, 's'))).toEqual([{ type: 'speech_started', atMs: 1000 }]);
  });

  it('ends nothing outside a turn', () => {
    const detector = new TurnDetector(DEFAULTS);
    play(detector, frames(10, '.'));
    expect(detector.endTurn()).toBeUndefined();
  });
});

describe('barge-in, the bot talking', () => {
  it('ignores speech over the bot shorter than 250 ms, however often', () => {
    const detector = new TurnDetector(DEFAULTS);
    expect(play(detector, frames(3, frames(12, 'X') + 'B'))).toEqual([]);
    expect(detector.callerSpeaking).toBe(false);
  });

  it('fires at the first frame reaching 250 ms of speech over the bot (13 frames), and starts the turn', () => {
    const detector = new TurnDetector(DEFAULTS);
    expect(play(detector, frames(10, 'B') + frames(13, 'X'))).toEqual([
      { type: 'barge_in', atMs: 460 },
      { type: 'speech_started', atMs: 460 },
    ]);
    expect(detector.callerSpeaking).toBe(true);
    // The bot stops; the caller's turn ends as any other, counting the speech that interrupted.
    expect(play(detector, frames(5, 's') + frames(25, '.'))).toEqual([
      { type: 'end_of_turn', atMs: 460 + 30 * 20, speechMs: (13 + 5) * 20 },
    ]);
  });

  it('counts towards the cutoff only speech over the bot', () => {
    const detector = new TurnDetector(DEFAULTS);
    expect(play(detector, frames(4, 's') + frames(12, 'X'))).toEqual([]);
    expect(play(detector, 'X')).toEqual([
      { type: 'barge_in', atMs: 340 },
      { type: 'speech_started', atMs: 340 },
    ]);
    expect(play(detector, frames(25, '.'))).toEqual([{ type: 'end_of_turn', atMs: 840, speechMs: 340 }]);
  });

  it('gives the floor without a barge-in to a caller still talking when the bot stops', () => {
    const detector = new TurnDetector(DEFAULTS);
    expect(play(detector, frames(10, 'X') + 's')).toEqual([{ type: 'speech_started', atMs: 220 }]);
  });

  it('fires when the bot starts answering while the caller still talks, without a second turn', () => {
    const detector = new TurnDetector(DEFAULTS);
    expect(play(detector, frames(10, 's') + frames(30, 'X'))).toEqual([
      { type: 'speech_started', atMs: 100 },
      { type: 'barge_in', atMs: 460 },
    ]);
  });
});

describe('the silence prompt', () => {
  it('fires after 20 s without speech, then every 20 s', () => {
    const detector = new TurnDetector(DEFAULTS);
    expect(play(detector, frames(999, '.'))).toEqual([]);
    expect(play(detector, '.')).toEqual([{ type: 'silence', atMs: 20_000 }]);
    expect(play(detector, frames(1000, '.'))).toEqual([{ type: 'silence', atMs: 40_000 }]);
  });

  it('does not count the time the bot talks', () => {
    const detector = new TurnDetector(DEFAULTS);
    expect(play(detector, frames(500, '.') + frames(2000, 'B') + frames(999, '.'))).toEqual([]);
    expect(play(detector, '.')).toEqual([{ type: 'silence', atMs: (500 + 2000 + 1000) * 20 }]);
  });

  it('restarts when asked (the bot finished its answer)', () => {
    const detector = new TurnDetector(DEFAULTS);
    play(detector, frames(900, '.'));
    detector.restartSilenceClock();
    expect(play(detector, frames(999, '.'))).toEqual([]);
    expect(play(detector, '.')).toEqual([{ type: 'silence', atMs: 38_000 }]);
  });

  it('counts from the end of a turn, not from its last words', () => {
    const detector = new TurnDetector(DEFAULTS);
    expect(play(detector, frames(5, 's') + frames(25, '.'))).toEqual([
      { type: 'speech_started', atMs: 100 },
      { type: 'end_of_turn', atMs: 600, speechMs: 100 },
    ]);
    expect(play(detector, frames(1000, '.'))).toEqual([{ type: 'silence', atMs: 20_600 }]);
  });

  it('restarts at any speech, even a burst too short for a turn', () => {
    const detector = new TurnDetector(DEFAULTS);
    expect(play(detector, frames(500, '.') + 'ss' + frames(1000, '.'))).toEqual([
      { type: 'silence', atMs: (502 + 1000) * 20 },
    ]);
  });
});

describe('timings', () => {
  it.each<[string, Partial<TurnTimings>]>([
    ['silenceTimeoutMs 0', { silenceTimeoutMs: 0 }],
    ['cutoffTimeoutMs −1', { cutoffTimeoutMs: -1 }],
    ['phoneSilenceTimeoutMs NaN', { phoneSilenceTimeoutMs: Number.NaN }],
    ['minSpeechMs −20', { minSpeechMs: -20 }],
  ])('rejects %s', (_name, timings) => {
    expect(() => new TurnDetector({ ...DEFAULTS, ...timings })).toThrow(RangeError);
  });
});

describe('with real audio through the VAD (threshold 0.5)', () => {
  const SENTENCE = 'Hello, my laptop does not start since this morning. Can you help me?';
  let speech: Int16Array;
  beforeAll(async () => {
    speech = await speechSamples(SENTENCE);
  });

  /**
   * The signals for `samples`, frame by frame through a fresh VAD and detector. With `botTalks`, the
   * bot plays audio from the start until the caller barges in (the voice loop stops it then).
   */
  async function listen(
    samples: Int16Array,
    { botTalks = false, timings = DEFAULTS } = {},
  ): Promise<{ signals: TurnSignal[]; detector: TurnDetector }> {
    const vad = await createWebRtcVad({ threshold: 0.5 });
    const detector = new TurnDetector(timings);
    let botSpeaking = botTalks;
    const signals: TurnSignal[] = [];
    for (const frame of toFrames(samples)) {
      const produced = detector.push(vad.isSpeech(frame), botSpeaking);
      if (produced.some((signal) => signal.type === 'barge_in')) botSpeaking = false;
      signals.push(...produced);
    }
    vad.close();
    return { signals, detector };
  }

  /** The last frame of the sentence louder than the default energy floor (−55 dBFS): frame 229. */
  const lastWordFrame = (): number => toFrames(speech).findLastIndex((frame) => rmsDbfs(frame) >= -55);

  it('ends the turn 500 ms after the last word when silence follows', async () => {
    const { signals } = await listen(concat(speech, silence(1000)));
    // The first word is speech from frame 9 (vad.test.ts): 100 ms later the turn starts. The last
    // frame above the energy floor is the last speech frame, exactly: fvad's hangover after it is
    // quieter than the floor, so the turn ends 25 frames after it. 203 speech frames, pauses excluded.
    expect(lastWordFrame()).toBe(229);
    expect(signals).toEqual([
      { type: 'speech_started', atMs: (9 + 5) * 20 },
      { type: 'end_of_turn', atMs: (229 + 1) * 20 + 500, speechMs: 203 * 20 },
    ]);
  });

  it('ends the turn within 40 ms of that on a line with noise at −50 dBFS', async () => {
    const line = whiteNoise(speech.length / 16 + 1000, -50);
    const { signals } = await listen(mix(concat(speech, silence(1000)), line));
    // The noise's first 80 ms are speech to fvad (too short for a turn); the noise masks the first
    // word's soft start, heard from frame 12. Above the floor, fvad's hangover now counts: 2 frames.
    expect(signals).toEqual([
      { type: 'speech_started', atMs: (12 + 5) * 20 },
      { type: 'end_of_turn', atMs: (229 + 1 + 2) * 20 + 500, speechMs: 212 * 20 },
    ]);
  });

  it('barges in 260 ms into the first word while the bot talks, and the turn then ends as usual', async () => {
    const { signals } = await listen(concat(speech, silence(1000)), { botTalks: true });
    expect(signals).toEqual([
      { type: 'barge_in', atMs: (9 + 13) * 20 },
      { type: 'speech_started', atMs: (9 + 13) * 20 },
      { type: 'end_of_turn', atMs: (229 + 1) * 20 + 500, speechMs: 203 * 20 },
    ]);
  });

  it('does not barge in on 240 ms of a word over the bot', async () => {
    const firstWordStart = speech.subarray(0, (9 + 12) * 320);
    const { signals, detector } = await listen(concat(firstWordStart, silence(1000)), { botTalks: true });
    expect(signals).toEqual([]);
    expect(detector.callerSpeaking).toBe(false);
  });

  const shortSilence = { ...DEFAULTS, phoneSilenceTimeoutMs: 2000 };

  it('prompts after the phone silence timeout on a silent line', async () => {
    const { signals } = await listen(silence(3000), { timings: shortSilence });
    expect(signals).toEqual([{ type: 'silence', atMs: 2000 }]);
  });

  it.each([
    ['white noise at −50 dBFS', () => whiteNoise(3000, -50)],
    ['a 440 Hz tone at −40 dBFS', () => tone(3000, 440, -40)],
  ])('starts no turn on %s, and prompts 2 s after its first 80 ms', async (_name, input) => {
    // fvad takes the first 4 frames of a new sound for speech: too short for a turn, but speech for the
    // silence clock, which restarts after them.
    const { signals } = await listen(input(), { timings: shortSilence });
    expect(signals).toEqual([{ type: 'silence', atMs: (4 + 100) * 20 }]);
  });

  it('takes a loud steady tone for a caller who never stops (a limit of the WebRTC VAD)', async () => {
    const { signals, detector } = await listen(tone(3000, 440, -20), { timings: shortSilence });
    expect(signals).toEqual([{ type: 'speech_started', atMs: 100 }]);
    expect(detector.callerSpeaking).toBe(true);
  });
});
