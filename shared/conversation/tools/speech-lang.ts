import { z } from 'zod';
import type { CallState } from '../../domain/call';
import type { Language } from '../../domain/initiate';
import { defineTool, type Tool } from '../tool';
import { enumError } from './enum-error';

function languageName(language: Language): string {
  const name = language.pronunciations_en[0];
  return name ? `${language.short_code} (${name})` : language.short_code;
}

/** `speech_lang`: switches the language of the conversation, among the call's available languages. */
export function createSpeechLangTool(call: CallState): Tool<unknown> {
  const languages = call.initiate.lang.availables;
  const codes = languages.map((l) => l.short_code);
  return defineTool({
    name: 'speech_lang',
    description:
      'Switch the language you speak and listen in. Use it when the caller speaks another language or ' +
      'asks for one; then answer in that language. Do not switch for a single foreign word or name. ' +
      `Available: ${languages.map(languageName).join(', ')}.`,
    parameters: z.strictObject({
      lang: z
        .enum(codes, { error: enumError('an available language', codes) })
        .describe('The language to switch to, by its code.'),
    }),
    run({ lang }, context) {
      const language = context.call.initiate.lang.availables.find((l) => l.short_code === lang);
      const label = language ? languageName(language) : lang;
      if (context.call.language === lang) return `The conversation is already in ${label}.`;
      context.change((draft) => {
        draft.language = lang;
      });
      context.act({ type: 'switch_language', shortCode: lang });
      return `The conversation is now in ${label}; speak only that language from now on.`;
    },
  });
}
