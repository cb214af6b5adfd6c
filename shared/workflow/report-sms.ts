import type { CallState } from '../domain/call';
import { missingClaimFields } from '../domain/claim';
import { langOfCode, type Lang } from '../conversation/offline-agent/phrases';

/**
 * The SMS the caller gets after the call: what was understood, in the call's language (English,
 * French, Spanish, German, Italian or Portuguese), and the signed link to the full report. Short on
 * purpose: one or two SMS segments.
 */

interface SmsWords {
  thanks(company: string): string;
  noted(noted: number, total: number): string;
  stillNeed(missing: number): string;
  report: string;
}

const WORDS: Readonly<Record<Lang, SmsWords>> = {
  en: {
    thanks: (company) => `${company}: thank you for your call.`,
    noted: (noted, total) => `${noted}/${total} details noted.`,
    stillNeed: (missing) => `We still need ${missing} detail${missing > 1 ? 's' : ''}.`,
    report: 'Your report:',
  },
  fr: {
    thanks: (company) => `${company} : merci pour votre appel.`,
    noted: (noted, total) => `${noted}/${total} informations notées.`,
    stillNeed: (missing) => `Il nous manque ${missing} information${missing > 1 ? 's' : ''}.`,
    report: 'Votre compte rendu :',
  },
  es: {
    thanks: (company) => `${company}: gracias por su llamada.`,
    noted: (noted, total) => `${noted}/${total} datos anotados.`,
    stillNeed: (missing) =>
      `Aún nos falta${missing > 1 ? 'n' : ''} ${missing} dato${missing > 1 ? 's' : ''}.`,
    report: 'Su informe:',
  },
  de: {
    thanks: (company) => `${company}: Danke für Ihren Anruf.`,
    noted: (noted, total) => `${noted}/${total} Angaben notiert.`,
    stillNeed: (missing) =>
      `Es fehl${missing > 1 ? 'en' : 't'} noch ${missing} Angabe${missing > 1 ? 'n' : ''}.`,
    report: 'Ihr Bericht:',
  },
  it: {
    thanks: (company) => `${company}: grazie per la chiamata.`,
    noted: (noted, total) => `${noted}/${total} dati annotati.`,
    stillNeed: (missing) =>
      `Ci manca${missing > 1 ? 'no' : ''} ancora ${missing} dat${missing > 1 ? 'i' : 'o'}.`,
    report: 'Il suo resoconto:',
  },
  pt: {
    thanks: (company) => `${company}: obrigado pela sua chamada.`,
    noted: (noted, total) => `${noted}/${total} dados anotados.`,
    stillNeed: (missing) => `Ainda falta${missing > 1 ? 'm' : ''} ${missing} dado${missing > 1 ? 's' : ''}.`,
    report: 'O seu relatório:',
  },
};

export function reportSmsText(call: CallState, link: string): string {
  const fields = call.initiate.claim;
  const missing = missingClaimFields(fields, call.claim).length;
  const noted = fields.length - missing;
  const summary = call.synthesis?.short;
  const w = WORDS[langOfCode(call.language)];
  return [
    w.thanks(call.initiate.bot_company),
    summary ? `${summary}.` : '',
    w.noted(noted, fields.length),
    missing > 0 ? w.stillNeed(missing) : '',
    `${w.report} ${link}`,
  ]
    .filter(Boolean)
    .join(' ');
}
