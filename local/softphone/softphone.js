/**
 * The softphone page: registers a number on the local phone network, calls the bot or answers its
 * calls, streams the microphone and plays the bot over the call's media socket, and shows the live
 * transcript and the call as stored. Protocol: PROTOCOL.md next to this file.
 *
 * This module holds the page state and wires the pieces: phone-socket.js (signalling),
 * media-session.js (audio frames), audio.js + audio-worklet.js (sound), tones.js (ring), controls.js
 * (the controls drawn from the state), actions.js (what the user does), transcript.js and panels.js
 * (what is shown).
 */

import { createAudio } from './audio.js';
import { wireActions } from './actions.js';
import {
  drawControls,
  findControls,
  publicPhase,
  rescueFocus,
  setNumberError as showNumberError,
  showAlert as showAlertIn,
} from './controls.js';
import { setText } from './dom.js';
import { openMediaSession } from './media-session.js';
import { renderCallInfo, renderClaim, renderReminders, renderSms, renderSynthesis } from './panels.js';
import { createPhoneSocket } from './phone-socket.js';
import { createRinger } from './tones.js';
import { endSentence, typingFirst } from './texts.js';
import { createTranscript } from './transcript.js';
import { safeLink, socketUrl } from './urls.js';

const NUMBER_KEY = 'softphone.number';
const DEFAULT_NUMBER = '+14255550123';
/** Calls remembered by id (their latest `call` message), to draw one as soon as it becomes current. */
const MAX_CALLS_KEPT = 20;
/** Why a call ended as this page saw it, which the stored reason does not replace. */
const LOCAL_END_REASONS = new Set(['hung_up', 'declined', 'connection_lost']);
const CONNECTION_LOST = 'The connection to the server dropped, which ended the call. Reconnecting…';

const ui = findControls();

/** Everything the page knows; `render()` draws the controls from it. */
const state = {
  socket: 'connecting', // connecting | open | down
  registered: false,
  number: null, // the number registered (or to register again after a reconnection)
  speechRecognition: null,
  recognizer: null, // { kind, understands }: which recogniser listens, and what it understands
  phase: 'idle', // idle | dialing | ringing | connected | ended
  callId: null,
  incoming: null, // { callId, from, answering }
  hangUpOnConnect: false,
  endedByUs: false,
  endReason: null,
  reportUrl: null,
  media: 'closed', // connecting | open | retrying | closed
  mic: 'off', // off | requesting | live | denied | absent | unsupported | ended | error
  muted: false,
  dtmf: '',
};
const counters = { framesSent: 0, framesReceived: 0, stopAudioReceived: 0 };
const calls = new Map();
let received = []; // texts this phone received ({"type":"sms"})
let media = null;
let level = 0;
let levelFrame = 0;

const audio = createAudio({
  onFrame(samples, frameLevel) {
    media?.micFrame(samples, frameLevel);
    level = state.muted ? 0 : frameLevel;
    levelFrame ||= requestAnimationFrame(drawLevel);
  },
  onMicState(micState) {
    state.mic = micState;
    if (micState !== 'live') level = 0;
    drawLevel();
    render();
  },
});
const ringer = createRinger(() => audio.context());
const transcript = createTranscript(ui.transcript, {
  onChange: () => (ui.transcriptEmpty.hidden = transcript.length > 0),
});

function drawLevel() {
  levelFrame = 0;
  // A speaking voice sits around 0.05-0.3 RMS: a square root spreads it over the meter.
  ui.level.value = Math.min(1, Math.sqrt(level) * 1.6);
}

/* ---------- the debug hook read by the end-to-end test ---------- */

const debug = Object.freeze(
  Object.defineProperties(
    {},
    {
      framesSent: { enumerable: true, get: () => counters.framesSent },
      framesReceived: { enumerable: true, get: () => counters.framesReceived },
      stopAudioReceived: { enumerable: true, get: () => counters.stopAudioReceived },
      state: { enumerable: true, get: () => publicPhase(state) },
      callId: { enumerable: true, get: () => state.callId },
      number: { enumerable: true, get: () => (state.registered ? state.number : null) },
      speechRecognition: { enumerable: true, get: () => state.speechRecognition },
      socket: { enumerable: true, get: () => state.socket },
      media: { enumerable: true, get: () => state.media },
      mic: { enumerable: true, get: () => state.mic },
    },
  ),
);
Object.defineProperty(window, 'softphone', { value: debug, enumerable: true });

/* ---------- the phone socket ---------- */

