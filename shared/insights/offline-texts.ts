import type { Emergency, Next } from '../domain/call';
import type { Lang } from '../conversation/offline-agent/phrases';

/**
 * What the offline insights write for the caller (the report page and SMS), in each of the offline
 * agent's languages. Plain words only: no field names, no tool names, no word of how it was produced.
 */

type Action = Next['action'];

export interface Texts {
  short(action: Action): string;
  about(incident: string | undefined): string;
  noted(labels: string): string;
  notedNothing: string;
  stillNeed(labels: string): string;
  nothingMissing: string;
  emergency(services: string): string;
  transferred: string;
  followUp(titles: string): string;
  whyEmergency(services: string): string;
  whyTransferred: string;
  whyStillMissing(labels: string): string;
  whyMissing(labels: string): string;
  whyComplete: string;
}

/** The four outcomes in the order: emergency, transferred, details missing, complete. */
const outcome = (action: Action, words: readonly [string, string, string, string]): string =>
  action === 'high_priority'
    ? words[0]
    : action === 'requires_expertise'
      ? words[1]
      : action === 'customer_will_send_info'
        ? words[2]
        : words[3];

export const SERVICES: Readonly<Record<Lang, Record<Emergency['service'], string>>> = {
  en: {
    police: 'the police',
    firefighters: 'the fire brigade',
    ambulance: 'an ambulance',
    hospital: 'the hospital',
    coast_guard: 'the coast guard',
  },
  fr: {
    police: 'la police',
    firefighters: 'les pompiers',
    ambulance: 'une ambulance',
    hospital: 'l’hôpital',
    coast_guard: 'les garde-côtes',
  },
  es: {
    police: 'la policía',
    firefighters: 'los bomberos',
    ambulance: 'una ambulancia',
    hospital: 'el hospital',
    coast_guard: 'los guardacostas',
  },
  de: {
    police: 'die Polizei',
    firefighters: 'die Feuerwehr',
    ambulance: 'einen Rettungswagen',
    hospital: 'das Krankenhaus',
    coast_guard: 'die Küstenwache',
  },
  it: {
    police: 'la polizia',
    firefighters: 'i vigili del fuoco',
    ambulance: 'un’ambulanza',
    hospital: 'l’ospedale',
    coast_guard: 'la guardia costiera',
  },
  pt: {
    police: 'a polícia',
    firefighters: 'os bombeiros',
    ambulance: 'uma ambulância',
    hospital: 'o hospital',
    coast_guard: 'a guarda costeira',
  },
};

