import type { Phrases } from './types';

export const FR: Phrases = {
  canHelp: 'Je peux vous aider : je vais noter les détails de votre dossier.',
  hello: (bot, company) =>
    `Bonjour, je suis ${bot}, l’assistant automatique de ${company}. Je vais noter les détails de votre dossier.`,
  stillHere: 'Oui, je suis là.',
  goAhead: 'Je vous écoute.',
  takeYourTime: 'Bien sûr, prenez votre temps.',
  automated: (bot, company) => `Je suis ${bot}, un assistant automatique de ${company}, pas un humain.`,
  offerHuman: 'Si vous préférez, je peux vous passer un conseiller : il suffit de le demander.',
  didNotCatch: 'Désolé, je n’ai pas compris.',
  repeat: 'Bien sûr.',
  acks: ['Merci.', 'Entendu.', 'Parfait.', 'Très bien, merci.', 'D’accord.'],
  noted: (label, value) => `J’ai noté ${label} : ${value}.`,
  notedOnly: (label) => `J’ai noté ${label}.`,
  changed: (label, value) => `J’ai corrigé ${label} : ${value}.`,
  refused: (label) => `Désolé, je n’ai pas pu noter ${label}.`,
  notUnderstood: (label) => `Désolé, je n’ai pas compris ${label}.`,
  askAgain: (label) => `Pouvez-vous me redonner ${label} ?`,
  lastTry: 'Une dernière chose avant de terminer.',
  dontKnow: 'Pas de souci, j’ai noté que vous ne savez pas.',
  unknownValue: 'Inconnu de l’appelant',
  callingNumber: 'le numéro depuis lequel vous appelez',
  allCollected: 'Merci, j’ai tout ce qu’il me faut.',
  summary: (items) => `Voici ce que j’ai noté : ${items.join(' ; ')}.`,
  anythingElse: 'Puis-je faire autre chose pour vous ?',
  onlyClaim:
    'Je peux seulement noter les détails de votre dossier. Pour autre chose, je peux vous passer un conseiller : il suffit de le demander.',
  question:
    'Je suis un assistant automatique, je ne peux pas répondre moi-même, mais un conseiller verra votre question avec votre dossier.',
  jailbreak: 'Je ne peux pas faire cela : je suis là pour noter votre dossier, qu’un conseiller examinera.',
  insult: 'Je comprends que ce soit agaçant. Je fais au plus vite pour régler cela.',
  smallTalk: 'Merci.',
  empathy: 'Je suis désolé de l’apprendre.',
  emergency: (number) =>
    `Cela ressemble à une urgence. Si quelqu’un est en danger, appelez le ${number} tout de suite.`,
  emergencyRecorded: 'J’ai prévenu notre équipe d’urgence.',
  emergencyContinue: 'Si vous êtes en sécurité et voulez continuer votre déclaration, je vous écoute.',
  transferring: 'Un conseiller va prendre le relais dans un instant, restez en ligne.',
  cannotTransfer: 'Désolé, je ne peux pas vous passer de conseiller pour le moment.',
  reminder: (when) =>
    when
      ? `Nous vous rappellerons ${when} pour compléter votre dossier.`
      : 'Nous vous rappellerons pour compléter votre dossier.',
  goodbyeComplete:
    'Un conseiller va examiner votre dossier, et vous recevrez un résumé par SMS. Merci de votre appel, au revoir.',
  goodbye: 'Vous recevrez un résumé par SMS. Merci de votre appel, au revoir.',
  somethingWentWrong: 'Désolé, quelque chose n’a pas fonctionné de mon côté.',
  noCall: 'Désolé, je ne peux pas vous aider pour le moment. Merci de rappeler plus tard.',
  askDescribed: (description) => `Pouvez-vous me préciser : ${description} ?`,
  fields: {
    policyholder_name: { question: 'Quel est votre nom complet ?', label: 'votre nom' },
    policyholder_email: { question: 'Quelle est votre adresse e-mail ?', label: 'votre adresse e-mail' },
    policyholder_phone: {
      question: 'À quel numéro de téléphone pouvons-nous vous joindre ?',
      label: 'votre numéro de téléphone',
    },
    incident_datetime: { question: 'Quand l’incident a-t-il eu lieu ?', label: 'la date de l’incident' },
    incident_description: { question: 'Que s’est-il passé, avec vos mots ?', label: 'ce qui s’est passé' },
    incident_location: { question: 'Où cela s’est-il passé ?', label: 'le lieu' },
    injuries: { question: 'Y a-t-il eu des blessés, et comment ?', label: 'les blessures' },
    involved_parties: {
      question: 'D’autres personnes ou véhicules étaient-ils impliqués ?',
      label: 'les autres parties impliquées',
    },
    medical_records: {
      question: 'Avez-vous reçu ou prévu des soins médicaux ?',
      label: 'les soins médicaux',
    },
    policy_number: {
      question: 'Quel est votre numéro de contrat d’assurance ?',
      label: 'votre numéro de contrat',
    },
    pre_existing_damages: {
      question: 'Y avait-il des dommages avant l’incident ?',
      label: 'les dommages antérieurs',
    },
    witnesses: {
      question: 'Y a-t-il eu des témoins ? Si oui, qui, et comment les joindre ?',
      label: 'les témoins',
    },
  },
  typeHints: {
    text: '',
    email: 'Dites-la par exemple : jean point dupont arobase exemple point fr.',
    phone_number: 'Dites-le par exemple : zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit.',
    datetime: 'Dites par exemple : hier à 15 heures, ou le 3 mars à 14 h 30.',
  },
  byConcept: {
    location: { question: 'Où se trouve-t-il exactement : bâtiment, étage, salle ?', label: 'l’emplacement' },
    device: {
      question: 'De quel appareil s’agit-il, et quel est le problème ?',
      label: 'l’appareil et le problème',
    },
    datetime: {
      question: 'Quand l’avez-vous remarqué pour la première fois ?',
      label: 'la date où vous l’avez remarqué',
    },
    text: { question: 'Pouvez-vous me donner un peu plus de détails ?', label: 'les détails' },
  },
  typeNouns: {
    text: 'les détails pour',
    email: 'l’adresse e-mail pour',
    phone_number: 'le numéro de téléphone pour',
    datetime: 'la date pour',
  },
  at: 'à',
  and: 'et',
};
