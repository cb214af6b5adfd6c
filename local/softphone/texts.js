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

export function sayHint(state, call) {
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
  if (call?.language_menu) {
    return 'Pick a language: press its key on the keypad, or say or type its number or its name.';
  }
  const understands = state.recognizer?.understands;
  if (!understands || understands === 'anything') return 'Speak, or type what you would say and press Enter.';
  const expected = expectedAnswer(call);
  const lang = String(call?.language ?? 'en')
    .split(/[-_]/)[0]
    .toLowerCase();
  if (!understands.langs?.includes(lang) || !understands.answers?.includes(expected)) {
    return `The speech recogniser (${state.recognizer.kind}) cannot take this answer: type it, then press Enter. It still hears "agent", "repeat" and "bye".`;
  }
  return `Say ${SAY[expected] ?? 'your answer'}, or type it and press Enter.`;
}

/** How to say each kind of answer to a grammar recogniser (see shared/providers/stt/grammars.ts). */
const SAY = {
  yes_no: 'yes or no',
  phone_number: 'your number digit by digit, with "plus" and the country code',
  email: 'your e-mail address, like "john dot doe at example dot com" (spelling letters works too)',
  datetime: 'when, like "yesterday at three p.m." or "March third at two thirty"',
  name: 'your name, then spell it if it is rare',
};

/** Which recogniser listens, and what it understands: for the line under the microphone. */
export function recognizerText(state) {
  const recognizer = state.recognizer;
  if (!recognizer || recognizer.kind === 'none') return 'Speech recognition: none (type your answers).';
  const understands = recognizer.understands;
  if (understands === 'anything') return `Speech recognition: ${recognizer.kind}, any answer.`;
  const kinds = (understands?.answers ?? []).map((kind) => KIND_NAMES[kind] ?? kind).join(', ');
  return `Speech recognition: ${recognizer.kind} (embedded, ${(understands?.langs ?? []).join(', ')}): ${kinds}, and "agent", "repeat", "bye". Free-text answers are typed.`;
}

const KIND_NAMES = {
  yes_no: 'yes/no',
  phone_number: 'phone numbers',
  email: 'e-mail addresses',
  datetime: 'dates and times',
  name: 'names',
};

/**
 * What the bot asks for next, as the server's `expectedAnswer` (shared/voice/expected-answer.ts) reads
 * it: a key's number at the language menu, the first claim field still empty, or yes/no once the claim
 * is full.
 */
export function expectedAnswer(call) {
  if (call?.language_menu) return 'phone_number';
  const fields = Array.isArray(call?.initiate?.claim) ? call.initiate.claim : [];
  const values = call?.claim ?? {};
  const field = fields.find((f) => values[f.name] === null || values[f.name] === undefined);
  if (!field) return 'yes_no';
  if (field.type !== 'text') return field.type;
  return /(?:^|_)(?:name|nom)(?:_|$)/.test(field.name) ? 'name' : 'free_text';
}
