/**
 * What the softphone's buttons, forms and page events do. The page (softphone.js) owns the state, the
 * phone socket, the audio and the call's media session; each action here changes the state through it
 * and asks it to redraw.
 */

import { rescueFocus } from './controls.js';
import { keyTone } from './tones.js';

const MAX_SAY_CHARS = 1000;

/** "+1 (425) 555-0123" → "+14255550123"; the server validates the number itself. */
function normalizeNumber(text) {
  return text.replace(/[\s().-]/g, '');
}

/** Wires the controls in `ui` and the page's own events to `page`. */
export function wireActions(ui, page) {
  const { state, phone, audio } = page;

  ui.registerForm.addEventListener('submit', (event) => {
    event.preventDefault();
    page.clearAlert();
    const number = normalizeNumber(ui.number.value);
    if (!/^\+[1-9]\d{6,14}$/.test(number)) {
      page.setNumberError('Enter the number with its country code, e.g. +14255550123.');
      ui.number.focus();
      return;
    }
    page.setNumberError('');
    audio.unlock(); // a gesture: incoming calls can ring aloud from now on
    ui.number.value = number;
    state.number = number;
    if (!phone.send({ type: 'register', number }))
      page.showAlert('Not connected to the server yet; try again shortly.');
  });

  ui.call.addEventListener('click', () => {
    page.clearAlert();
    if (!state.registered) return;
    page.startCallView(null);
    state.phase = 'dialing';
    if (!phone.send({ type: 'dial' })) {
      state.phase = 'idle';
      page.showAlert('Not connected to the server.');
      page.render();
      return;
    }
    page.prepareAudio();
    page.render();
    rescueFocus(ui.hangup);
  });

  ui.answer.addEventListener('click', () => {
    const incoming = state.incoming;
    if (!incoming) return;
    page.clearAlert();
    if (state.phase === 'connected' && state.callId && state.callId !== incoming.callId) {
      phone.send({ type: 'hangup', call_id: state.callId });
      page.releaseAudio();
      page.startCallView(incoming.callId);
      state.phase = 'ringing';
    }
    if (!phone.send({ type: 'answer', call_id: incoming.callId })) {
      page.showAlert('Not connected to the server.');
      return;
    }
    incoming.answering = true;
    page.stopRinging();
    page.prepareAudio();
    page.render();
  });

  ui.decline.addEventListener('click', () => {
    const incoming = state.incoming;
    if (!incoming) return;
    phone.send({ type: 'hangup', call_id: incoming.callId });
    page.stopRinging();
    state.incoming = null;
    if (state.phase === 'ringing') {
      state.endedByUs = false;
      page.endCall('declined');
      state.endReason = 'declined';
      page.drawReport();
    }
    page.render();
    ui.call.focus();
  });

  ui.silence.addEventListener('click', () => {
    page.stopRinging();
    ui.answer.focus();
  });

  ui.hangup.addEventListener('click', () => {
    page.hangUp();
    page.render();
  });

  ui.mute.addEventListener('click', () => {
    state.muted = !state.muted;
    audio.setMuted(state.muted);
    page.media()?.setMuted(state.muted);
    page.render();
  });

  ui.keypad.addEventListener('click', (event) => {
    const key = event.target.closest('button[data-digit]');
    const media = page.media();
    if (!key || !media) return;
    const digit = key.dataset.digit;
    if (media.sendDtmf(digit)) {
      keyTone(audio.context(), digit);
      state.dtmf = (state.dtmf + digit).slice(-20);
      page.render();
    }
  });

  ui.sayForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = ui.say.value.trim().slice(0, MAX_SAY_CHARS);
    if (!text) return;
    if (state.phase !== 'connected' || !state.callId) {
      page.showAlert('There is no call to talk in: call the bot or answer a call first.');
      return;
    }
    if (phone.send({ type: 'say', call_id: state.callId, text })) {
      ui.say.value = '';
      page.clearAlert();
    } else page.showAlert('Not connected to the server: your text was not sent.');
  });

  ui.alertDismiss.addEventListener('click', () => {
    page.clearAlert();
    ui.phoneHeading.focus();
  });

  // Any first interaction may start the audio context, so that an incoming call rings aloud.
  for (const type of ['pointerdown', 'keydown']) {
    document.addEventListener(type, () => audio.unlock(), { once: true, capture: true });
  }

  // Leaving the page hangs up rather than leaving the bot talking to nobody.
  window.addEventListener('pagehide', () => {
    if (state.callId && (state.phase === 'connected' || state.phase === 'ringing')) {
      phone.send({ type: 'hangup', call_id: state.callId });
    }
  });
}
