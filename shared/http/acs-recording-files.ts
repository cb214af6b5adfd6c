import type { CallState, Recording } from '../domain/call';
import type { Logger } from '../log';
import type { EventGridNotification, RecordingFilesNotification } from '../providers/telephony/acs-events';
import { MAX_LIST_LIMIT, type CallStore } from '../providers/store/store';
import { json, type ApiRequest, type ApiResponse } from './api';
import { handshakeResponse, readEventGridDelivery } from './event-grid';

/**
 * Where an ACS call recording's files are: once ACS has written them (into `recording.container_url`, or
 * its own storage for 24 hours), Event Grid publishes `Microsoft.Communication.RecordingFileStatusUpdated`
 * with the content and metadata locations of each chunk. They are stored on the recording of the call
 * (found by the recording id kept when it started), for operators (`GET /api/call/{id}/recording`).
 *
 * The event names neither our call nor the call connection, only the recording, and the store has no
 * index by recording id: the calls created before the recording started are read newest first, a page
 * at a time, up to `MAX_SCANNED_CALLS`. The event comes minutes after the call, so its call is near the
 * top unless it is an old call resumed much later.
 */

export interface RecordingFilesDeps {
  readonly store: CallStore;
  readonly log: Logger;
}

/** How many calls are read, at most, looking for the one a recording belongs to. */
export const MAX_SCANNED_CALLS = 2_000;

/** A call created this long after the recording started cannot be the one recorded (clock skew margin). */
const CREATED_AFTER_START_SLACK_MS = 5 * 60_000;

/**
 * `POST /api/events/recording`: Event Grid delivery (webhook) of `RecordingFileStatusUpdated` and the
 * subscription handshake. Protected by the function key on Azure (`?code=`), the API key locally.
 */
export async function eventGridRecording(
  request: ApiRequest,
  deps: RecordingFilesDeps,
): Promise<ApiResponse> {
  const notifications = await readEventGridDelivery(request);
  const handshake = handshakeResponse(notifications);
  if (handshake) return handshake;
  return json(200, { stored: await storeRecordingFiles(notifications, deps) });
}

/**
 * Stores the file locations of each recording the notifications name; the webhook above and the
 * Functions Event Grid trigger share it. A recording no call has (another app on the same ACS
 * resource) is skipped with a warning; a store failure throws, so that Event Grid redelivers.
 * Returns how many recordings were updated; a redelivery stores the same locations again.
 */
export async function storeRecordingFiles(
  notifications: readonly EventGridNotification[],
  deps: RecordingFilesDeps,
): Promise<number> {
  let stored = 0;
  for (const notification of notifications) {
    if (notification.type !== 'recording_files') continue;
    const call = await findCallByRecording(notification, deps.store);
    if (!call) {
      deps.log.warn('recording files of an unknown recording not stored', {
        recording_id: notification.recordingId,
      });
      continue;
    }
    await deps.store.update(call.call_id, (draft) => withFiles(draft, notification), { essential: true });
    deps.log.info('call recording files stored', {
      call_id: call.call_id,
      recording_id: notification.recordingId,
      chunks: notification.chunks.length,
    });
    stored += 1;
  }
  return stored;
}

function withFiles(draft: CallState, notification: RecordingFilesNotification): void {
  const recording = draft.recordings.find((r) => isThe(r, notification.recordingId));
  if (!recording) return;
  // By chunk index: a redelivery replaces what it already stored, another chunk adds to it.
  const files = new Map((recording.files ?? []).map((file) => [file.index, file]));
  for (const chunk of notification.chunks) {
    files.set(chunk.index, {
      index: chunk.index,
      content_location: chunk.contentLocation,
      metadata_location: chunk.metadataLocation,
    });
  }
  recording.files = [...files.values()].sort((a, b) => a.index - b.index);
  if (notification.durationMs !== undefined) recording.duration_ms = notification.durationMs;
}

function isThe(recording: Recording, recordingId: string): boolean {
  return recording.backend === 'acs' && recording.recording_id === recordingId;
}

async function findCallByRecording(
  notification: RecordingFilesNotification,
  store: CallStore,
): Promise<CallState | undefined> {
  const startedMs = notification.startedAt ? Date.parse(notification.startedAt) : NaN;
  let before = Number.isNaN(startedMs) ? undefined : new Date(startedMs + CREATED_AFTER_START_SLACK_MS);
  for (let scanned = 0; scanned < MAX_SCANNED_CALLS;) {
    const page = await store.listNewest({ ...(before ? { before } : {}), limit: MAX_LIST_LIMIT });
    const found = page.find((call) => call.recordings.some((r) => isThe(r, notification.recordingId)));
    if (found) return found;
    const last = page.at(-1);
    if (page.length < MAX_LIST_LIMIT || !last) return undefined;
    scanned += page.length;
    before = new Date(last.created_at);
  }
  return undefined;
}
