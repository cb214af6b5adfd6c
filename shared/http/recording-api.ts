import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { dataPath, type Config } from '../config';
import type { Recording } from '../domain/call';
import type { Logger } from '../log';
import type { CallStore } from '../providers/store/store';
import { ApiError, detailsFromZod, json, type ApiRequest, type ApiResponse } from './api';

/**
 * `GET /api/call/{call_id}/recording?n=` (function level: operators only, never the caller's signed
 * link): a call's recording. A local one is the stereo WAV itself (caller left, bot right; still being
 * written while the call goes on, and valid all along); an ACS one is described (its id, state and
 * container), its files being in the storage account. `n` picks a session's recording (0 = the first);
 * the latest by default.
 */

export interface RecordingApiDeps {
  readonly config: Config;
  readonly store: CallStore;
  readonly log: Logger;
}

const querySchema = z.strictObject({
  n: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(0)
    .optional(),
  // The operator's key (Azure `code`, local `key`) may ride along in a browser's link.
  code: z.string().optional(),
  key: z.string().optional(),
});

export async function getRecording(request: ApiRequest, deps: RecordingApiDeps): Promise<ApiResponse> {
  const callId = z.uuid().safeParse(request.params.call_id);
  if (!callId.success) {
    throw new ApiError(400, 'The call id is invalid', [
      { field: 'call_id', message: 'must be a call id (a UUID, as returned by POST /api/call)' },
    ]);
  }
  const query = querySchema.safeParse(Object.fromEntries(request.query));
  if (!query.success) throw new ApiError(400, 'The query is invalid', detailsFromZod(query.error));
  const call = await deps.store.get(callId.data);
  if (!call) {
    throw new ApiError(404, `No call with id ${callId.data}`, [
      { field: 'call_id', message: 'is not a known call' },
    ]);
  }
  const index = query.data.n ?? call.recordings.length - 1;
  const recording = call.recordings[index];
  if (!recording) {
    throw new ApiError(404, 'No such recording', [
      {
        field: query.data.n === undefined ? 'call_id' : 'n',
        message: `the call has ${call.recordings.length} recording${call.recordings.length === 1 ? '' : 's'}`,
      },
    ]);
  }
  if (recording.backend !== 'local' || !recording.file) return json(200, describe(recording, index));
  const wav = await readLocal(deps.config, recording.file);
  if (!wav) {
    deps.log.warn('recording file missing', { call_id: call.call_id, n: index });
    throw new ApiError(404, 'The recording file is missing from the recordings folder');
  }
  return {
    status: 200,
    headers: {
      'content-type': 'audio/wav',
      'content-disposition': `attachment; filename="${recording.file}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: wav,
  };
}

function describe(recording: Recording, index: number) {
  return { n: index, ...recording };
}

/** The finished WAV, or the one still being written (`.part`); undefined when neither exists. */
async function readLocal(config: Config, file: string): Promise<Buffer | undefined> {
  // The name comes from our own store, but a path in it must never leave the folder.
  const path = join(dataPath(config, config.recording.dir), basename(file));
  for (const candidate of [path, `${path}.part`]) {
    try {
      return await readFile(candidate);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') throw error;
    }
  }
  return undefined;
}
