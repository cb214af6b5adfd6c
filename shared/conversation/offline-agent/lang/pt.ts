import type { Phrases } from './types';

export const PT: Phrases = {
  canHelp: 'Posso ajudar: vou anotar os detalhes do seu sinistro.',
  hello: (bot, company) =>
    `Olá, sou ${bot}, o assistente automático da ${company}. Vou anotar os detalhes do seu sinistro.`,
  stillHere: 'Sim, estou aqui.',
  goAhead: 'Pode falar.',
  takeYourTime: 'Claro, não tenha pressa.',
  automated: (bot, company) => `Sou ${bot}, um assistente automático da ${company}, não uma pessoa.`,
  offerHuman: 'Se preferir, posso transferi-lo para um colega: basta pedir.',
  didNotCatch: 'Desculpe, não percebi.',
  repeat: 'Claro.',
  acks: ['Obrigado.', 'Entendido.', 'Perfeito.', 'Muito bem, obrigado.', 'Certo.'],
  noted: (label, value) => `Anotei ${label}: ${value}.`,
  notedOnly: (label) => `Anotei ${label}.`,
  changed: (label, value) => `Corrigi ${label}: ${value}.`,
  refused: (label) => `Desculpe, não consegui anotar ${label}.`,
  notUnderstood: (label) => `Desculpe, não entendi ${label}.`,
  askAgain: (label) => `Pode repetir ${label}?`,
  lastTry: 'Só mais uma coisa antes de terminarmos.',
  dontKnow: 'Sem problema, anotei que não sabe.',
  unknownValue: 'Desconhecido por quem liga',
  callingNumber: 'o número de onde está a ligar',
  allCollected: 'Obrigado, já tenho tudo o que preciso.',
  summary: (items) => `Isto é o que anotei: ${items.join('; ')}.`,
  anythingElse: 'Posso ajudar em mais alguma coisa?',
  onlyClaim:
    'Só posso anotar os detalhes do seu sinistro. Para outra coisa, posso transferi-lo para um colega: basta pedir.',
  question:
    'Sou um assistente automático e não posso responder eu mesmo, mas um consultor verá a sua pergunta junto com o processo.',
  jailbreak: 'Não posso fazer isso: estou aqui para anotar o seu sinistro, que um consultor vai analisar.',
  insult: 'Compreendo que seja frustrante. Vou fazer o possível para resolver depressa.',
  smallTalk: 'Obrigado.',
  empathy: 'Lamento muito.',
  emergency: (number) =>
    `Isto parece uma emergência. Se alguém estiver em perigo, ligue já para o ${number}.`,
  emergencyRecorded: 'Avisei a nossa equipa de emergência.',
  emergencyContinue: 'Se estiver em segurança e quiser continuar a participação, estou a ouvir.',
  transferring: 'Um colega vai atendê-lo dentro de momentos, não desligue.',
  cannotTransfer: 'Desculpe, agora não consigo transferi-lo para um colega.',
  reminder: (when) =>
    when
      ? `Vamos ligar-lhe de volta ${when} para completar o processo.`
      : 'Vamos ligar-lhe de volta para completar o processo.',
  goodbyeComplete:
    'Um consultor vai analisar o seu processo e receberá um resumo por SMS. Obrigado pela sua chamada, adeus.',
  goodbye: 'Receberá um resumo por SMS. Obrigado pela sua chamada, adeus.',
  somethingWentWrong: 'Desculpe, algo correu mal do meu lado.',
  noCall: 'Desculpe, agora não consigo ajudar. Por favor, ligue mais tarde.',
  askDescribed: (description) => `Pode indicar-me: ${description}?`,
  fields: {
    policyholder_name: { question: 'Qual é o seu nome completo?', label: 'o seu nome' },
    policyholder_email: { question: 'Qual é o seu endereço de e-mail?', label: 'o seu e-mail' },
    policyholder_phone: {
      question: 'Em que número de telefone o podemos contactar?',
      label: 'o seu número de telefone',
    },
    incident_datetime: { question: 'Quando aconteceu o incidente?', label: 'a data do incidente' },
    incident_description: { question: 'O que aconteceu, por palavras suas?', label: 'o que aconteceu' },
    incident_location: { question: 'Onde aconteceu?', label: 'o local' },
    injuries: { question: 'Alguém ficou ferido? Como?', label: 'os ferimentos' },
    involved_parties: {
      question: 'Havia outras pessoas ou veículos envolvidos?',
      label: 'as outras partes envolvidas',
    },
    medical_records: {
      question: 'Recebeu ou tem previstos cuidados médicos?',
      label: 'os cuidados médicos',
    },
    policy_number: { question: 'Qual é o número da sua apólice?', label: 'o número da apólice' },
    pre_existing_damages: {
      question: 'Havia danos antes do incidente?',
      label: 'os danos anteriores',
    },
    witnesses: {
      question: 'Houve testemunhas? Se sim, quem, e como as podemos contactar?',
      label: 'as testemunhas',
    },
  },
  typeHints: {
    text: '',
    email: 'Por exemplo: joao ponto silva arroba exemplo ponto pt.',
    phone_number: 'Por exemplo: nove um dois, três quatro cinco, seis sete oito.',
    datetime: 'Por exemplo: ontem às três da tarde, ou 3 de março às 14:30.',
  },
  byConcept: {
    location: { question: 'Onde está exatamente: edifício, andar, sala?', label: 'a localização' },
    device: { question: 'De que aparelho se trata, e qual é o problema?', label: 'o aparelho e o problema' },
    datetime: { question: 'Quando reparou nisso pela primeira vez?', label: 'quando reparou' },
    text: { question: 'Pode dar-me mais alguns detalhes?', label: 'os detalhes' },
  },
  typeNouns: {
    text: 'os detalhes de',
    email: 'o e-mail para',
    phone_number: 'o número de telefone para',
    datetime: 'a data de',
  },
  at: 'às',
  and: 'e',
};
