import type { CallState } from '../domain/call';
import { missingClaimFields } from '../domain/claim';

/**
 * The SMS the caller gets after the call: what was understood, in the call's language, and the signed
 * link to the full report. Short on purpose: one or two SMS segments.
 */
export function reportSmsText(call: CallState, link: string): string {
  const fields = call.initiate.claim;
  const missing = missingClaimFields(fields, call.claim).length;
  const noted = fields.length - missing;
  const summary = call.synthesis?.short;
  const company = call.initiate.bot_company;
  if (call.language.startsWith('fr')) {
    const still = missing > 0 ? ` Il nous manque ${missing} information${missing > 1 ? 's' : ''}.` : '';
    return `${company} : merci pour votre appel.${summary ? ` ${summary}.` : ''} ${noted}/${fields.length} informations notées.${still} Votre compte rendu : ${link}`;
  }
  const still = missing > 0 ? ` We still need ${missing} detail${missing > 1 ? 's' : ''}.` : '';
  return `${company}: thank you for your call.${summary ? ` ${summary}.` : ''} ${noted}/${fields.length} details noted.${still} Your report: ${link}`;
}
