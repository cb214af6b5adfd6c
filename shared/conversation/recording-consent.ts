import { langOfCode, type Lang } from './offline-agent/phrases';

/**
 * What a caller hears first when `recording_enabled` is on, in the call's language: that the call is
 * recorded, why, and what to do if they do not agree. The README quotes the English one.
 */
const CONSENT: Readonly<Record<Lang, string>> = {
  en: 'This call is recorded to handle your request and improve our service; if you do not agree, you can hang up and write to us instead.',
  fr: 'Cet appel est enregistré pour traiter votre demande et améliorer notre service ; si vous ne le souhaitez pas, vous pouvez raccrocher et nous écrire.',
  es: 'Esta llamada se graba para gestionar su solicitud y mejorar nuestro servicio; si no está de acuerdo, puede colgar y escribirnos.',
  de: 'Dieser Anruf wird aufgezeichnet, um Ihr Anliegen zu bearbeiten und unseren Service zu verbessern; wenn Sie nicht einverstanden sind, können Sie auflegen und uns schreiben.',
  it: 'Questa chiamata viene registrata per gestire la sua richiesta e migliorare il nostro servizio; se non è d’accordo, può riattaccare e scriverci.',
  pt: 'Esta chamada é gravada para tratar o seu pedido e melhorar o nosso serviço; se não concordar, pode desligar e escrever-nos.',
};

export function recordingConsent(language: string): string {
  return CONSENT[langOfCode(language)];
}
