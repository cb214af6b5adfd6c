import type { Features } from '../../shared/config';

/**
 * The feature flags' defaults as README.md's flag table documents them, written out rather than read
 * from the code: a test comparing with them fails when a default changes without the table.
 */
export const DOCUMENTED_FEATURES: Features = {
  answer_hard_timeout_sec: 15,
  answer_soft_timeout_sec: 4,
  callback_timeout_hour: 3,
  phone_silence_timeout_sec: 20,
  recognition_retry_max: 3,
  recognition_stt_complete_timeout_ms: 100,
  recording_enabled: false,
  slow_llm_for_chat: false,
  vad_cutoff_timeout_ms: 250,
  vad_silence_timeout_ms: 500,
  vad_threshold: 0.5,
};
