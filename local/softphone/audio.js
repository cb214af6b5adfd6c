/**
 * The page's audio: one AudioContext (16 kHz when the browser allows it), the worklet that captures
 * the microphone and plays the bot, and the microphone itself. Nothing here knows about sockets.
 *
 * - `unlock()` creates or resumes the context: call it from a user gesture (autoplay policies).
 * - `startMic()` asks for the microphone; `onMicState` hears 'requesting', 'live', 'denied', 'absent',
 *   'unsupported' (no getUserMedia or no worklet: http to another machine), 'ended' or 'error'.
 * - `onFrame(int16, level)` hears each 20 ms microphone frame (320 samples at 16 kHz).
 * - `play(int16)` queues 16 kHz samples; `clear()` drops everything queued at once.
 */

import { createBufferPlayer } from './buffer-player.js';
import { STREAM_RATE } from './pcm.js';

const WORKLET_URL = new URL('./audio-worklet.js', import.meta.url);
const MIC_CONSTRAINTS = { audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true } };
/** Frames that arrive while the worklet loads are kept (10 s at most). */
const MAX_PENDING = 500;

function newContext(sampleRate) {
  const AudioContextClass = window.AudioContext || window.webkitAudioContext;
  if (!AudioContextClass) return null;
  try {
    return new AudioContextClass(sampleRate ? { sampleRate, latencyHint: 'interactive' } : undefined);
  } catch {
    return sampleRate ? newContext(undefined) : null;
  }
}

function micErrorState(error) {
  switch (error && error.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'absent';
    default:
      return 'error';
  }
}

function stopTracks(stream) {
  for (const track of stream.getTracks()) track.stop();
}

export function createAudio({ onFrame, onMicState }) {
  let ctx = null;
  let node = null;
  let fallback = null;
  let loading = null;
  let pending = [];
  let stream = null;
  let source = null;
  let micRequest = 0;

  function unlock() {
    if (!ctx) ctx = newContext(STREAM_RATE);
    if (ctx && ctx.state === 'suspended') ctx.resume().catch(() => {});
    return ctx;
  }

  async function loadPlayer() {
    const c = ctx;
    if (!c.audioWorklet || typeof AudioWorkletNode === 'undefined') {
      fallback = createBufferPlayer(c);
    } else {
      try {
        await c.audioWorklet.addModule(WORKLET_URL);
        if (c !== ctx) return;
        node = new AudioWorkletNode(c, 'softphone', {
          numberOfInputs: 1,
          numberOfOutputs: 1,
          outputChannelCount: [1],
          channelCount: 1,
          channelCountMode: 'explicit',
        });
        node.port.onmessage = (event) => {
          if (event.data.type === 'frame') onFrame(event.data.samples, event.data.level);
        };
        node.connect(c.destination);
      } catch (error) {
        console.warn('softphone: the audio worklet did not load, playing without it', error);
        if (c === ctx) fallback = createBufferPlayer(c);
      }
    }
    const queued = pending;
    pending = [];
    for (const samples of queued) play(samples);
  }

  /** Loads the worklet (once) into the current context. */
  async function ensurePlayer() {
    if (!unlock() || node || fallback) return;
    loading ??= loadPlayer().finally(() => (loading = null));
    await loading;
  }

  /** Firefox cannot feed a microphone into a context at another rate: start over at the device's rate. */
  async function rebuildAtDeviceRate() {
    const old = ctx;
    node?.disconnect();
    node = null;
    fallback = null;
    ctx = newContext(undefined);
    old?.close().catch(() => {});
    await ensurePlayer();
  }

  function play(samples) {
    if (node) node.port.postMessage({ type: 'play', samples }, [samples.buffer]);
    else if (fallback) fallback.play(samples);
    else if (pending.length < MAX_PENDING) pending.push(samples);
  }

  function clear() {
    pending = [];
    node?.port.postMessage({ type: 'clear' });
    fallback?.clear();
  }

  async function startMic() {
    const request = ++micRequest;
    const current = () => request === micRequest;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return onMicState('unsupported');
    onMicState('requesting');
    let granted;
    try {
      granted = await navigator.mediaDevices.getUserMedia(MIC_CONSTRAINTS);
    } catch (error) {
      if (current()) onMicState(micErrorState(error));
      return;
    }
    try {
      let input = null;
      if (current()) await ensurePlayer();
      if (current() && node) {
        try {
          input = ctx.createMediaStreamSource(granted);
        } catch (error) {
          if (error.name !== 'NotSupportedError') throw error;
          await rebuildAtDeviceRate();
          if (current() && node) input = ctx.createMediaStreamSource(granted);
        }
      }
      if (!current() || !input) {
        stopTracks(granted);
        if (current()) onMicState('unsupported');
        return;
      }
      stream = granted;
      source = input;
      source.connect(node);
      node.port.postMessage({ type: 'capture', on: true });
      const track = granted.getAudioTracks()[0];
      track?.addEventListener('ended', () => {
        if (stream !== granted) return;
        stopMic();
        onMicState('ended');
      });
      onMicState('live');
    } catch (error) {
      console.warn('softphone: microphone not connected', error);
      stopTracks(granted);
      if (current()) onMicState('error');
    }
  }

  function stopMic() {
    micRequest++;
    node?.port.postMessage({ type: 'capture', on: false });
    source?.disconnect();
    source = null;
    if (stream) stopTracks(stream);
    stream = null;
  }

  function setMuted(muted) {
    for (const track of stream?.getAudioTracks() ?? []) track.enabled = !muted;
  }

  return {
    unlock,
    context: () => ctx,
    ensurePlayer,
    play,
    clear,
    startMic,
    stopMic,
    setMuted,
  };
}
