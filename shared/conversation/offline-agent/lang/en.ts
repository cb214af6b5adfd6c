import type { Phrases } from './types';

export const EN: Phrases = {
  canHelp: 'I can help you with that: I will take down the details of your claim.',
  hello: (bot, company) =>
    `Hello, I am ${bot}, the automated assistant of ${company}. I will take down the details of your claim.`,
  stillHere: 'Yes, I am here.',
  goAhead: 'Please go ahead.',
  takeYourTime: 'Of course, take your time.',
  automated: (bot, company) => `I am ${bot}, an automated assistant of ${company}, not a human.`,
  offerHuman: 'If you prefer, I can transfer you to a colleague: just ask for an agent.',
  didNotCatch: 'Sorry, I did not catch that.',
  repeat: 'Of course.',
  acks: ['Thank you.', 'Got it.', 'Perfect.', 'Great, thanks.', 'All right.'],
  noted: (label, value) => `I noted ${label}: ${value}.`,
  notedOnly: (label) => `I noted ${label}.`,
  changed: (label, value) => `I changed ${label} to ${value}.`,
  refused: (label, reason) =>
    reason ? `Sorry, I could not note ${label}: ${reason}.` : `Sorry, I could not note ${label}.`,
  notUnderstood: (label) => `Sorry, I could not get ${label}.`,
  askAgain: (label) => `Could you give me ${label} again?`,
  lastTry: 'One last thing before we finish.',
  dontKnow: 'No problem, I noted that you do not know.',
  unknownValue: 'Not known by the caller',
  callingNumber: 'the number you are calling from',
  allCollected: 'Thank you, I have everything I need.',
  summary: (items) => `Here is what I noted: ${items.join('; ')}.`,
  anythingElse: 'Is there anything else I can do for you?',
  onlyClaim:
    'I can only take down the details of your claim. For anything else, I can transfer you to a colleague: just ask for an agent.',
  question:
    'I am an automated assistant, so I cannot answer that myself, but an adviser will see your question with your claim.',
  jailbreak: 'I cannot do that: I am here to take down your claim, and an adviser will review it.',
  insult: 'I understand this is frustrating. I will do my best to get this sorted quickly.',
  smallTalk: 'Thank you.',
  empathy: 'I am sorry to hear that.',
  emergency: (number) =>
    `This sounds like an emergency. If anyone is in danger, please call ${number} right now.`,
  emergencyRecorded: 'I have alerted our emergency team.',
  emergencyContinue: 'If you are safe and want to go on with your claim, I am listening.',
  transferring: 'A colleague will take over in a moment, please stay on the line.',
  cannotTransfer: 'Sorry, I cannot transfer you to a colleague right now.',
  reminder: (when) =>
    when
      ? `We will call you back on ${when} to complete your claim.`
      : 'We will call you back to complete your claim.',
  goodbyeComplete:
    'An adviser will review your claim, and you will receive a summary by text message. Thank you for your call, goodbye.',
  goodbye: 'You will receive a summary by text message. Thank you for your call, goodbye.',
  somethingWentWrong: 'Sorry, something went wrong on my side.',
  noCall: 'Sorry, I cannot help you right now. Please call again later.',
  askDescribed: (description) => `Could you tell me ${description}?`,
  fields: {
    policyholder_name: { question: 'What is your full name?', label: 'your name' },
    policyholder_email: { question: 'What is your e-mail address?', label: 'your e-mail address' },
    policyholder_phone: { question: 'What phone number can we reach you on?', label: 'your phone number' },
    incident_datetime: { question: 'When did the incident happen?', label: 'the date of the incident' },
    incident_description: { question: 'What happened, in your own words?', label: 'what happened' },
    incident_location: { question: 'Where did it happen?', label: 'the place' },
    injuries: { question: 'Was anyone hurt, and how?', label: 'the injuries' },
    involved_parties: {
      question: 'Were other people or vehicles involved?',
      label: 'the other parties involved',
    },
    medical_records: {
      question: 'Have you received or planned any medical care?',
      label: 'the medical care',
    },
    policy_number: { question: 'What is your insurance policy number?', label: 'your policy number' },
    pre_existing_damages: {
      question: 'Was there any damage before the incident?',
      label: 'the earlier damage',
    },
    witnesses: {
      question: 'Were there any witnesses? If so, who, and how can we reach them?',
      label: 'the witnesses',
    },
  },
  typeHints: {
    text: '',
    email: 'For example: john dot doe at example dot com.',
    phone_number: 'For example: plus one, four two five, five five five, zero one two three.',
    datetime: 'For example: yesterday at 3 pm, or March 3rd at 2:30 pm.',
  },
  byConcept: {
    location: { question: 'Where exactly is it: building, floor, room?', label: 'the place' },
    device: {
      question: 'Which device is it, and what is wrong with it?',
      label: 'the device and the problem',
    },
    datetime: { question: 'When did you first notice it?', label: 'when it was first noticed' },
    text: { question: 'Could you give me a few more details?', label: 'the details' },
  },
  typeNouns: {
    text: 'the details for',
    email: 'the e-mail address for',
    phone_number: 'the phone number for',
    datetime: 'the date for',
  },
  at: 'at',
  and: 'and',
};
