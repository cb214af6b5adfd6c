import type { Phrases } from './types';

export const DE: Phrases = {
  canHelp: 'Dabei helfe ich Ihnen gern: Ich nehme die Angaben zu Ihrem Schaden auf.',
  hello: (bot, company) =>
    `Guten Tag, ich bin ${bot}, der automatische Assistent von ${company}. Ich nehme die Angaben zu Ihrem Schaden auf.`,
  stillHere: 'Ja, ich bin noch da.',
  goAhead: 'Ich höre.',
  takeYourTime: 'Natürlich, lassen Sie sich Zeit.',
  automated: (bot, company) => `Ich bin ${bot}, ein automatischer Assistent von ${company}, kein Mensch.`,
  offerHuman: 'Wenn Sie möchten, verbinde ich Sie mit einem Kollegen: Fragen Sie einfach danach.',
  didNotCatch: 'Entschuldigung, das habe ich nicht verstanden.',
  repeat: 'Natürlich.',
  acks: ['Danke.', 'Alles klar.', 'Perfekt.', 'Sehr gut, danke.', 'In Ordnung.'],
  noted: (label, value) => `Ich habe ${label} notiert: ${value}.`,
  notedOnly: (label) => `Ich habe ${label} notiert.`,
  changed: (label, value) => `Ich habe ${label} korrigiert: ${value}.`,
  refused: (label) => `Entschuldigung, ich konnte ${label} nicht notieren.`,
  notUnderstood: (label) => `Entschuldigung, ich habe ${label} nicht verstanden.`,
  askAgain: (label) => `Könnten Sie mir ${label} noch einmal sagen?`,
  lastTry: 'Eine letzte Sache, bevor wir abschließen.',
  dontKnow: 'Kein Problem, ich habe notiert, dass Sie es nicht wissen.',
  unknownValue: 'Dem Anrufer nicht bekannt',
  callingNumber: 'die Nummer, von der Sie anrufen',
  allCollected: 'Danke, ich habe alles, was ich brauche.',
  summary: (items) => `Das habe ich notiert: ${items.join('; ')}.`,
  anythingElse: 'Kann ich sonst noch etwas für Sie tun?',
  onlyClaim:
    'Ich kann nur die Angaben zu Ihrem Schaden aufnehmen. Für alles andere verbinde ich Sie gern mit einem Kollegen: Fragen Sie einfach danach.',
  question:
    'Ich bin ein automatischer Assistent und kann das nicht selbst beantworten, aber ein Berater sieht Ihre Frage mit Ihrer Meldung.',
  jailbreak: 'Das kann ich nicht tun: Ich nehme Ihre Schadensmeldung auf, und ein Berater prüft sie.',
  insult: 'Ich verstehe, dass das ärgerlich ist. Ich tue mein Bestes, damit es schnell geht.',
  smallTalk: 'Danke.',
  empathy: 'Das tut mir sehr leid.',
  emergency: (number) =>
    `Das klingt nach einem Notfall. Wenn jemand in Gefahr ist, rufen Sie bitte sofort die ${number} an.`,
  emergencyRecorded: 'Ich habe unser Notfallteam benachrichtigt.',
  emergencyContinue: 'Wenn Sie in Sicherheit sind und mit der Meldung weitermachen möchten, höre ich zu.',
  transferring: 'Ein Kollege übernimmt gleich, bitte bleiben Sie dran.',
  cannotTransfer: 'Entschuldigung, ich kann Sie gerade nicht mit einem Kollegen verbinden.',
  reminder: (when) =>
    when
      ? `Wir rufen Sie am ${when} zurück, um Ihre Meldung zu vervollständigen.`
      : 'Wir rufen Sie zurück, um Ihre Meldung zu vervollständigen.',
  goodbyeComplete:
    'Ein Berater prüft Ihre Meldung, und Sie erhalten eine Zusammenfassung per SMS. Danke für Ihren Anruf, auf Wiederhören.',
  goodbye: 'Sie erhalten eine Zusammenfassung per SMS. Danke für Ihren Anruf, auf Wiederhören.',
  somethingWentWrong: 'Entschuldigung, bei mir ist etwas schiefgelaufen.',
  noCall: 'Entschuldigung, ich kann Ihnen gerade nicht helfen. Bitte rufen Sie später noch einmal an.',
  askDescribed: (description) => `Könnten Sie mir Folgendes sagen: ${description}?`,
  fields: {
    policyholder_name: { question: 'Wie ist Ihr vollständiger Name?', label: 'Ihren Namen' },
    policyholder_email: { question: 'Wie lautet Ihre E-Mail-Adresse?', label: 'Ihre E-Mail-Adresse' },
    policyholder_phone: {
      question: 'Unter welcher Telefonnummer können wir Sie erreichen?',
      label: 'Ihre Telefonnummer',
    },
    incident_datetime: { question: 'Wann ist der Vorfall passiert?', label: 'das Datum des Vorfalls' },
    incident_description: { question: 'Was ist passiert, in Ihren eigenen Worten?', label: 'den Hergang' },
    incident_location: { question: 'Wo ist es passiert?', label: 'den Ort' },
    injuries: { question: 'Wurde jemand verletzt, und wie?', label: 'die Verletzungen' },
    involved_parties: {
      question: 'Waren andere Personen oder Fahrzeuge beteiligt?',
      label: 'die anderen Beteiligten',
    },
    medical_records: {
      question: 'Haben Sie ärztliche Behandlung erhalten oder geplant?',
      label: 'die ärztliche Behandlung',
    },
    policy_number: { question: 'Wie lautet Ihre Versicherungsnummer?', label: 'Ihre Versicherungsnummer' },
    pre_existing_damages: {
      question: 'Gab es schon vor dem Vorfall Schäden?',
      label: 'die Vorschäden',
    },
    witnesses: {
      question: 'Gab es Zeugen? Wenn ja, wer, und wie erreichen wir sie?',
      label: 'die Zeugen',
    },
  },
  typeHints: {
    text: '',
    email: 'Zum Beispiel: max Punkt mustermann at beispiel Punkt de.',
    phone_number: 'Zum Beispiel: null eins fünf eins, zwei drei vier, fünf sechs sieben acht.',
    datetime: 'Zum Beispiel: gestern um 15 Uhr, oder am 3. März um 14:30.',
  },
  byConcept: {
    location: { question: 'Wo genau befindet es sich: Gebäude, Stockwerk, Raum?', label: 'den Standort' },
    device: {
      question: 'Um welches Gerät geht es, und was ist das Problem?',
      label: 'das Gerät und das Problem',
    },
    datetime: { question: 'Wann ist es Ihnen zum ersten Mal aufgefallen?', label: 'wann es zuerst auffiel' },
    text: { question: 'Können Sie mir noch ein paar Einzelheiten nennen?', label: 'die Einzelheiten' },
  },
  typeNouns: {
    text: 'die Angaben zu',
    email: 'die E-Mail-Adresse für',
    phone_number: 'die Telefonnummer für',
    datetime: 'das Datum für',
  },
  at: 'um',
  and: 'und',
};
