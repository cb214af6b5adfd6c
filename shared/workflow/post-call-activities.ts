import type { Config } from '../config';
import { computeInsights } from '../insights';
import { reportLink } from '../http/report-token';
import type { Logger } from '../log';
import type { ChatModel } from '../providers/llm/llm';
import type { SmsSender } from '../providers/sms/sms';
import type { CallStore, UpdateOptions } from '../providers/store/store';
import { sessionEndOf, type CallState } from '../domain/call';
import { maskPhone } from '../domain/phone';
import type { ActivityHandler } from './context';
import type { CallIdInput } from './call-contract';
import { writeReportSms } from './report-sms-llm';

/** The call's own bookkeeping: never refused for the size of what the caller added (see CallStore). */
const ESSENTIAL: UpdateOptions = { essential: true };

/**
 * What happens once the line drops: the insights (synthesis and next action) and the SMS report.
 * Both are safe to replay: insights never overwrite a stored synthesis, and each recipient gets the
 * report once (recorded on the call before the activity completes).
 */

export const PostCallActivity = {
  insights: 'computeCallInsights',
  reportSms: 'sendReportSms',
} as const;

export interface PostCallDeps {
  readonly config: Config;
  readonly store: CallStore;
  readonly sms: SmsSender;
  /** The models that write the synthesis, in order; the offline rules come last by themselves. */
  readonly insightModels: () => Promise<readonly ChatModel[]>;
  readonly reportSecret: Buffer;
  /** Where report links point: the app's public URL. */
  readonly publicUrl: string;
  readonly log: Logger;
  readonly now: () => Date;
}

/** A report SMS failed in a way worth retrying (throttled, service down): the orchestration retries. */
export class RetryableSmsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryableSmsError';
  }
}

export function createPostCallActivities(deps: PostCallDeps): Record<string, ActivityHandler> {
  const { store, log } = deps;

  const computeCallInsights = async ({ call_id }: CallIdInput): Promise<string> => {
    const call = await store.get(call_id);
    if (!call) return 'unknown call';
    const session = sessionEndOf(call) ?? null;
    if (call.synthesis && call.insights_session === session) return 'already done';
    const insights = await computeInsights(call, {
      models: await deps.insightModels(),
      now: deps.now(),
      signal: AbortSignal.timeout(60_000),
      log,
    });
    if (!insights) return 'no exchange';
    await store.update(
      call_id,
      (draft) => {
        // A result for this session already stored (a replay racing a retry) wins.
        if (draft.synthesis && draft.insights_session === session) return;
        draft.synthesis = insights.synthesis;
        draft.next = insights.next;
        draft.insights_session = session;
      },
      ESSENTIAL,
    );
    log.info('call insights stored', { call_id, next: insights.next.action });
    return 'stored';
  };

  const sendReportSms = async ({ call_id }: CallIdInput): Promise<number> => {
    const call = await store.get(call_id);
    if (!call || !call.messages.some((m) => m.persona === 'human')) return 0; // nothing to report
    const link = reportLink(
      deps.publicUrl,
      deps.reportSecret,
      call_id,
      deps.now(),
      deps.config.report.link_ttl_hours,
    );
    const session = sessionEndOf(call);
    const alreadySent = (sms: CallState['report_sms'], to: string) =>
      sms.some((s) => s.to === to && s.session === session);
    // A replay after the send was recorded costs no model request.
    if (alreadySent(call.report_sms, call.initiate.phone_number)) return 0;
    // Written by the insight models when configured (checked: length, the link), else the template.
    const { body, author } = await writeReportSms(call, link, {
      models: await deps.insightModels(),
      signal: AbortSignal.timeout(30_000),
      log,
    });
    let sent = 0;
    // The line's number only, once per call session. The link opens the whole record, so it never
    // goes to a number the caller merely stated (the claim's policyholder phone): that number may be
    // someone else's. Kept as a list so that a verified second number could join it.
    for (const to of [call.initiate.phone_number]) {
      if (alreadySent(call.report_sms, to)) continue;
      const result = await deps.sms.send({ to, body });
      if (!result.ok) {
        log.warn('report SMS not sent', { call_id, to: maskPhone(to), error: result.error });
        if (result.retryable) throw new RetryableSmsError(`report SMS to ${maskPhone(to)}: ${result.error}`);
        continue; // a permanent refusal (bad number) is not retried
      }
      const at = deps.now().toISOString();
      await store.update(
        call_id,
        (draft) => {
          if (alreadySent(draft.report_sms, to)) return;
          draft.report_sms.push({ to, sent_at: at, message_id: result.id, ...(session ? { session } : {}) });
          draft.messages.push({
            created_at: at,
            persona: 'assistant',
            action: 'sms',
            content: body,
            style: 'none',
            tool_calls: [],
          });
        },
        ESSENTIAL,
      );
      sent += 1;
    }
    log.info('report SMS sent', { call_id, recipients: sent, sms: deps.sms.kind, author });
    return sent;
  };

  return {
    [PostCallActivity.insights]: computeCallInsights as ActivityHandler,
    [PostCallActivity.reportSms]: sendReportSms as ActivityHandler,
  };
}
