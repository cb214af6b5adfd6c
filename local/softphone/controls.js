/**
 * The softphone's controls: found once in the page, and drawn from the page's state (softphone.js owns
 * the state and redraws after every change). The alert line, the number field's error, and where focus
 * goes when the focused control disappears are here too.
 */

import { setText } from './dom.js';
import { micText, recognizerText, sayHint, statusText, typingFirst } from './texts.js';

const $ = (id) => document.getElementById(id);

/** Every element the page script works with, by what it is for. */
export function findControls() {
  return {
    status: $('status'),
    server: $('server-status'),
    alert: $('alert'),
    alertDismiss: $('alert-dismiss'),
    registerForm: $('register-form'),
    number: $('number'),
    numberError: $('number-error'),
    register: $('register'),
    incoming: $('incoming'),
    incomingFrom: $('incoming-from'),
    incomingNote: $('incoming-note'),
    answer: $('answer'),
    decline: $('decline'),
    silence: $('silence'),
    call: $('call'),
    hangup: $('hangup'),
    phoneHeading: $('phone-heading'),
    mute: $('mute'),
    micStatus: $('mic-status'),
    level: $('level'),
    levelBox: $('level-box'),
    keypad: $('keypad'),
    dtmfSent: $('dtmf-sent'),
    transcript: $('transcript'),
    transcriptEmpty: $('transcript-empty'),
    sayForm: $('say-form'),
    say: $('say'),
    sayHint: $('say-hint'),
    recognizer: $('recognizer'),
    send: $('send'),
    reportPanel: $('report-panel'),
    endReason: $('end-reason'),
    reportLink: $('report-link'),
    synthesis: $('synthesis'),
    claimBody: $('claim-body'),
    claimSummary: $('claim-summary'),
    reminders: $('reminders'),
    sms: $('sms'),
    callInfo: $('call-info'),
  };
}

/** What the page shows as its phase: idle | registered | dialing | ringing | connected | ended. */
export function publicPhase(state) {
  if (state.phase === 'idle') return state.registered ? 'registered' : 'idle';
  return state.phase;
}

/** Draws every control from `state`; `call` is the current call as stored, when known. */
export function drawControls(ui, state, call) {
  const { phase, socket } = state;
  const open = socket === 'open';
  const inCall = phase === 'dialing' || phase === 'ringing' || phase === 'connected';
  const connected = phase === 'connected';
  const mediaOpen = connected && state.media === 'open';

  document.body.dataset.phase = publicPhase(state);
  document.body.dataset.typing = typingFirst(state) ? 'primary' : 'secondary';

  setText(ui.status, statusText(state, call));
  ui.server.dataset.state = socket;
  setText(
    ui.server,
    socket === 'open'
      ? 'Server: connected'
      : socket === 'down'
        ? 'Server: offline, reconnecting…'
        : 'Server: connecting…',
  );

  ui.register.disabled = !open || inCall;
  ui.call.disabled = !open || !state.registered || inCall;
  ui.hangup.disabled = !(connected || (phase === 'dialing' && !state.hangUpOnConnect));
  ui.hangup.textContent = phase === 'dialing' ? 'Cancel' : 'Hang up';
  ui.mute.disabled = !connected || state.mic !== 'live';
  ui.mute.setAttribute('aria-pressed', String(state.muted));
  for (const key of ui.keypad.querySelectorAll('button')) key.disabled = !mediaOpen;
  setText(ui.dtmfSent, state.dtmf || 'none');
  ui.send.disabled = !mediaOpen || !open;

  const incoming = state.incoming;
  ui.incoming.hidden = !incoming;
  if (incoming) {
    setText(ui.incomingFrom, incoming.from || 'unknown number');
    ui.incomingNote.hidden = phase !== 'connected';
    ui.answer.disabled = incoming.answering || !open;
    ui.decline.disabled = incoming.answering || !open;
  }

  setText(ui.micStatus, micText(state));
  ui.levelBox.hidden = state.mic !== 'live';
  setText(ui.sayHint, sayHint(state, call));
  setText(ui.recognizer, recognizerText(state));
}

/** Moves focus to `target` when the focused control just went away (disabled or hidden). */
export function rescueFocus(target) {
  const active = document.activeElement;
  if (!active || active === document.body || active.disabled || active.closest('[hidden]')) target.focus();
}

/** Shows `text` in the alert line ('' clears it). */
export function showAlert(ui, text) {
  setText(ui.alert, text);
  ui.alertDismiss.hidden = !text;
}

/** Marks the number field invalid with `text` ('' clears it). */
export function setNumberError(ui, text) {
  setText(ui.numberError, text);
  if (text) ui.number.setAttribute('aria-invalid', 'true');
  else ui.number.removeAttribute('aria-invalid');
}
