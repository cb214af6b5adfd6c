import { isNameField } from '../conversation/offline-agent/parse-answer';
import type { CallState } from '../domain/call';
import { missingClaimFields } from '../domain/claim';
import type { ExpectedAnswer } from '../providers/stt/stt';

/**
 * What the bot's last question asks for, read from the call: the first claim field still missing, as the
 * offline agent asks for it next (`nextQuestion`), or "anything else?" (yes or no) once the claim is
 * full. An LLM may ask in another order; the hint then only narrows what a grammar recogniser listens
 * for until the next turn, and the caller's commands (agent, repeat, bye) are always understood.
 */
export function expectedAnswer(call: CallState): ExpectedAnswer {
  // At the language menu a key's number may be said ("two"): the digits' grammar hears it.
  if (call.language_menu) return 'phone_number';
  const field = missingClaimFields(call.initiate.claim, call.claim)[0];
  if (!field) return 'yes_no';
  switch (field.type) {
    case 'email':
      return 'email';
    case 'phone_number':
      return 'phone_number';
    case 'datetime':
      return 'datetime';
    case 'text':
      return isNameField(field) ? 'name' : 'free_text';
  }
}