export const TEXTS: Readonly<Record<Lang, Texts>> = {
  en: {
    short: (action) =>
      `Automatic summary: ${outcome(action, ['emergency reported', 'transferred to a colleague', 'claim started, details still missing', 'claim complete'])}`,
    about: (incident) =>
      incident ? `You called us about your claim: “${incident}”.` : 'You called us about your claim.',
    noted: (labels) => `We noted ${labels}.`,
    notedNothing: 'We have not noted any detail yet.',
    stillNeed: (labels) => `We still need ${labels}: please send us this information.`,
    nothingMissing: 'We have everything we need.',
    emergency: (services) =>
      `We recorded the emergency you reported (${services}) and treat your case first.`,
    transferred: 'We transferred you to a colleague, who will follow up.',
    followUp: (titles) => `We will get back to you: ${titles}.`,
    whyEmergency: (services) => `An emergency was reported during the call (${services}).`,
    whyTransferred: 'You were transferred to a colleague who can handle your request.',
    whyStillMissing: (labels) => `Still missing: ${labels}.`,
    whyMissing: (labels) => `You still have to send us ${labels}.`,
    whyComplete: 'Every field of the claim is filled.',
  },
  fr: {
    short: (action) =>
      `Résumé automatique : ${outcome(action, ['urgence signalée', 'transfert vers un conseiller', 'dossier ouvert, informations manquantes', 'dossier complet'])}`,
    about: (incident) =>
      incident
        ? `Vous nous avez appelés au sujet de votre dossier : « ${incident} ».`
        : 'Vous nous avez appelés au sujet de votre dossier.',
    noted: (labels) => `Nous avons noté ${labels}.`,
    notedNothing: 'Nous n’avons encore noté aucune information.',
    stillNeed: (labels) => `Il nous manque encore ${labels} : merci de nous transmettre ces informations.`,
    nothingMissing: 'Nous avons tout ce qu’il nous faut.',
    emergency: (services) =>
      `Nous avons enregistré l’urgence que vous avez signalée (${services}) et traitons votre dossier en priorité.`,
    transferred: 'Nous vous avons transféré à un conseiller, qui assurera le suivi.',
    followUp: (titles) => `Nous reviendrons vers vous : ${titles}.`,
    whyEmergency: (services) => `Une urgence a été signalée pendant l’appel (${services}).`,
    whyTransferred: 'Vous avez été transféré à un conseiller qui peut traiter votre demande.',
    whyStillMissing: (labels) => `Il manque encore ${labels}.`,
    whyMissing: (labels) => `Vous devez encore nous transmettre ${labels}.`,
    whyComplete: 'Toutes les informations du dossier sont renseignées.',
  },
  es: {
    short: (action) =>
      `Resumen automático: ${outcome(action, ['emergencia comunicada', 'transferida a un compañero', 'expediente abierto, faltan datos', 'expediente completo'])}`,
    about: (incident) =>
      incident ? `Nos llamó por su siniestro: «${incident}».` : 'Nos llamó por su siniestro.',
    noted: (labels) => `Hemos anotado ${labels}.`,
    notedNothing: 'Todavía no hemos anotado ningún dato.',
    stillNeed: (labels) => `Aún necesitamos ${labels}: envíenos esta información, por favor.`,
    nothingMissing: 'Tenemos todo lo que necesitamos.',
    emergency: (services) =>
      `Hemos registrado la emergencia que comunicó (${services}) y tratamos su caso con prioridad.`,
    transferred: 'Le pasamos con un compañero, que hará el seguimiento.',
    followUp: (titles) => `Volveremos a contactarle: ${titles}.`,
    whyEmergency: (services) => `Se comunicó una emergencia durante la llamada (${services}).`,
    whyTransferred: 'Se le pasó con un compañero que puede tramitar su solicitud.',
    whyStillMissing: (labels) => `Aún falta: ${labels}.`,
    whyMissing: (labels) => `Todavía debe enviarnos ${labels}.`,
    whyComplete: 'Todos los datos del expediente están completos.',
  },
  de: {
    short: (action) =>
      `Automatische Zusammenfassung: ${outcome(action, ['Notfall gemeldet', 'an einen Kollegen weitergeleitet', 'Meldung begonnen, Angaben fehlen noch', 'Meldung vollständig'])}`,
    about: (incident) =>
      incident
        ? `Sie haben uns wegen Ihres Schadens angerufen: „${incident}“.`
        : 'Sie haben uns wegen Ihres Schadens angerufen.',
    noted: (labels) => `Wir haben ${labels} notiert.`,
    notedNothing: 'Wir haben noch keine Angaben notiert.',
    stillNeed: (labels) => `Wir brauchen noch ${labels}: Bitte senden Sie uns diese Angaben.`,
    nothingMissing: 'Wir haben alles, was wir brauchen.',
    emergency: (services) =>
      `Wir haben den gemeldeten Notfall erfasst (${services}) und bearbeiten Ihren Fall vorrangig.`,
    transferred: 'Wir haben Sie mit einem Kollegen verbunden, der sich weiter kümmert.',
    followUp: (titles) => `Wir melden uns bei Ihnen: ${titles}.`,
    whyEmergency: (services) => `Während des Anrufs wurde ein Notfall gemeldet (${services}).`,
    whyTransferred: 'Sie wurden mit einem Kollegen verbunden, der Ihr Anliegen bearbeiten kann.',
    whyStillMissing: (labels) => `Es fehlen noch: ${labels}.`,
    whyMissing: (labels) => `Sie müssen uns noch ${labels} senden.`,
    whyComplete: 'Alle Angaben der Meldung sind vollständig.',
  },
  it: {
    short: (action) =>
      `Riepilogo automatico: ${outcome(action, ['emergenza segnalata', 'trasferita a un collega', 'pratica aperta, mancano dati', 'pratica completa'])}`,
    about: (incident) =>
      incident ? `Ci ha chiamato per il suo sinistro: «${incident}».` : 'Ci ha chiamato per il suo sinistro.',
    noted: (labels) => `Abbiamo annotato ${labels}.`,
    notedNothing: 'Non abbiamo ancora annotato alcun dato.',
    stillNeed: (labels) => `Ci servono ancora ${labels}: ce li invii, per favore.`,
    nothingMissing: 'Abbiamo tutto quello che ci serve.',
    emergency: (services) =>
      `Abbiamo registrato l’emergenza segnalata (${services}) e trattiamo il suo caso con priorità.`,
    transferred: 'L’abbiamo passata a un collega, che seguirà la pratica.',
    followUp: (titles) => `La ricontatteremo: ${titles}.`,
    whyEmergency: (services) => `Durante la chiamata è stata segnalata un’emergenza (${services}).`,
    whyTransferred: 'È stata passata a un collega che può gestire la sua richiesta.',
    whyStillMissing: (labels) => `Mancano ancora: ${labels}.`,
    whyMissing: (labels) => `Deve ancora inviarci ${labels}.`,
    whyComplete: 'Tutti i dati della pratica sono completi.',
  },
  pt: {
    short: (action) =>
      `Resumo automático: ${outcome(action, ['emergência comunicada', 'transferida para um colega', 'processo aberto, faltam dados', 'processo completo'])}`,
    about: (incident) =>
      incident
        ? `Ligou-nos por causa do seu sinistro: «${incident}».`
        : 'Ligou-nos por causa do seu sinistro.',
    noted: (labels) => `Anotámos ${labels}.`,
    notedNothing: 'Ainda não anotámos nenhum dado.',
    stillNeed: (labels) => `Ainda precisamos de ${labels}: envie-nos estas informações, por favor.`,
    nothingMissing: 'Temos tudo o que precisamos.',
    emergency: (services) =>
      `Registámos a emergência que comunicou (${services}) e tratamos o seu caso com prioridade.`,
    transferred: 'Transferimo-lo para um colega, que fará o acompanhamento.',
    followUp: (titles) => `Voltaremos a contactá-lo: ${titles}.`,
    whyEmergency: (services) => `Foi comunicada uma emergência durante a chamada (${services}).`,
    whyTransferred: 'Foi transferido para um colega que pode tratar o seu pedido.',
    whyStillMissing: (labels) => `Ainda falta: ${labels}.`,
    whyMissing: (labels) => `Ainda tem de nos enviar ${labels}.`,
    whyComplete: 'Todos os dados do processo estão preenchidos.',
  },
};
