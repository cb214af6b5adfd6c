import type { CallState } from '../domain/call';
import { missingClaimFields } from '../domain/claim';
import type { Logger } from '../log';
import { ChatModelError, type ChatModel } from '../providers/llm/llm';
import { reportSmsText } from './report-sms';

/**
 * The report SMS written by a language model when one is configured, as the original project does: a
 * short, warm message in the call's language about what was noted and what happens next, with the
 * signed link. The model never sees the link (it could mangle a token): it writes `[LINK]` where the link
 * goes, and the link replaces it. An answer without exactly one `[LINK]`, or longer than
 * `MAX_REPORT_SMS_CHARS` once the link is in, or any model failure, falls back to the next model, then
 * to the fixed template (`reportSmsText`), so the caller always gets a report.
 */

/** Two SMS segments of Unicode text at most; the original caps its model-written SMS at 300 characters. */
export const MAX_REPORT_SMS_CHARS = 300;
const LINK = '[LINK]';

export interface ReportSmsWriterOptions {
  /** Tried in order; the template comes last by itself. */
  readonly models: readonly ChatModel[];
  readonly signal: AbortSignal;
  readonly log: Logger;
}

export type ReportSmsAuthor = 'model' | 'template';

export async function writeReportSms(
  call: CallState,
  link: string,
  options: ReportSmsWriterOptions,
): Promise<{ body: string; author: ReportSmsAuthor }> {
  const log = options.log.child({ call_id: call.call_id });
  for (const model of options.models) {
    if (options.signal.aborted) break;
    try {
      const answer = await collectText(model, call, link.length, options.signal);
      const body = checkAnswer(answer, link);
      if (body.ok) return { body: body.text, author: 'model' };
      // Only the reason: the answer may quote the caller.
      log.warn('report SMS from the model refused', { model: model.name, reason: body.reason });
    } catch (error) {
      log.warn('report SMS model failed', {
        model: model.name,
        reason:
          error instanceof ChatModelError ? error.kind : error instanceof Error ? error.name : 'unknown',
      });
    }
  }
  return { body: reportSmsText(call, link), author: 'template' };
}

type Checked = { ok: true; text: string } | { ok: false; reason: string };

/** The model's text with the link in, or why it cannot be sent. */
export function checkAnswer(answer: string, link: string): Checked {
  // Models like to wrap short texts in quotes; nothing else is rewritten.
  const text = answer.trim().replace(/^["“«]\s*([\s\S]*?)\s*["”»]$/, '$1');
  const count = text.split(LINK).length - 1;
  if (count !== 1) return { ok: false, reason: `${count} link placeholders instead of 1` };
  // A URL written by the model would be a link we did not sign, or worse, someone else's.
  if (/https?:\/\/|www\./i.test(text)) return { ok: false, reason: 'a URL of its own' };
  const body = text.replace(LINK, link);
  if (body.length > MAX_REPORT_SMS_CHARS) {
    return { ok: false, reason: `${body.length} characters, over ${MAX_REPORT_SMS_CHARS}` };
  }
  return { ok: true, text: body };
}

async function collectText(model: ChatModel, call: CallState, linkLength: number, signal: AbortSignal) {
  let text = '';
  const messages = [
    { role: 'system' as const, content: systemPrompt(call, linkLength) },
    { role: 'user' as const, content: context(call) },
  ];
  for await (const event of model.stream({ messages, tools: [], signal })) {
    if (event.type === 'text') text += event.text;
  }
  return text;
}

function systemPrompt(call: CallState, linkLength: number): string {
  const room = MAX_REPORT_SMS_CHARS - linkLength + LINK.length;
  return [
    `You write the SMS that ${call.initiate.bot_company} sends to a customer right after their phone call with ${call.initiate.bot_name}, an assistant of the company.`,
    `Write it in the call's language (${call.language}), addressed to the customer ("you"): thank them, say in a few words what was noted and what is still needed or happens next.`,
    `Put ${LINK} exactly once where the link to their full report goes; write no other link.`,
    `At most ${room} characters in all, ${LINK} included. Plain text only, no markdown, no quotes around it.`,
    'Use only facts from the call; never include an e-mail address, a phone number or a policy number.',
    'Answer with the SMS text only.',
  ].join('\n');
}

function context(call: CallState): string {
  const missing = missingClaimFields(call.initiate.claim, call.claim).map((field) => field.name);
  const noted = call.initiate.claim.filter((field) => !missing.includes(field.name)).map((f) => f.name);
  return [
    `Summary: ${call.synthesis?.short ?? '(none)'}`,
    `Next step: ${call.next ? `${call.next.action}: ${call.next.justification}` : '(none)'}`,
    `Details noted: ${noted.join(', ') || '(none)'}`,
    `Details still needed: ${missing.join(', ') || '(none)'}`,
    `Reminders: ${call.reminders.map((r) => `${r.title} (${r.due_date_time})`).join('; ') || '(none)'}`,
  ].join('\n');
}
