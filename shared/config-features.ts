import { z } from 'zod';
import { envBoolean, envNumber, seconds } from './config-fields';

/** Feature flags: names and defaults are a contract (see DESIGN.md); toggled live on Azure. */
export const featuresSchema = z.strictObject({
  answer_hard_timeout_sec: seconds().default(15),
  answer_soft_timeout_sec: seconds().default(4),
  callback_timeout_hour: seconds().default(3),
  phone_silence_timeout_sec: seconds().default(20),
  recognition_retry_max: envNumber(z.number().int().min(0)).default(3),
  recognition_stt_complete_timeout_ms: seconds().default(100),
  recording_enabled: envBoolean().default(false),
  slow_llm_for_chat: envBoolean().default(false),
  vad_cutoff_timeout_ms: seconds().default(250),
  vad_silence_timeout_ms: seconds().default(500),
  vad_threshold: envNumber(z.number().min(0).max(1)).default(0.5),
});
export type Features = z.infer<typeof featuresSchema>;
