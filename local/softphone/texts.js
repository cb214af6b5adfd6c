/**
 * What the page says in each state: the status line, the microphone line, the hint under the text box,
 * and how a call ended. Pure functions of the page state (see softphone.js).
 */

import { endReasonText } from './panels.js';

export function endSentence(reason) {
  switch (reason) {
    case 'hung_up':
      return 'You hung up.';
    case 'declined':
      return 'You declined the call.';
    case 'connection_lost':
      return 'The connection to the server dropped.';
    default:
      return `The call ended: ${endReasonText(reason)}.`;
  }
}

/** "Amélie (Contoso)" from the call as stored, or "the bot" before it arrives. */
export function botLabel(call) {
  const initiate = call?.initiate;
  if (!initiate?.bot_name) return 'the bot';
  return initiate.bot_company ? `${initiate.bot_name} (${initiate.bot_company})` : initiate.bot_name;
}

export function statusText(state, call) {
  if (state.socket !== 'open' && !['connected', 'ended'].includes(state.phase)) {
    return state.socket === 'down' ? 'Offline: reconnecting to the server…' : 'Connecting to the server…';
  }
  switch (state.phase) {
    case 'dialing':
      return state.hangUpOnConnect ? 'Hanging up…' : 'Calling the bot…';
    case 'ringing':
      return `Ringing: incoming call from ${state.incoming?.from || 'an unknown number'}.`;
    case 'connected':
      return `Connected with ${botLabel(call)}.`;
    case 'ended':
      return endSentence(state.endReason).replace(/^The call ended/, 'Call ended');
    default:
      return state.registered
        ? `Registered as ${state.number}. Call the bot, or wait for a call.`
        : 'Not registered: enter your number and press Register.';
  }
}

const MIC_TEXTS = {
  requesting: 'Microphone: waiting for your permission…',
  denied: 'Microphone: blocked. Type what you would say instead.',
  absent: 'Microphone: none found. Type what you would say instead.',
  unsupported: 'Microphone: not available on this connection (it needs https or localhost). Type instead.',
  ended: 'Microphone: disconnected. Type what you would say instead.',
  error: 'Microphone: could not start. Type what you would say instead.',
};

export function micText(state) {
  if (state.mic === 'live') return state.muted ? 'Microphone: muted (silence is sent).' : 'Microphone: on.';
  return MIC_TEXTS[state.mic] ?? 'Microphone: off until a call.';
}

/** Whether typing is the way to talk right now (no transcription, or no microphone). */
export function typingFirst(state) {
  const micOff = state.mic !== 'live' && state.mic !== 'requesting';
  return state.phase === 'connected' && (state.speechRecognition === false || micOff);
}

export function sayHint(state) {
  const noSpeech = state.speechRecognition === false;
  if (state.phase !== 'connected') {
    return noSpeech
      ? 'This server does not transcribe speech: during a call, type what you would say and press Enter.'
      : 'Available during a call. Enter sends.';
  }
  if (noSpeech) {
    return 'This server does not transcribe speech: type what you would say, then press Enter. Your voice can still interrupt the bot.';
  }
  if (typingFirst(state)) return 'No microphone: type what you would say, then press Enter.';
  return 'Speak, or type what you would say and press Enter.';
}
