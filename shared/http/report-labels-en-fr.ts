import type { Labels } from './report-labels';

/** The report page in English (the default) and French; the other languages are in `report-labels-more.ts`. */

export const EN: Labels = {
  title: 'Your call report',
  heading: (bot, company) => `Your call with ${bot} from ${company}`,
  calledOn: 'Date',
  yourNumber: 'Your number',
  status: 'Status',
  contents: 'Contents',
  summary: 'Summary',
  summaryShort: 'In short',
  summaryLong: 'In detail',
  satisfaction: 'Satisfaction',
  satisfactions: {
    terrible: 'Very low',
    low: 'Low',
    partial: 'Partial',
    high: 'High',
    unknown: 'Unknown',
  },
  beingPrepared: 'The summary is being prepared. Open this page again in a few minutes.',
  claim: 'Your claim',
  previousClaims: 'Earlier claims from this call',
  previousClaim: (n) => `Earlier claim ${n}`,
  field: 'Field',
  type: 'Type',
  value: 'Value',
  missing: 'Missing',
  reminders: 'Follow-up tasks',
  noReminders: 'No follow-up task.',
  due: 'Due',
  owner: 'Owner',
  next: 'Next step',
  nextNotDecided: 'The next step is being decided.',
  nextActions: {
    case_closed: 'Case closed',
    commercial_offer: 'A commercial offer will be made',
    customer_will_send_info: 'You will send us more information',
    high_priority: 'Handled with high priority',
    propose_new_contract: 'A new contract will be proposed',
    requires_expertise: 'An expert will review the case',
  },
  why: 'Why',
  emergencies: 'Emergencies',
  noEmergencies: 'No emergency was reported.',
  services: {
    police: 'Police',
    firefighters: 'Firefighters',
    ambulance: 'Ambulance',
    hospital: 'Hospital',
    coast_guard: 'Coast guard',
  },
  location: 'Location',
  notified: 'Emergency contact notified',
  notNotified: 'Emergency contact not notified',
  timeline: 'Conversation',
  noMessages: 'No message yet.',
  you: 'You',
  bySms: 'SMS',
  callStarted: 'Call started',
  callEnded: 'Call ended',
  lifecycle: (l) => {
    switch (l.state) {
      case 'created':
        return 'Not started yet';
      case 'ringing':
        return 'Ringing';
      case 'connected':
        return 'In progress';
      case 'ended':
        return {
          completed: 'Ended',
          not_answered: 'Not answered',
          declined: 'Declined',
          max_duration: 'Ended (time limit reached)',
          failed: 'Ended (technical problem)',
          host_restarted: 'Ended (the service restarted)',
        }[l.reason];
    }
  },
  tool: (name, args) => {
    switch (name) {
      case 'updated_claim': {
        return 'Updated the claim';
      }
      case 'new_claim':
        return 'Started a new claim';
      case 'new_or_updated_reminder': {
        const title = stringArg(args, 'title');
        return title
          ? `Created or updated a follow-up task: ${title}`
          : 'Created or updated a follow-up task';
      }
      case 'notify_emergencies':
        return 'Reported an emergency';
      case 'send_sms':
        return 'Sent you an SMS';
      case 'talk_to_human':
        return 'Transferred the call to a person';
      case 'end_call':
        return 'Ended the call';
      case 'speech_lang':
        return 'Changed the language';
      case 'speech_speed':
        return 'Changed the speaking speed';
      default:
        return 'Other action';
    }
  },
  callBack: 'Call us back',
  generated: 'Page generated on',
};

export const FR: Labels = {
  title: 'Compte rendu de votre appel',
  heading: (bot, company) => `Votre appel avec ${bot} de ${company}`,
  calledOn: 'Date',
  yourNumber: 'Votre numéro',
  status: 'État',
  contents: 'Sommaire',
  summary: 'Résumé',
  summaryShort: 'En bref',
  summaryLong: 'En détail',
  satisfaction: 'Satisfaction',
  satisfactions: {
    terrible: 'Très faible',
    low: 'Faible',
    partial: 'Partielle',
    high: 'Élevée',
    unknown: 'Inconnue',
  },
  beingPrepared: 'Le résumé est en cours de préparation. Rouvrez cette page dans quelques minutes.',
  claim: 'Votre déclaration',
  previousClaims: 'Déclarations précédentes de cet appel',
  previousClaim: (n) => `Déclaration précédente ${n}`,
  field: 'Champ',
  type: 'Type',
  value: 'Valeur',
  missing: 'Manquant',
  reminders: 'Tâches de suivi',
  noReminders: 'Aucune tâche de suivi.',
  due: 'Échéance',
  owner: 'Responsable',
  next: 'Prochaine étape',
  nextNotDecided: 'La prochaine étape est en cours de décision.',
  nextActions: {
    case_closed: 'Dossier clos',
    commercial_offer: 'Une offre commerciale vous sera faite',
    customer_will_send_info: 'Vous nous enverrez des informations complémentaires',
    high_priority: 'Traité en priorité',
    propose_new_contract: 'Un nouveau contrat vous sera proposé',
    requires_expertise: 'Un expert examinera le dossier',
  },
  why: 'Pourquoi',
  emergencies: 'Urgences',
  noEmergencies: 'Aucune urgence signalée.',
  services: {
    police: 'Police',
    firefighters: 'Pompiers',
    ambulance: 'Ambulance',
    hospital: 'Hôpital',
    coast_guard: 'Garde-côtes',
  },
  location: 'Lieu',
  notified: 'Contact d’urgence prévenu',
  notNotified: 'Contact d’urgence non prévenu',
  timeline: 'Conversation',
  noMessages: 'Aucun message pour l’instant.',
  you: 'Vous',
  bySms: 'SMS',
  callStarted: 'Début de l’appel',
  callEnded: 'Fin de l’appel',
  lifecycle: (l) => {
    switch (l.state) {
      case 'created':
        return 'Pas encore commencé';
      case 'ringing':
        return 'Sonnerie en cours';
      case 'connected':
        return 'En cours';
      case 'ended':
        return {
          completed: 'Terminé',
          not_answered: 'Sans réponse',
          declined: 'Refusé',
          max_duration: 'Terminé (durée maximale atteinte)',
          failed: 'Terminé (problème technique)',
          host_restarted: 'Terminé (redémarrage du service)',
        }[l.reason];
    }
  },
  tool: (name, args) => {
    switch (name) {
      case 'updated_claim': {
        return 'Déclaration mise à jour';
      }
      case 'new_claim':
        return 'Nouvelle déclaration ouverte';
      case 'new_or_updated_reminder': {
        const title = stringArg(args, 'title');
        return title
          ? `Tâche de suivi créée ou mise à jour : ${title}`
          : 'Tâche de suivi créée ou mise à jour';
      }
      case 'notify_emergencies':
        return 'Urgence signalée';
      case 'send_sms':
        return 'SMS envoyé';
      case 'talk_to_human':
        return 'Appel transféré à un conseiller';
      case 'end_call':
        return 'Appel terminé';
      case 'speech_lang':
        return 'Changement de langue';
      case 'speech_speed':
        return 'Changement de débit de parole';
      default:
        return 'Autre action';
    }
  },
  callBack: 'Nous rappeler',
  generated: 'Page générée le',
};

function stringArg(args: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = args?.[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
