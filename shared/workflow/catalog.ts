import { createCallActivities, type CallActivityDeps } from './call-activities';
import { CALL_ORCHESTRATION, CallActivity } from './call-contract';
import { callOrchestration } from './call-orchestration';
import type { ActivityHandler, Orchestrator } from './context';
import {
  createFollowUpActivities,
  FOLLOW_UP_ORCHESTRATION,
  FollowUpActivity,
  reminderFollowUps,
  type FollowUpDeps,
} from './follow-ups';
import { createPostCallActivities, PostCallActivity, type PostCallDeps } from './post-call-activities';
import { createVoiceActivities, type VoiceActivityDeps } from './voice-activities';
import { VoiceActivity } from './voice-loop';

/**
 * Every orchestrator and activity of the app, by name. Both hosts register exactly this list: the
 * Functions app with durable-functions, the local host with the local runner.
 */
export const ORCHESTRATORS: Readonly<Record<string, Orchestrator>> = {
  [CALL_ORCHESTRATION]: callOrchestration,
  [FOLLOW_UP_ORCHESTRATION]: reminderFollowUps,
};

/** Activity names, known without building any service (the Functions app registers them at load). */
export const ACTIVITY_NAMES: readonly string[] = [
  ...Object.values(CallActivity),
  ...Object.values(PostCallActivity),
  ...Object.values(FollowUpActivity),
  ...Object.values(VoiceActivity),
];

export type ActivityDeps = CallActivityDeps & PostCallDeps & FollowUpDeps & VoiceActivityDeps;

export function createActivities(deps: ActivityDeps): Record<string, ActivityHandler> {
  return {
    ...createCallActivities(deps),
    ...createPostCallActivities(deps),
    ...createFollowUpActivities(deps),
    ...createVoiceActivities(deps),
  };
}
