import { z } from 'zod';
import { emptyClaim, type ClaimValues } from './claim';
import { callInitiateSchema, type CallInitiate } from './initiate';
import { voiceTurnsSchema } from './voice-turns';

/**
 * The call state: everything the product knows about one call, stored as one document and returned by
 * the API. Conversation, claim, reminders and post-call insights all live here.
 */

export const PERSONAS = ['human', 'assistant'] as const;
export const MESSAGE_ACTIONS = ['call', 'talk', 'sms', 'hangup'] as const;
export const MESSAGE_STYLES = ['none', 'cheerful', 'sad'] as const;

const isoDateTime = z.iso.datetime({ offset: true });

export const toolCallSchema = z.object({
  id: z.string(),
  name: z.string(),
  arguments: z.string(),
  result: z.string().optional(),
});

export const messageSchema = z.object({
  created_at: isoDateTime,
  persona: z.enum(PERSONAS),
  action: z.enum(MESSAGE_ACTIONS),
  content: z.string(),
  style: z.enum(MESSAGE_STYLES).default('none'),
  lang: z.string().optional(),
  tool_calls: z.array(toolCallSchema).default([]),
});
export type Message = z.infer<typeof messageSchema>;

export const reminderSchema = z.object({
  title: z.string().min(1).max(200),
  description: z.string().max(2_000),
  due_date_time: isoDateTime,
  owner: z.string().min(1).max(100),
  created_at: isoDateTime,
});
export type Reminder = z.infer<typeof reminderSchema>;

export const EMERGENCY_SERVICES = ['police', 'firefighters', 'ambulance', 'hospital', 'coast_guard'] as const;
export const emergencySchema = z.object({
  service: z.enum(EMERGENCY_SERVICES),
  reason: z.string().min(1).max(1_000),
  location: z.string().max(500),
  created_at: isoDateTime,
  /** Whether the configured emergency contact was sent an SMS about it. */
  notified: z.boolean(),
});
export type Emergency = z.infer<typeof emergencySchema>;

export const SATISFACTIONS = ['terrible', 'low', 'partial', 'high', 'unknown'] as const;
export const synthesisSchema = z.object({
  short: z.string(),
  long: z.string(),
  satisfaction: z.enum(SATISFACTIONS),
  improvement_suggestions: z.string(),
});
export type Synthesis = z.infer<typeof synthesisSchema>;

export const NEXT_ACTIONS = [
  'case_closed',
  'commercial_offer',
  'customer_will_send_info',
  'high_priority',
  'propose_new_contract',
  'requires_expertise',
] as const;
export const nextSchema = z.object({
  action: z.enum(NEXT_ACTIONS),
  justification: z.string(),
});
export type Next = z.infer<typeof nextSchema>;

/**
 * Where the call is in its lifecycle. `ended` always carries why, and only `ended` does, so a call can
 * never be "ended for no reason" or "ringing but not answered". `host_restarted`: the local host stopped
 * (a crash, a restart) with the call on its in-memory phone network, which cannot carry a call across.
 */
export const END_REASONS = [
  'completed',
  'not_answered',
  'declined',
  'max_duration',
  'failed',
  'host_restarted',
] as const;
export type EndReason = (typeof END_REASONS)[number];
export const lifecycleSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('created') }),
  z.object({ state: z.literal('ringing') }),
  z.object({ state: z.literal('connected'), connected_at: isoDateTime }),
  z.object({ state: z.literal('ended'), reason: z.enum(END_REASONS), ended_at: isoDateTime }),
]);
export type Lifecycle = z.infer<typeof lifecycleSchema>;

/**
 * A recording of one call session, when `recording_enabled` was on: a stereo WAV in the local host's
 * recordings folder, or an ACS Call Automation recording. For operators only: never on the caller's report.
 */
