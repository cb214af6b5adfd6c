import type { Phrases } from './types';

export const IT: Phrases = {
  canHelp: 'Posso aiutarla: prendo nota dei dettagli del suo sinistro.',
  hello: (bot, company) =>
    `Buongiorno, sono ${bot}, l’assistente automatico di ${company}. Prendo nota dei dettagli del suo sinistro.`,
  stillHere: 'Sì, sono qui.',
  goAhead: 'La ascolto.',
  takeYourTime: 'Certo, faccia con calma.',
  automated: (bot, company) => `Sono ${bot}, un assistente automatico di ${company}, non una persona.`,
  offerHuman: 'Se preferisce, posso passarla a un collega: basta chiederlo.',
  didNotCatch: 'Mi scusi, non ho capito.',
  repeat: 'Certo.',
  acks: ['Grazie.', 'Capito.', 'Perfetto.', 'Molto bene, grazie.', 'D’accordo.'],
  noted: (label, value) => `Ho annotato ${label}: ${value}.`,
  notedOnly: (label) => `Ho annotato ${label}.`,
  changed: (label, value) => `Ho corretto ${label}: ${value}.`,
  refused: (label) => `Mi scusi, non sono riuscito ad annotare ${label}.`,
  notUnderstood: (label) => `Mi scusi, non ho capito ${label}.`,
  askAgain: (label) => `Può ripetermi ${label}?`,
  lastTry: 'Un’ultima cosa prima di finire.',
  dontKnow: 'Nessun problema, ho annotato che non lo sa.',
  unknownValue: 'Non noto a chi chiama',
  callingNumber: 'il numero da cui sta chiamando',
  allCollected: 'Grazie, ho tutto quello che mi serve.',
  summary: (items) => `Ecco cosa ho annotato: ${items.join('; ')}.`,
  anythingElse: 'Posso fare altro per lei?',
  onlyClaim:
    'Posso solo prendere nota dei dettagli del suo sinistro. Per altro, posso passarla a un collega: basta chiederlo.',
  question:
    'Sono un assistente automatico e non posso rispondere io, ma un consulente vedrà la sua domanda insieme alla pratica.',
  jailbreak: 'Non posso farlo: sono qui per prendere nota del suo sinistro, che un consulente esaminerà.',
  insult: 'Capisco che sia frustrante. Faccio il possibile per risolvere in fretta.',
  smallTalk: 'Grazie.',
  empathy: 'Mi dispiace molto.',
  emergency: (number) => `Sembra un’emergenza. Se qualcuno è in pericolo, chiami subito il ${number}.`,
  emergencyRecorded: 'Ho avvisato il nostro team di emergenza.',
  emergencyContinue: 'Se è al sicuro e vuole continuare la denuncia, la ascolto.',
  transferring: 'Un collega la seguirà tra un attimo, resti in linea.',
  cannotTransfer: 'Mi dispiace, al momento non posso passarla a un collega.',
  reminder: (when) =>
    when
      ? `La richiameremo ${when} per completare la pratica.`
      : 'La richiameremo per completare la pratica.',
  goodbyeComplete:
    'Un consulente esaminerà la sua pratica e riceverà un riepilogo via SMS. Grazie per la chiamata, arrivederci.',
  goodbye: 'Riceverà un riepilogo via SMS. Grazie per la chiamata, arrivederci.',
  somethingWentWrong: 'Mi scusi, qualcosa non ha funzionato da parte mia.',
  noCall: 'Mi dispiace, ora non posso aiutarla. Richiami più tardi, per favore.',
  askDescribed: (description) => `Può indicarmi: ${description}?`,
  fields: {
    policyholder_name: { question: 'Qual è il suo nome completo?', label: 'il suo nome' },
    policyholder_email: { question: 'Qual è il suo indirizzo e-mail?', label: 'il suo indirizzo e-mail' },
    policyholder_phone: {
      question: 'A quale numero di telefono possiamo contattarla?',
      label: 'il suo numero di telefono',
    },
    incident_datetime: { question: 'Quando è successo?', label: 'la data dell’incidente' },
    incident_description: { question: 'Cosa è successo, con parole sue?', label: 'l’accaduto' },
    incident_location: { question: 'Dove è successo?', label: 'il luogo' },
    injuries: { question: 'Qualcuno si è fatto male? Come?', label: 'le lesioni' },
    involved_parties: {
      question: 'Erano coinvolte altre persone o veicoli?',
      label: 'le altre parti coinvolte',
    },
    medical_records: {
      question: 'Ha ricevuto o programmato cure mediche?',
      label: 'le cure mediche',
    },
    policy_number: { question: 'Qual è il numero della sua polizza?', label: 'il numero di polizza' },
    pre_existing_damages: {
      question: 'C’erano danni prima dell’incidente?',
      label: 'i danni precedenti',
    },
    witnesses: {
      question: 'Ci sono stati testimoni? Se sì, chi, e come possiamo contattarli?',
      label: 'i testimoni',
    },
  },
  typeHints: {
    text: '',
    email: 'Per esempio: mario punto rossi chiocciola esempio punto it.',
    phone_number: 'Per esempio: tre tre tre, uno due tre, quattro cinque sei sette.',
    datetime: 'Per esempio: ieri alle tre del pomeriggio, o il 3 marzo alle 14:30.',
  },
  byConcept: {
    location: { question: 'Dove si trova esattamente: edificio, piano, stanza?', label: 'la posizione' },
    device: {
      question: 'Di quale dispositivo si tratta, e qual è il problema?',
      label: 'il dispositivo e il problema',
    },
    datetime: { question: 'Quando l’ha notato per la prima volta?', label: 'quando l’ha notato' },
    text: { question: 'Può darmi qualche dettaglio in più?', label: 'i dettagli' },
  },
  typeNouns: {
    text: 'i dettagli di',
    email: 'l’indirizzo e-mail per',
    phone_number: 'il numero di telefono per',
    datetime: 'la data per',
  },
  at: 'alle',
  and: 'e',
};
