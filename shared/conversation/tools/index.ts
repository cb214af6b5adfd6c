import { getOrMake } from '../../domain/memo';
import type { CallState } from '../../domain/call';
import type { DocumentSearch } from '../../providers/search/search';
import type { Tool } from '../tool';
import { endCallTool } from './end-call';
import { newClaimTool } from './new-claim';
import { newOrUpdatedReminderTool } from './new-or-updated-reminder';
import { createNotifyEmergenciesTool } from './notify-emergencies';
import { createSearchDocumentTool } from './search-document';
import { sendSmsTool } from './send-sms';
import { createSpeechLangTool } from './speech-lang';
import { speechSpeedTool } from './speech-speed';
import { talkToHumanTool } from './talk-to-human';
import { createUpdatedClaimTool } from './updated-claim';

export interface CreateToolsOptions {
  /** E.164 number `notify_emergencies` alerts by SMS (`conversation.emergency_contact_phone_number`). */
  readonly emergencyContact?: string | undefined;
  /** The documents `search_document` searches; without them the model is not offered that tool. */
  readonly search?: DocumentSearch | undefined;
}

/**
 * The tools the model may use on this call. Some depend on the call (the claim's fields, the available
 * languages), so the list is built per call; build it again if the call's request changes.
 */
export function createTools(call: CallState, options: CreateToolsOptions = {}): Tool<unknown>[] {
  return [
    createUpdatedClaimTool(call),
    newOrUpdatedReminderTool,
    endCallTool,
    talkToHumanTool,
    sendSmsTool,
    speechSpeedTool,
    createSpeechLangTool(call),
    newClaimTool,
    createNotifyEmergenciesTool({ emergencyContact: options.emergencyContact }),
    ...(options.search ? [createSearchDocumentTool(options.search)] : []),
  ];
}

export { createUpdatedClaimTool } from './updated-claim';
export { newOrUpdatedReminderTool } from './new-or-updated-reminder';
export { endCallTool } from './end-call';
export { talkToHumanTool } from './talk-to-human';
export { sendSmsTool, callerSmsNumber, MAX_SMS_LENGTH } from './send-sms';
export { speechSpeedTool, MIN_SPEECH_RATE, MAX_SPEECH_RATE } from './speech-speed';
export { createSpeechLangTool } from './speech-lang';
export { newClaimTool } from './new-claim';
export { createNotifyEmergenciesTool, emergencyMessage } from './notify-emergencies';
export { createSearchDocumentTool, MAX_SEARCH_HITS } from './search-document';

/** Tool sets by search backend (a tool holds its backend), then by settings, claim schema and languages. */
const toolSetsBySearch = new WeakMap<object, Map<string, Tool<unknown>[]>>();
const NO_SEARCH = {};
/** A process serves few distinct schemas at once; bounded all the same (the oldest forgotten first). */
const MAX_TOOL_SETS = 64;

/**
 * `createTools`, built once for every call with the same claim schema and languages: building them
 * generates their JSON schemas for the model (2–4 ms), which each new call and every turn paid before.
 * The tools hold no call state (they act on the call in the `ToolContext` they are run with).
 */
export function toolsForCall(call: CallState, options: CreateToolsOptions = {}): Tool<unknown>[] {
  let sets = toolSetsBySearch.get(options.search ?? NO_SEARCH);
  if (!sets) {
    sets = new Map();
    toolSetsBySearch.set(options.search ?? NO_SEARCH, sets);
  }
  const key = JSON.stringify([options.emergencyContact, call.initiate.claim, call.initiate.lang.availables]);
  return getOrMake(sets, key, () => createTools(call, options), MAX_TOOL_SETS);
}
