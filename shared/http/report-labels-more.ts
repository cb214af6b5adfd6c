import type { Labels } from './report-labels';

/**
 * The report page in Spanish, German, Italian and Portuguese: the same texts as English and French in
 * `report-labels-en-fr.ts`, so a caller reads their report in the language of their call.
 */

function title(args: Record<string, unknown> | undefined): string | undefined {
  const value = args?.title;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export const ES: Labels = {
  title: 'Informe de su llamada',
  heading: (bot, company) => `Su llamada con ${bot} de ${company}`,
  calledOn: 'Fecha',
  yourNumber: 'Su número',
  status: 'Estado',
  contents: 'Índice',
  summary: 'Resumen',
  summaryShort: 'En breve',
  summaryLong: 'En detalle',
  satisfaction: 'Satisfacción',
  satisfactions: {
    terrible: 'Muy baja',
    low: 'Baja',
    partial: 'Parcial',
    high: 'Alta',
    unknown: 'Desconocida',
  },
  beingPrepared: 'El resumen se está preparando. Vuelva a abrir esta página en unos minutos.',
  claim: 'Su declaración',
  previousClaims: 'Declaraciones anteriores de esta llamada',
  previousClaim: (n) => `Declaración anterior ${n}`,
  field: 'Campo',
  type: 'Tipo',
  value: 'Valor',
  missing: 'Falta',
  reminders: 'Tareas de seguimiento',
  noReminders: 'Ninguna tarea de seguimiento.',
  due: 'Vence',
  owner: 'Responsable',
  next: 'Siguiente paso',
  nextNotDecided: 'El siguiente paso se está decidiendo.',
  nextActions: {
    case_closed: 'Expediente cerrado',
    commercial_offer: 'Se le hará una oferta comercial',
    customer_will_send_info: 'Nos enviará más información',
    high_priority: 'Tratado con prioridad',
    propose_new_contract: 'Se le propondrá un nuevo contrato',
    requires_expertise: 'Un experto revisará el caso',
  },
  why: 'Por qué',
  emergencies: 'Emergencias',
  noEmergencies: 'No se comunicó ninguna emergencia.',
  services: {
    police: 'Policía',
    firefighters: 'Bomberos',
    ambulance: 'Ambulancia',
    hospital: 'Hospital',
    coast_guard: 'Guardacostas',
  },
  location: 'Lugar',
  notified: 'Contacto de emergencia avisado',
  notNotified: 'Contacto de emergencia no avisado',
  timeline: 'Conversación',
  noMessages: 'Aún no hay mensajes.',
  you: 'Usted',
  bySms: 'SMS',
  callStarted: 'Inicio de la llamada',
  callEnded: 'Fin de la llamada',
  lifecycle: (l) => {
    if (l.state === 'created') return 'Aún no ha empezado';
    if (l.state === 'ringing') return 'Sonando';
    if (l.state === 'connected') return 'En curso';
    return {
      completed: 'Terminada',
      not_answered: 'Sin respuesta',
      declined: 'Rechazada',
      max_duration: 'Terminada (duración máxima alcanzada)',
      host_restarted: 'Terminada (el servicio se reinició)',
      failed: 'Terminada (problema técnico)',
    }[l.reason];
  },
  tool: (name, args) => {
    const reminder = title(args);
    const texts: Record<string, string> = {
      updated_claim: 'Declaración actualizada',
      new_claim: 'Nueva declaración abierta',
      new_or_updated_reminder: reminder
        ? `Tarea de seguimiento creada o actualizada: ${reminder}`
        : 'Tarea de seguimiento creada o actualizada',
      notify_emergencies: 'Emergencia comunicada',
      send_sms: 'SMS enviado',
      talk_to_human: 'Llamada transferida a una persona',
      end_call: 'Llamada terminada',
      speech_lang: 'Cambio de idioma',
      speech_speed: 'Cambio de velocidad de voz',
    };
    return texts[name] ?? 'Otra acción';
  },
  callBack: 'Llámenos',
  generated: 'Página generada el',
};

export const DE: Labels = {
  title: 'Bericht zu Ihrem Anruf',
  heading: (bot, company) => `Ihr Anruf mit ${bot} von ${company}`,
  calledOn: 'Datum',
  yourNumber: 'Ihre Nummer',
  status: 'Status',
  contents: 'Inhalt',
  summary: 'Zusammenfassung',
  summaryShort: 'Kurz',
  summaryLong: 'Ausführlich',
  satisfaction: 'Zufriedenheit',
  satisfactions: {
    terrible: 'Sehr niedrig',
    low: 'Niedrig',
    partial: 'Teilweise',
    high: 'Hoch',
    unknown: 'Unbekannt',
  },
  beingPrepared: 'Die Zusammenfassung wird erstellt. Öffnen Sie diese Seite in ein paar Minuten erneut.',
  claim: 'Ihre Meldung',
  previousClaims: 'Frühere Meldungen dieses Anrufs',
  previousClaim: (n) => `Frühere Meldung ${n}`,
  field: 'Feld',
  type: 'Typ',
  value: 'Wert',
  missing: 'Fehlt',
  reminders: 'Folgeaufgaben',
  noReminders: 'Keine Folgeaufgabe.',
  due: 'Fällig',
  owner: 'Zuständig',
  next: 'Nächster Schritt',
  nextNotDecided: 'Der nächste Schritt wird noch entschieden.',
  nextActions: {
    case_closed: 'Fall abgeschlossen',
    commercial_offer: 'Sie erhalten ein Angebot',
    customer_will_send_info: 'Sie senden uns weitere Angaben',
    high_priority: 'Vorrangig bearbeitet',
    propose_new_contract: 'Ihnen wird ein neuer Vertrag angeboten',
    requires_expertise: 'Ein Experte prüft den Fall',
  },
  why: 'Warum',
  emergencies: 'Notfälle',
  noEmergencies: 'Es wurde kein Notfall gemeldet.',
  services: {
    police: 'Polizei',
    firefighters: 'Feuerwehr',
    ambulance: 'Rettungswagen',
    hospital: 'Krankenhaus',
    coast_guard: 'Küstenwache',
  },
  location: 'Ort',
  notified: 'Notfallkontakt benachrichtigt',
  notNotified: 'Notfallkontakt nicht benachrichtigt',
  timeline: 'Gespräch',
  noMessages: 'Noch keine Nachricht.',
  you: 'Sie',
  bySms: 'SMS',
  callStarted: 'Anruf begonnen',
  callEnded: 'Anruf beendet',
  lifecycle: (l) => {
    if (l.state === 'created') return 'Noch nicht begonnen';
    if (l.state === 'ringing') return 'Klingelt';
    if (l.state === 'connected') return 'Läuft';
    return {
      completed: 'Beendet',
      not_answered: 'Nicht angenommen',
      declined: 'Abgelehnt',
      max_duration: 'Beendet (Höchstdauer erreicht)',
      host_restarted: 'Beendet (der Dienst wurde neu gestartet)',
      failed: 'Beendet (technisches Problem)',
    }[l.reason];
  },
  tool: (name, args) => {
    const reminder = title(args);
    const texts: Record<string, string> = {
      updated_claim: 'Meldung aktualisiert',
      new_claim: 'Neue Meldung begonnen',
      new_or_updated_reminder: reminder
        ? `Folgeaufgabe erstellt oder geändert: ${reminder}`
        : 'Folgeaufgabe erstellt oder geändert',
      notify_emergencies: 'Notfall gemeldet',
      send_sms: 'SMS gesendet',
      talk_to_human: 'Anruf an eine Person weitergeleitet',
      end_call: 'Anruf beendet',
      speech_lang: 'Sprache gewechselt',
      speech_speed: 'Sprechtempo geändert',
    };
    return texts[name] ?? 'Andere Aktion';
  },
  callBack: 'Rufen Sie uns zurück',
  generated: 'Seite erstellt am',
};

export const IT: Labels = {
  title: 'Resoconto della sua chiamata',
  heading: (bot, company) => `La sua chiamata con ${bot} di ${company}`,
  calledOn: 'Data',
  yourNumber: 'Il suo numero',
  status: 'Stato',
  contents: 'Indice',
  summary: 'Riepilogo',
  summaryShort: 'In breve',
  summaryLong: 'In dettaglio',
  satisfaction: 'Soddisfazione',
  satisfactions: {
    terrible: 'Molto bassa',
    low: 'Bassa',
    partial: 'Parziale',
    high: 'Alta',
    unknown: 'Sconosciuta',
  },
  beingPrepared: 'Il riepilogo è in preparazione. Riapra questa pagina tra qualche minuto.',
  claim: 'La sua denuncia',
  previousClaims: 'Denunce precedenti di questa chiamata',
  previousClaim: (n) => `Denuncia precedente ${n}`,
  field: 'Campo',
  type: 'Tipo',
  value: 'Valore',
  missing: 'Mancante',
  reminders: 'Attività di seguito',
  noReminders: 'Nessuna attività di seguito.',
  due: 'Scadenza',
  owner: 'Responsabile',
  next: 'Prossimo passo',
  nextNotDecided: 'Il prossimo passo è in fase di decisione.',
  nextActions: {
    case_closed: 'Pratica chiusa',
    commercial_offer: 'Le verrà fatta un’offerta commerciale',
    customer_will_send_info: 'Ci invierà altre informazioni',
    high_priority: 'Trattata con priorità',
    propose_new_contract: 'Le verrà proposto un nuovo contratto',
    requires_expertise: 'Un esperto esaminerà il caso',
  },
  why: 'Perché',
  emergencies: 'Emergenze',
  noEmergencies: 'Nessuna emergenza segnalata.',
  services: {
    police: 'Polizia',
    firefighters: 'Vigili del fuoco',
    ambulance: 'Ambulanza',
    hospital: 'Ospedale',
    coast_guard: 'Guardia costiera',
  },
  location: 'Luogo',
  notified: 'Contatto di emergenza avvisato',
  notNotified: 'Contatto di emergenza non avvisato',
  timeline: 'Conversazione',
  noMessages: 'Ancora nessun messaggio.',
  you: 'Lei',
  bySms: 'SMS',
  callStarted: 'Inizio della chiamata',
  callEnded: 'Fine della chiamata',
  lifecycle: (l) => {
    if (l.state === 'created') return 'Non ancora iniziata';
    if (l.state === 'ringing') return 'Squilla';
    if (l.state === 'connected') return 'In corso';
    return {
      completed: 'Terminata',
      not_answered: 'Senza risposta',
      declined: 'Rifiutata',
      max_duration: 'Terminata (durata massima raggiunta)',
      host_restarted: 'Terminata (il servizio è stato riavviato)',
      failed: 'Terminata (problema tecnico)',
    }[l.reason];
  },
  tool: (name, args) => {
    const reminder = title(args);
    const texts: Record<string, string> = {
      updated_claim: 'Denuncia aggiornata',
      new_claim: 'Nuova denuncia aperta',
      new_or_updated_reminder: reminder
        ? `Attività di seguito creata o aggiornata: ${reminder}`
        : 'Attività di seguito creata o aggiornata',
      notify_emergencies: 'Emergenza segnalata',
      send_sms: 'SMS inviato',
      talk_to_human: 'Chiamata trasferita a una persona',
      end_call: 'Chiamata terminata',
      speech_lang: 'Cambio di lingua',
      speech_speed: 'Cambio di velocità della voce',
    };
    return texts[name] ?? 'Altra azione';
  },
  callBack: 'Ci richiami',
  generated: 'Pagina generata il',
};

export const PT: Labels = {
  title: 'Relatório da sua chamada',
  heading: (bot, company) => `A sua chamada com ${bot} da ${company}`,
  calledOn: 'Data',
  yourNumber: 'O seu número',
  status: 'Estado',
  contents: 'Índice',
  summary: 'Resumo',
  summaryShort: 'Em resumo',
  summaryLong: 'Em detalhe',
  satisfaction: 'Satisfação',
  satisfactions: {
    terrible: 'Muito baixa',
    low: 'Baixa',
    partial: 'Parcial',
    high: 'Alta',
    unknown: 'Desconhecida',
  },
  beingPrepared: 'O resumo está a ser preparado. Volte a abrir esta página dentro de alguns minutos.',
  claim: 'A sua participação',
  previousClaims: 'Participações anteriores desta chamada',
  previousClaim: (n) => `Participação anterior ${n}`,
  field: 'Campo',
  type: 'Tipo',
  value: 'Valor',
  missing: 'Em falta',
  reminders: 'Tarefas de acompanhamento',
  noReminders: 'Nenhuma tarefa de acompanhamento.',
  due: 'Prazo',
  owner: 'Responsável',
  next: 'Próximo passo',
  nextNotDecided: 'O próximo passo está a ser decidido.',
  nextActions: {
    case_closed: 'Processo encerrado',
    commercial_offer: 'Ser-lhe-á feita uma proposta comercial',
    customer_will_send_info: 'Vai enviar-nos mais informações',
    high_priority: 'Tratado com prioridade',
    propose_new_contract: 'Ser-lhe-á proposto um novo contrato',
    requires_expertise: 'Um perito vai analisar o caso',
  },
  why: 'Porquê',
  emergencies: 'Emergências',
  noEmergencies: 'Não foi comunicada nenhuma emergência.',
  services: {
    police: 'Polícia',
    firefighters: 'Bombeiros',
    ambulance: 'Ambulância',
    hospital: 'Hospital',
    coast_guard: 'Guarda costeira',
  },
  location: 'Local',
  notified: 'Contacto de emergência avisado',
  notNotified: 'Contacto de emergência não avisado',
  timeline: 'Conversa',
  noMessages: 'Ainda sem mensagens.',
  you: 'Você',
  bySms: 'SMS',
  callStarted: 'Início da chamada',
  callEnded: 'Fim da chamada',
  lifecycle: (l) => {
    if (l.state === 'created') return 'Ainda não começou';
    if (l.state === 'ringing') return 'A tocar';
    if (l.state === 'connected') return 'Em curso';
    return {
      completed: 'Terminada',
      not_answered: 'Sem resposta',
      declined: 'Recusada',
      max_duration: 'Terminada (duração máxima atingida)',
      host_restarted: 'Terminada (o serviço foi reiniciado)',
      failed: 'Terminada (problema técnico)',
    }[l.reason];
  },
  tool: (name, args) => {
    const reminder = title(args);
    const texts: Record<string, string> = {
      updated_claim: 'Participação atualizada',
      new_claim: 'Nova participação aberta',
      new_or_updated_reminder: reminder
        ? `Tarefa de acompanhamento criada ou atualizada: ${reminder}`
        : 'Tarefa de acompanhamento criada ou atualizada',
      notify_emergencies: 'Emergência comunicada',
      send_sms: 'SMS enviado',
      talk_to_human: 'Chamada transferida para uma pessoa',
      end_call: 'Chamada terminada',
      speech_lang: 'Mudança de idioma',
      speech_speed: 'Mudança de velocidade da voz',
    };
    return texts[name] ?? 'Outra ação';
  },
  callBack: 'Ligue-nos',
  generated: 'Página gerada em',
};
