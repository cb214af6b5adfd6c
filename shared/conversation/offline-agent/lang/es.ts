import type { Phrases } from './types';

export const ES: Phrases = {
  canHelp: 'Puedo ayudarle: voy a tomar nota de los detalles de su siniestro.',
  hello: (bot, company) =>
    `Hola, soy ${bot}, el asistente automático de ${company}. Voy a tomar nota de los detalles de su siniestro.`,
  stillHere: 'Sí, sigo aquí.',
  goAhead: 'Le escucho.',
  takeYourTime: 'Claro, tómese su tiempo.',
  automated: (bot, company) => `Soy ${bot}, un asistente automático de ${company}, no una persona.`,
  offerHuman: 'Si lo prefiere, puedo pasarle con un compañero: solo tiene que pedirlo.',
  didNotCatch: 'Perdone, no le he entendido.',
  repeat: 'Por supuesto.',
  acks: ['Gracias.', 'Entendido.', 'Perfecto.', 'Muy bien, gracias.', 'De acuerdo.'],
  noted: (label, value) => `He anotado ${label}: ${value}.`,
  notedOnly: (label) => `He anotado ${label}.`,
  changed: (label, value) => `He corregido ${label}: ${value}.`,
  refused: (label) => `Perdone, no he podido anotar ${label}.`,
  notUnderstood: (label) => `Perdone, no he entendido ${label}.`,
  askAgain: (label) => `¿Podría repetirme ${label}?`,
  lastTry: 'Una última cosa antes de terminar.',
  dontKnow: 'No se preocupe, he anotado que no lo sabe.',
  unknownValue: 'Desconocido por quien llama',
  callingNumber: 'el número desde el que llama',
  allCollected: 'Gracias, ya tengo todo lo que necesito.',
  summary: (items) => `Esto es lo que he anotado: ${items.join('; ')}.`,
  anythingElse: '¿Puedo ayudarle en algo más?',
  onlyClaim:
    'Solo puedo tomar nota de los detalles de su siniestro. Para otra cosa, puedo pasarle con un compañero: solo tiene que pedirlo.',
  question:
    'Soy un asistente automático y no puedo responderle yo mismo, pero un asesor verá su pregunta junto con su expediente.',
  jailbreak: 'No puedo hacer eso: estoy aquí para tomar nota de su siniestro, que revisará un asesor.',
  insult: 'Entiendo que es frustrante. Haré lo posible por resolverlo rápido.',
  smallTalk: 'Gracias.',
  empathy: 'Lamento mucho oír eso.',
  emergency: (number) =>
    `Esto parece una emergencia. Si alguien está en peligro, llame al ${number} ahora mismo.`,
  emergencyRecorded: 'He avisado a nuestro equipo de emergencias.',
  emergencyContinue: 'Si está a salvo y quiere seguir con su declaración, le escucho.',
  transferring: 'Un compañero le atenderá en un momento, no cuelgue, por favor.',
  cannotTransfer: 'Lo siento, ahora mismo no puedo pasarle con un compañero.',
  reminder: (when) =>
    when
      ? `Le llamaremos el ${when} para completar su expediente.`
      : 'Le llamaremos para completar su expediente.',
  goodbyeComplete:
    'Un asesor revisará su expediente y recibirá un resumen por SMS. Gracias por su llamada, adiós.',
  goodbye: 'Recibirá un resumen por SMS. Gracias por su llamada, adiós.',
  somethingWentWrong: 'Lo siento, algo ha fallado por mi parte.',
  noCall: 'Lo siento, ahora no puedo ayudarle. Por favor, llame más tarde.',
  askDescribed: (description) => `¿Podría indicarme: ${description}?`,
  fields: {
    policyholder_name: { question: '¿Cuál es su nombre completo?', label: 'su nombre' },
    policyholder_email: { question: '¿Cuál es su correo electrónico?', label: 'su correo electrónico' },
    policyholder_phone: {
      question: '¿En qué número de teléfono podemos localizarle?',
      label: 'su número de teléfono',
    },
    incident_datetime: { question: '¿Cuándo ocurrió el incidente?', label: 'la fecha del incidente' },
    incident_description: { question: '¿Qué ocurrió, con sus propias palabras?', label: 'lo ocurrido' },
    incident_location: { question: '¿Dónde ocurrió?', label: 'el lugar' },
    injuries: { question: '¿Hubo algún herido? ¿Cómo?', label: 'las lesiones' },
    involved_parties: {
      question: '¿Había otras personas o vehículos implicados?',
      label: 'las otras partes implicadas',
    },
    medical_records: {
      question: '¿Ha recibido o tiene prevista atención médica?',
      label: 'la atención médica',
    },
    policy_number: { question: '¿Cuál es su número de póliza?', label: 'su número de póliza' },
    pre_existing_damages: {
      question: '¿Había algún daño antes del incidente?',
      label: 'los daños anteriores',
    },
    witnesses: {
      question: '¿Hubo testigos? Si es así, ¿quiénes, y cómo podemos contactarlos?',
      label: 'los testigos',
    },
  },
  typeHints: {
    text: '',
    email: 'Por ejemplo: juan punto garcia arroba ejemplo punto es.',
    phone_number: 'Por ejemplo: seis, doce, treinta y cuatro, cincuenta y seis, setenta y ocho.',
    datetime: 'Por ejemplo: ayer a las tres de la tarde, o el 3 de marzo a las 14:30.',
  },
  byConcept: {
    location: { question: '¿Dónde está exactamente: edificio, planta, sala?', label: 'la ubicación' },
    device: { question: '¿Qué aparato es y qué le pasa?', label: 'el aparato y el problema' },
    datetime: { question: '¿Cuándo lo notó por primera vez?', label: 'cuándo lo notó por primera vez' },
    text: { question: '¿Podría darme algunos detalles más?', label: 'los detalles' },
  },
  typeNouns: {
    text: 'los detalles de',
    email: 'el correo electrónico de',
    phone_number: 'el número de teléfono de',
    datetime: 'la fecha de',
  },
  at: 'a las',
  and: 'y',
};
