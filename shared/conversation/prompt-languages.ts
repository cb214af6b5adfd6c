import type { LanguageTemplates } from './prompt-templates';

/**
 * The canned phrases (hello, goodbye, fillers...) in French, Spanish, German, Italian and Portuguese,
 * so that a call in one of them is greeted in it; another region of a language uses them too (fr-CA
 * takes fr-FR's, pt-BR takes pt-PT's). The system prompt stays in English: the model reads it.
 */
export const DEFAULT_LANGUAGE_TEMPLATES: LanguageTemplates = {
  'fr-FR': {
    hello: [
      "Bonjour, ici {bot_name}, de {bot_company}. Je suis une intelligence artificielle, et je suis là pour vous aider. Que puis-je faire pour vous aujourd'hui ?",
      "Bonjour, vous êtes en ligne avec {bot_name}, l'intelligence artificielle de {bot_company}. Comment puis-je vous aider ?",
    ],
    hello_resumed: [
      'Rebonjour, ici {bot_name}, de {bot_company}. Je suis une intelligence artificielle. Reprenons où nous en étions. J’ai déjà noté : {known}. Il me manque encore : {missing}.',
      'Bonjour à nouveau, c’est {bot_name}, l’intelligence artificielle de {bot_company}. Déjà noté : {known}. Encore à compléter : {missing}. On continue ?',
    ],
    hello_follow_up: [
      'Bonjour, ici {bot_name}, l’intelligence artificielle de {bot_company}. Je vous rappelle comme promis au sujet de : {reminder}. J’ai déjà noté : {known}. Il me manque encore : {missing}.',
    ],
    filler: [
      'Un instant, s’il vous plaît.',
      'Je vérifie, une seconde.',
      'Laissez-moi regarder cela.',
      'Je m’en occupe, un petit instant.',
    ],
    goodbye: [
      'Merci de votre appel. Toute l’équipe de {bot_company} vous souhaite une bonne journée. Au revoir !',
      'Merci pour votre temps. Prenez soin de vous, au revoir !',
    ],
    refusal: [
      'Toutes mes excuses, je ne peux pas vous aider sur ce point. Puis-je faire autre chose pour vous ?',
      'Je ne peux malheureusement pas répondre à cela. Puis-je vous aider pour autre chose ?',
    ],
    timeout: [
      'Je mets plus de temps que prévu à vous répondre. Merci de votre patience.',
      'Pardon pour l’attente, je suis toujours dessus.',
    ],
    silence: [
      'Vous êtes toujours là ? Prenez votre temps, je vous écoute.',
      'Je suis toujours là. Comment puis-je vous aider ?',
    ],
    error: [
      'Excusez-moi, j’ai rencontré un problème technique. Pouvez-vous répéter, s’il vous plaît ?',
      'Pardon, quelque chose n’a pas fonctionné de mon côté. Pouvez-vous redire ce que vous venez de dire ?',
    ],
    transfer_failed: [
      'Je suis désolée, je n’ai pas pu joindre un collègue pour le moment. Nous pouvons continuer ensemble, ou je peux noter un rappel pour qu’un collègue vous rappelle. Que préférez-vous ?',
    ],
  },
  'es-ES': {
    hello: [
      'Hola, soy {bot_name}, de {bot_company}. Soy una inteligencia artificial y estoy aquí para ayudarle. ¿En qué puedo ayudarle hoy?',
      'Hola, habla con {bot_name}, la inteligencia artificial de {bot_company}. ¿En qué puedo ayudarle?',
    ],
    hello_resumed: [
      'Hola de nuevo, soy {bot_name}, de {bot_company}, su asistente de inteligencia artificial. Sigamos donde lo dejamos. Ya tengo: {known}. Aún necesito: {missing}.',
    ],
    hello_follow_up: [
      'Hola, soy {bot_name}, la inteligencia artificial de {bot_company}. Le llamo como le prometí sobre: {reminder}. Ya tengo: {known}. Aún necesito: {missing}.',
    ],
    filler: ['Un momento, por favor.', 'Déjeme comprobarlo.', 'Un segundo, lo estoy mirando.'],
    goodbye: [
      'Gracias por su llamada. Todo el equipo de {bot_company} le desea un buen día. ¡Adiós!',
      'Gracias por su tiempo. Cuídese, ¡adiós!',
    ],
    refusal: ['Lo siento, no puedo ayudarle con eso. ¿Puedo ayudarle en algo más?'],
    timeout: ['Estoy tardando más de lo previsto en responder. Gracias por su paciencia.'],
    silence: ['¿Sigue ahí? Tómese su tiempo, le escucho.', 'Sigo aquí. ¿En qué puedo ayudarle?'],
    error: ['Perdone, he tenido un problema técnico. ¿Puede repetirlo, por favor?'],
    transfer_failed: [
      'Lo siento, no he podido contactar con un compañero en este momento. Podemos seguir juntos, o puedo anotar un recordatorio para que un compañero le devuelva la llamada. ¿Qué prefiere?',
    ],
  },
  'de-DE': {
    hello: [
      'Guten Tag, hier ist {bot_name} von {bot_company}. Ich bin eine künstliche Intelligenz und helfe Ihnen gern. Was kann ich heute für Sie tun?',
      'Guten Tag, Sie sprechen mit {bot_name}, der künstlichen Intelligenz von {bot_company}. Wie kann ich Ihnen helfen?',
    ],
    hello_resumed: [
      'Guten Tag, hier ist wieder {bot_name} von {bot_company}, Ihr KI-Assistent. Machen wir weiter, wo wir aufgehört haben. Ich habe schon: {known}. Es fehlt noch: {missing}.',
    ],
    hello_follow_up: [
      'Guten Tag, hier ist {bot_name}, die künstliche Intelligenz von {bot_company}. Ich rufe wie versprochen zurück wegen: {reminder}. Ich habe schon: {known}. Es fehlt noch: {missing}.',
    ],
    filler: ['Einen Moment, bitte.', 'Ich sehe kurz nach.', 'Eine Sekunde, ich prüfe das.'],
    goodbye: [
      'Danke für Ihren Anruf. Das ganze Team von {bot_company} wünscht Ihnen einen schönen Tag. Auf Wiederhören!',
      'Danke für Ihre Zeit. Alles Gute, auf Wiederhören!',
    ],
    refusal: ['Das kann ich leider nicht beantworten. Kann ich sonst etwas für Sie tun?'],
    timeout: ['Die Antwort dauert länger als erwartet. Danke für Ihre Geduld.'],
    silence: [
      'Sind Sie noch da? Lassen Sie sich Zeit, ich höre zu.',
      'Ich bin noch da. Wie kann ich helfen?',
    ],
    error: ['Entschuldigung, ich hatte ein technisches Problem. Können Sie das bitte wiederholen?'],
    transfer_failed: [
      'Es tut mir leid, ich konnte gerade keinen Kollegen erreichen. Wir können gemeinsam weitermachen, oder ich notiere eine Erinnerung, damit ein Kollege Sie zurückruft. Was ist Ihnen lieber?',
    ],
  },
  'it-IT': {
    hello: [
      'Buongiorno, sono {bot_name} di {bot_company}. Sono un’intelligenza artificiale e sono qui per aiutarla. Cosa posso fare per lei oggi?',
      'Buongiorno, parla con {bot_name}, l’intelligenza artificiale di {bot_company}. Come posso aiutarla?',
    ],
    hello_resumed: [
      'Buongiorno di nuovo, sono {bot_name} di {bot_company}, il suo assistente di intelligenza artificiale. Riprendiamo da dove eravamo rimasti. Ho già: {known}. Mi manca ancora: {missing}.',
    ],
    hello_follow_up: [
      'Buongiorno, sono {bot_name}, l’intelligenza artificiale di {bot_company}. La richiamo come promesso per: {reminder}. Ho già: {known}. Mi manca ancora: {missing}.',
    ],
    filler: ['Un attimo, per favore.', 'Controllo subito.', 'Un secondo, verifico.'],
    goodbye: [
      'Grazie per la chiamata. Tutto il team di {bot_company} le augura una buona giornata. Arrivederci!',
      'Grazie per il suo tempo. Arrivederci!',
    ],
    refusal: ['Mi dispiace, non posso aiutarla su questo. Posso fare altro per lei?'],
    timeout: ['Sto impiegando più del previsto a rispondere. Grazie per la pazienza.'],
    silence: ['È ancora in linea? Faccia con calma, la ascolto.', 'Sono ancora qui. Come posso aiutarla?'],
    error: ['Mi scusi, ho avuto un problema tecnico. Può ripetere, per favore?'],
    transfer_failed: [
      'Mi dispiace, non sono riuscita a raggiungere un collega in questo momento. Possiamo continuare insieme, oppure posso annotare un promemoria perché un collega la richiami. Cosa preferisce?',
    ],
  },
  'pt-PT': {
    hello: [
      'Olá, fala {bot_name}, da {bot_company}. Sou uma inteligência artificial e estou aqui para ajudar. Em que posso ajudar hoje?',
      'Olá, está a falar com {bot_name}, a inteligência artificial da {bot_company}. Como posso ajudar?',
    ],
    hello_resumed: [
      'Olá de novo, fala {bot_name}, da {bot_company}, o seu assistente de inteligência artificial. Vamos continuar onde ficámos. Já tenho: {known}. Ainda preciso de: {missing}.',
    ],
    hello_follow_up: [
      'Olá, fala {bot_name}, a inteligência artificial da {bot_company}. Ligo de volta como prometido sobre: {reminder}. Já tenho: {known}. Ainda preciso de: {missing}.',
    ],
    filler: ['Um momento, por favor.', 'Deixe-me verificar.', 'Só um segundo, estou a ver.'],
    goodbye: [
      'Obrigado pela sua chamada. Toda a equipa da {bot_company} deseja-lhe um bom dia. Adeus!',
      'Obrigado pelo seu tempo. Adeus!',
    ],
    refusal: ['Lamento, não posso ajudar com isso. Posso ajudar em mais alguma coisa?'],
    timeout: ['Estou a demorar mais do que o previsto a responder. Obrigado pela paciência.'],
    silence: ['Ainda está aí? Não tenha pressa, estou a ouvir.', 'Continuo aqui. Como posso ajudar?'],
    error: ['Desculpe, tive um problema técnico. Pode repetir, por favor?'],
    transfer_failed: [
      'Lamento, não consegui contactar um colega neste momento. Podemos continuar juntos, ou posso anotar um lembrete para um colega lhe ligar de volta. O que prefere?',
    ],
  },
};
