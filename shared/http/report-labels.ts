import type { Emergency, Lifecycle, Next, Synthesis } from '../domain/call';

/** Every text of the report page, in one language (`report-labels-en-fr.ts`, `report-labels-more.ts`). */

type SatisfactionLabel = Record<Synthesis['satisfaction'], string>;
type NextLabel = Record<Next['action'], string>;
type ServiceLabel = Record<Emergency['service'], string>;

export interface Labels {
  readonly title: string;
  readonly heading: (bot: string, company: string) => string;
  readonly calledOn: string;
  readonly yourNumber: string;
  readonly status: string;
  readonly contents: string;
  readonly summary: string;
  readonly summaryShort: string;
  readonly summaryLong: string;
  readonly satisfaction: string;
  readonly satisfactions: SatisfactionLabel;
  readonly beingPrepared: string;
  readonly claim: string;
  readonly previousClaims: string;
  readonly previousClaim: (n: number) => string;
  readonly field: string;
  readonly type: string;
  readonly value: string;
  readonly missing: string;
  readonly reminders: string;
  readonly noReminders: string;
  readonly due: string;
  readonly owner: string;
  readonly next: string;
  readonly nextNotDecided: string;
  readonly nextActions: NextLabel;
  readonly why: string;
  readonly emergencies: string;
  readonly noEmergencies: string;
  readonly services: ServiceLabel;
  readonly location: string;
  readonly notified: string;
  readonly notNotified: string;
  readonly timeline: string;
  readonly noMessages: string;
  readonly you: string;
  readonly bySms: string;
  readonly callStarted: string;
  readonly callEnded: string;
  readonly lifecycle: (l: Lifecycle) => string;
  readonly tool: (name: string, args: Record<string, unknown> | undefined) => string;
  readonly callBack: string;
  readonly generated: string;
}
