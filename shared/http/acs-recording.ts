import { recordingEventsFromCallbacks } from '../providers/telephony/acs-callbacks';
import type { AcsServices } from '../wiring/acs';
import type { StartCallDeps } from '../workflow/start-call';

/**
 * Call recording on ACS, when `recording_enabled` is on: Call Automation records the call from the
 * moment it connects (the CallConnected callback, whichever voice path the call takes), into the
 * container `recording.container_url` names. The recording's id and state are kept on the call for
 * operators. A recording that cannot start is logged and the call goes on: it is never worth a call.
 */

/** Starts the recording of a call that just connected; a redelivered CallConnected starts nothing new. */
export async function startAcsRecording(
  callId: string,
  connectionId: string,
  acs: AcsServices,
  deps: StartCallDeps,
): Promise<void> {
  const { log } = deps;
  try {
    if (!(await deps.flags.get()).recording_enabled) return;
    const call = await deps.store.get(callId);
    const recordsThis = (r: { backend: string; connection_id?: string | undefined }) =>
      r.backend === 'acs' && r.connection_id === connectionId;
    if (!call || call.lifecycle.state === 'ended' || call.recordings.some(recordsThis)) return;
    const containerUrl = deps.config.recording.container_url;
    const started = await acs.telephony.startRecording(callId, containerUrl);
    const at = deps.now().toISOString();
    await deps.store.update(
      callId,
      (draft) => {
        if (draft.recordings.some(recordsThis)) return;
        draft.recordings.push({
          backend: 'acs',
          started_at: at,
          recording_id: started.recordingId,
          state: started.state,
          connection_id: started.connectionId,
          ...(containerUrl ? { container_url: containerUrl } : {}),
        });
      },
      { essential: true },
    );
    log.info('call recording started', { call_id: callId, recording_id: started.recordingId });
  } catch (error) {
    log.warn('call recording not started', { call_id: callId, error: String(error) });
  }
}

/** Keeps the state of the call's recordings as ACS reports it (`RecordingStateChanged`). */
export async function noteRecordingStates(
  callId: string,
  body: unknown,
  deps: StartCallDeps,
): Promise<number> {
  const events = recordingEventsFromCallbacks(body);
  if (events.length === 0) return 0;
  try {
    await deps.store.update(
      callId,
      (draft) => {
        for (const event of events) {
          const recording = draft.recordings.find((r) => r.recording_id === event.recordingId);
          if (recording) recording.state = event.state;
        }
      },
      { essential: true },
    );
    return events.length;
  } catch (error) {
    deps.log.warn('recording state not stored', { call_id: callId, error: String(error) });
    return 0;
  }
}
