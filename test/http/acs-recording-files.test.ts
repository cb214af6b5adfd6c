import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeRecordingFiles } from '../../shared/http/acs-recording-files';
import { silentLogger } from '../../shared/log';
import { openSqliteDatabase } from '../../shared/providers/sqlite';
import { SqliteCallStore } from '../../shared/providers/store/sqlite';
import { CallStore } from '../../shared/providers/store/store';
import { parseEventGridDelivery } from '../../shared/providers/telephony/acs-events';
import { makeCall } from '../support/calls';
import { makeTempDir } from '../support/tmp';

/**
 * Finding the call a RecordingFileStatusUpdated belongs to, in a real SQLite store: the event names only
 * the recording, so the calls are read a page (100) at a time, newest first, from the recording's start.
 */

let store: CallStore;
let tmp: ReturnType<typeof makeTempDir>;

beforeAll(() => {
  tmp = makeTempDir();
  store = new CallStore(new SqliteCallStore(openSqliteDatabase(`${tmp.dir}/calls.sqlite`), true));
});
afterAll(async () => {
  await store.close();
  tmp.remove();
});

function delivery(recordingId: string, startedAt: Date) {
  const path = join(__dirname, '..', 'fixtures', 'eventgrid', 'recording-file-status-updated.json');
  const [event] = JSON.parse(readFileSync(path, 'utf8')) as [Record<string, unknown>];
  const data = { ...(event.data as object), recordingStartTime: startedAt.toISOString() };
  return parseEventGridDelivery([
    { ...event, subject: `/recording/call/c/recordingId/${recordingId}`, data },
  ]);
}

async function recordedCall(createdAt: Date, recordingId: string) {
  const call = makeCall({ phone_number: '+33612000201' }, createdAt);
  call.recordings.push({
    backend: 'acs',
    started_at: createdAt.toISOString(),
    recording_id: recordingId,
    state: 'active',
  });
  return store.create(call);
}

describe('storeRecordingFiles', () => {
  it('finds the recorded call behind more than a page of calls created after it', async () => {
    const t0 = Date.parse('2026-11-02T09:00:00Z');
    const recorded = await recordedCall(new Date(t0), 'rec-old');
    // 250 calls created after it while it was on the line (2.5 pages), each a second apart.
    for (let i = 1; i <= 250; i += 1) {
      await store.create(makeCall({ phone_number: '+33612000202' }, new Date(t0 + i * 1_000)));
    }

    expect(
      await storeRecordingFiles(delivery('rec-old', new Date(t0 + 30_000)), { store, log: silentLogger }),
    ).toBe(1);
    expect((await store.get(recorded.call_id))?.recordings[0]?.files).toEqual([
      expect.objectContaining({ index: 0, content_location: expect.stringMatching(/^https:/) }),
    ]);
  });
});