const phone = createPhoneSocket({
  url: socketUrl('/api/phone'),
  onOpen() {
    state.socket = 'open';
    if (ui.alert.textContent === CONNECTION_LOST) clearAlert();
    const number = state.number ?? storedNumber();
    if (number) phone.send({ type: 'register', number });
    render();
  },
  onDown() {
    const wasOpen = state.socket === 'open';
    state.socket = 'down';
    state.registered = false;
    // The server hangs up the calls of a phone whose socket closed: this call is over.
    if (wasOpen && ['dialing', 'ringing', 'connected'].includes(state.phase)) {
      endCall('connection_lost');
      showAlert(CONNECTION_LOST);
    }
    stopRinging();
    state.incoming = null;
    render();
  },
  onMessage(message) {
    const handler = handlers[message.type];
    if (handler) handler(message);
    render();
  },
});

const handlers = {
  registered(message) {
    state.registered = true;
    state.number = message.number;
    state.speechRecognition = message.speech_recognition === true;
    state.recognizer = message.recognizer ?? null;
    try {
      localStorage.setItem(NUMBER_KEY, message.number);
    } catch {
      // private mode: the number is simply not remembered
    }
    if (document.activeElement !== ui.number) ui.number.value = message.number;
    setNumberError('');
  },

  dialing() {
    if (state.phase !== 'connected') state.phase = 'dialing';
  },

  ringing(message) {
    const busy = state.phase === 'connected' || state.phase === 'dialing';
    state.incoming = { callId: message.call_id, from: String(message.from ?? ''), answering: false };
    if (!busy) {
      startCallView(message.call_id);
      state.phase = 'ringing';
    }
    // Rings aloud if the page may play sound (someone interacted with it since it loaded).
    if (navigator.userActivation?.hasBeenActive !== false) audio.unlock();
    ringer.start();
    ui.incoming.classList.add('is-ringing');
    render();
    // Keyboard users land on Answer, unless they are typing somewhere.
    const active = document.activeElement;
    if (!active || active === document.body || active.tagName === 'BUTTON') ui.answer.focus();
  },

  connected(message) {
    stopRinging();
    state.incoming = null;
    if (message.call_id !== state.callId) startCallView(message.call_id);
    state.phase = 'connected';
    state.endReason = null;
    state.reportUrl = null;
    ui.reportPanel.hidden = true;
    if (state.hangUpOnConnect) {
      state.hangUpOnConnect = false;
      hangUp();
      return;
    }
    openMedia(message.media_url);
    render();
    // Typing is how to talk here: go to the text box (from where the Call or Answer click left focus).
    if (typingFirst(state) && [ui.hangup, ui.call, ui.answer].includes(document.activeElement))
      ui.say.focus();
    else rescueFocus(typingFirst(state) ? ui.say : ui.hangup);
  },

  transcript(message) {
    if (message.call_id !== state.callId) return;
    transcript.add(message);
  },

  call(message) {
    const call = message.call;
    if (!call || typeof call.call_id !== 'string') return;
    calls.delete(call.call_id);
    calls.set(call.call_id, call);
    if (calls.size > MAX_CALLS_KEPT) calls.delete(calls.keys().next().value);
    if (call.call_id !== state.callId) return;
    drawCall(call);
    const { state: stored, reason } = call.lifecycle ?? {};
    if (stored !== 'ended') return;
    // The stored reason is the reference; the `ended` message may also have been missed.
    if (state.phase === 'ringing' || state.phase === 'connected') endCall(reason);
    else if (state.phase === 'ended' && !LOCAL_END_REASONS.has(state.endReason) && reason) {
      state.endReason = reason;
      drawReport();
    }
  },

  sms(message) {
    received = [
      { at: new Date().toISOString(), from: 'Received on this phone', content: String(message.body ?? '') },
      ...received,
    ].slice(0, 50);
    drawCall(calls.get(state.callId));
  },

  ended(message) {
    if (state.incoming?.callId === message.call_id && message.call_id !== state.callId) {
      // The call waiting while this one goes on stopped ringing.
      stopRinging();
      state.incoming = null;
      return;
    }
    if (message.call_id !== state.callId && state.phase !== 'dialing') return;
    if (state.phase === 'dialing' && message.call_id) startCallView(message.call_id);
    endCall(message.reason);
    state.reportUrl = safeLink(message.report_url);
    drawReport();
  },

  error(message) {
    showAlert(String(message.message ?? 'The server refused the request.'));
    if (message.field === 'number') setNumberError(String(message.message ?? 'Invalid number'));
    if (state.phase === 'dialing' && !state.callId) {
      // The dial was refused.
      state.phase = 'idle';
      releaseAudio();
    }
    if (state.incoming?.answering) state.incoming.answering = false;
  },
};

