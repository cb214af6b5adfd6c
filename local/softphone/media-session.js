/**
 * One call's media socket, in the ACS bidirectional streaming format: AudioMetadata first, then one
 * AudioData every 20 ms, always. Microphone frames drive the sending while they flow; when they do
 * not (no microphone, denied, not yet granted, stalled), a timer sends silent frames instead, so the
 * server's clock (silence prompts) keeps running. Server AudioData is played, StopAudio clears.
 */

import { base64ToPcm, pcmToBase64, SILENT_FRAME, STREAM_RATE } from './pcm.js';
import { socketUrl } from './urls.js';

const FRAME_MS = 20;
/** Microphone frames older than this: the timer takes over. */
const MIC_STALE_MS = 200;
/** At most this many frames sent at once to catch up (a throttled background tab). */
const MAX_CATCH_UP = 50;
/** Reopening a media socket that dropped (not closed on purpose) while the call is on. */
const RETRY_DELAYS_MS = [250, 500, 1000, 2000, 4000];
/** Close codes worth a retry: abnormal closure, going away, service restart, try again later. */
const RETRY_CODES = new Set([1001, 1006, 1012, 1013]);
/** A socket open this long counts as healthy again: its next drop gets the full retries. */
const HEALTHY_AFTER_MS = 5000;

export function openMediaSession({ mediaUrl, number, audio, counters, onStatus }) {
  const url = socketUrl(mediaUrl);
  const participant = JSON.stringify(`4:${number}`);
  const metadata = JSON.stringify({
    kind: 'AudioMetadata',
    audioMetadata: {
      subscriptionId: 'softphone',
      encoding: 'PCM',
      sampleRate: STREAM_RATE,
      channels: 1,
      length: 640,
    },
  });
  let socket = null;
  let closed = false;
  let retries = 0;
  let retryTimer = 0;
  let muted = false;
  let lastMicFrameAt = -Infinity;
  let clockStart = performance.now();
  let clockSent = 0;

  function isOpen() {
    return socket !== null && socket.readyState === WebSocket.OPEN;
  }

  function connect() {
    onStatus(retries === 0 ? 'connecting' : 'retrying');
    const ws = new WebSocket(url);
    let openedAt = Infinity;
    socket = ws;
    ws.onopen = () => {
      openedAt = performance.now();
      ws.send(metadata);
      clockStart = performance.now();
      clockSent = 0;
      onStatus('open');
    };
    ws.onmessage = (event) => receive(event.data);
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      if (closed) return;
      if (performance.now() - openedAt >= HEALTHY_AFTER_MS) retries = 0;
      if (!RETRY_CODES.has(event.code) || retries >= RETRY_DELAYS_MS.length) return onStatus('closed');
      onStatus('retrying');
      retryTimer = setTimeout(connect, RETRY_DELAYS_MS[retries++]);
    };
  }

  function receive(data) {
    if (closed || typeof data !== 'string') return;
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    const kind = typeof message?.kind === 'string' ? message.kind.toLowerCase() : '';
    if (kind === 'audiodata') {
      const samples = base64ToPcm(message.audioData?.data);
      if (!samples || samples.length === 0) return;
      counters.framesReceived++;
      audio.play(samples);
    } else if (kind === 'stopaudio') {
      counters.stopAudioReceived++;
      audio.clear();
    }
  }

  function sendAudio(base64, silent) {
    if (!isOpen()) return;
    const timestamp = new Date().toISOString();
    socket.send(
      `{"kind":"AudioData","audioData":{"timestamp":"${timestamp}","participantRawID":${participant},"data":"${base64}","silent":${silent}}}`,
    );
    counters.framesSent++;
  }

  const ticker = setInterval(() => {
    const now = performance.now();
    if (!isOpen() || now - lastMicFrameAt < MIC_STALE_MS) {
      clockStart = now;
      clockSent = 0;
      return;
    }
    const due = Math.floor((now - clockStart) / FRAME_MS);
    const count = Math.min(due - clockSent, MAX_CATCH_UP);
    for (let i = 0; i < count; i++) sendAudio(SILENT_FRAME, true);
    clockSent = due;
  }, FRAME_MS);

  connect();

  return {
    /** One 20 ms microphone frame from the worklet. Muted: silence goes out instead. */
    micFrame(samples, level) {
      lastMicFrameAt = performance.now();
      if (muted || level === 0) sendAudio(SILENT_FRAME, true);
      else sendAudio(pcmToBase64(samples), false);
    },
    setMuted(value) {
      muted = value;
    },
    /** A keypad key: 0-9, * or #. */
    sendDtmf(digit) {
      if (!isOpen()) return false;
      socket.send(JSON.stringify({ kind: 'DtmfData', dtmfData: { data: digit } }));
      return true;
    },
    isOpen,
    close() {
      closed = true;
      clearInterval(ticker);
      clearTimeout(retryTimer);
      const ws = socket;
      socket = null;
      if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000, 'hung up');
      onStatus('closed');
    },
  };
}