export const recordingSchema = z.object({
  backend: z.enum(['local', 'acs']),
  started_at: isoDateTime,
  /** Local: the WAV's file name in the recordings folder. */
  file: z.string().optional(),
  /** ACS: the recording's id, its state as last reported, and where its files go (none: ACS's storage). */
  recording_id: z.string().optional(),
  state: z.string().optional(),
  container_url: z.string().optional(),
  /** ACS: the call connection it records (a callback redelivered for it starts nothing new). */
  connection_id: z.string().optional(),
  /**
   * ACS: where its files are, once ACS says they are written (`RecordingFileStatusUpdated`), one entry
   * per chunk: the audio and its metadata (participants, channels).
   */
  files: z
    .array(
      z.object({
        index: z.number().int().min(0),
        content_location: z.string(),
        metadata_location: z.string(),
      }),
    )
    .optional(),
  /** ACS: the recording's length, once its files are written. */
  duration_ms: z.number().min(0).optional(),
});
export type Recording = z.infer<typeof recordingSchema>;

export const callStateSchema = z.object({
  call_id: z.uuid(),
  created_at: isoDateTime,
  last_interaction_at: isoDateTime.nullable(),
  lifecycle: lifecycleSchema,
  initiate: callInitiateSchema,
  claim: z.record(z.string(), z.string().nullable()),
  messages: z.array(messageSchema),
  reminders: z.array(reminderSchema),
  /** Claims closed during the call (`new_claim`), oldest first; `claim` is the one being filled. */
  previous_claims: z.array(z.record(z.string(), z.string().nullable())).default([]),
  /** Emergencies reported during the call, and whether someone was told. */
  emergencies: z.array(emergencySchema).default([]),
  /**
   * Report SMS already sent, one per recipient and call session (`session`: when that session ended):
   * a replayed post-call activity never sends twice, and a resumed call sends an updated report.
   */
  report_sms: z
    .array(
      z.object({
        to: z.string(),
        sent_at: isoDateTime,
        message_id: z.string(),
        session: isoDateTime.optional(),
      }),
    )
    .default([]),
  synthesis: synthesisSchema.nullable(),
  /** When the call session the synthesis covers ended: a resumed call gets a fresh synthesis. */
  insights_session: isoDateTime.nullable().default(null),
  next: nextSchema.nullable(),
  language: z.string(),
  /** The telephony network's id of the live call (ACS call connection id); null when not on a line. */
  connection_id: z.string().nullable().default(null),
  /** The serverless voice loop's turn-taking on this call (see `voice-turns.ts`); null on other voice paths. */
  voice: voiceTurnsSchema.nullable().default(null),
  /** The call's recordings, oldest first (one per session recorded). */
  recordings: z.array(recordingSchema).default([]),
  /**
   * The language menu is open (the caller has not picked a language yet), and how many answers did not
   * pick one; null when there is no menu or it was answered.
   */
  language_menu: z
    .object({ attempts: z.number().int().min(0) })
    .nullable()
    .default(null),
});
export type CallState = z.infer<typeof callStateSchema>;

/** A fresh call for a validated request. */
export function newCall(initiate: CallInitiate, callId: string, now: Date): CallState {
  const claim: ClaimValues = emptyClaim(initiate.claim);
  return {
    call_id: callId,
    created_at: now.toISOString(),
    last_interaction_at: null,
    lifecycle: { state: 'created' },
    initiate,
    claim,
    messages: [],
    reminders: [],
    previous_claims: [],
    emergencies: [],
    report_sms: [],
    synthesis: null,
    insights_session: null,
    next: null,
    language: initiate.lang.default_short_code,
    connection_id: null,
    voice: null,
    recordings: [],
    language_menu: null,
  };
}

/** When the call's latest session ended (what post-call work is keyed on); none while it goes on. */
export function sessionEndOf(call: CallState): string | undefined {
  return call.lifecycle.state === 'ended' ? call.lifecycle.ended_at : undefined;
}

/** Whether the call is on the line (or ringing) right now. */
export function isInProgress(call: CallState): boolean {
  return call.lifecycle.state === 'ringing' || call.lifecycle.state === 'connected';
}

/** The JSON the API returns: the state plus `in_progress`, the original project's field. */
export function toCallView(call: CallState): CallState & { in_progress: boolean } {
  return { ...call, in_progress: isInProgress(call) };
}