/* ---------- calls ---------- */

/** A new call becomes the one shown: its transcript and panels start empty. */
function startCallView(callId) {
  state.callId = callId;
  state.endReason = null;
  state.reportUrl = null;
  state.endedByUs = false;
  state.dtmf = '';
  transcript.clear();
  ui.reportPanel.hidden = true;
  drawCall(callId ? calls.get(callId) : undefined);
}

function openMedia(mediaUrl) {
  media?.close();
  if (typeof mediaUrl !== 'string' || !state.number) {
    showAlert('The server sent no media stream for this call: typing still works once it has one.');
    return;
  }
  const session = openMediaSession({
    mediaUrl,
    number: state.number,
    audio,
    counters,
    onStatus(mediaState) {
      state.media = mediaState;
      if (mediaState === 'closed' && session === media) {
        // The server closes it when the call ends: complain only if the call goes on without it.
        setTimeout(() => {
          if (session === media && state.phase === 'connected') showAlert('The call’s audio stream closed.');
        }, 1500);
      }
      render();
    },
  });
  media = session;
  media.setMuted(state.muted);
}

/** From a user gesture: the audio context may start, and the microphone is asked for. */
function prepareAudio() {
  audio.unlock();
  audio.ensurePlayer().catch(() => {});
  if (state.mic !== 'live' && state.mic !== 'requesting') {
    audio.startMic().catch(() => (state.mic = 'error'));
  }
}

function releaseAudio() {
  const current = media;
  media = null;
  current?.close();
  state.media = 'closed';
  audio.stopMic();
  audio.clear();
  state.mic = 'off';
  state.muted = false;
  level = 0;
  drawLevel();
}

function stopRinging() {
  ringer.stop();
  ui.incoming.classList.remove('is-ringing');
}

function endCall(reason) {
  const hadFocus = ui.hangup === document.activeElement || ui.mute === document.activeElement;
  stopRinging();
  releaseAudio();
  state.incoming = null;
  state.hangUpOnConnect = false;
  if (state.phase !== 'ended' || !state.endReason) state.endReason = state.endedByUs ? 'hung_up' : reason;
  state.phase = 'ended';
  drawReport();
  render();
  if (hadFocus) (state.reportUrl ? ui.reportLink : ui.call.disabled ? ui.phoneHeading : ui.call).focus();
}

function hangUp() {
  if (state.phase === 'dialing' && !state.callId) {
    // Its id comes with `connected`: hang up then.
    state.hangUpOnConnect = true;
    render();
    return;
  }
  if (!state.callId) return;
  phone.send({ type: 'hangup', call_id: state.callId });
  state.endedByUs = true;
  endCall('hung_up');
}

/* ---------- drawing ---------- */

function drawCall(call) {
  renderClaim({ body: ui.claimBody, summary: ui.claimSummary }, call);
  renderReminders(ui.reminders, call);
  renderSms(ui.sms, call, received, call?.initiate?.bot_name);
  renderCallInfo(ui.callInfo, call);
  transcript.setBot(call?.initiate?.bot_name, call?.language);
  if (state.phase === 'ended') renderSynthesis(ui.synthesis, call);
}

function drawReport() {
  ui.reportPanel.hidden = state.phase !== 'ended';
  setText(ui.endReason, endSentence(state.endReason));
  if (state.reportUrl) {
    ui.reportLink.href = state.reportUrl;
    ui.reportLink.hidden = false;
  } else {
    ui.reportLink.removeAttribute('href');
    ui.reportLink.hidden = true;
  }
  renderSynthesis(ui.synthesis, calls.get(state.callId));
}

/* ---------- the controls ---------- */

function render() {
  drawControls(ui, state, calls.get(state.callId));
}

function showAlert(text) {
  showAlertIn(ui, text);
}

function clearAlert() {
  showAlertIn(ui, '');
}

function setNumberError(text) {
  showNumberError(ui, text);
}

function storedNumber() {
  try {
    return localStorage.getItem(NUMBER_KEY);
  } catch {
    return null;
  }
}

wireActions(ui, {
  state,
  phone,
  audio,
  media: () => media,
  render,
  showAlert,
  clearAlert,
  setNumberError,
  startCallView,
  prepareAudio,
  releaseAudio,
  stopRinging,
  endCall,
  drawReport,
  hangUp,
});

// On a phone-sized screen the keypad starts folded: the transcript comes first.
if (window.matchMedia('(max-width: 759px)').matches) ui.keypad.closest('details').open = false;
ui.number.value = storedNumber() ?? DEFAULT_NUMBER;
drawCall(undefined);
render();
