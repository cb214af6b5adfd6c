import type { Server } from 'node:http';
import { loadConfig } from '../../shared/config';
import { silentLogger } from '../../shared/log';
import type { LocalApp } from '../../local/app';
import { startLocalHost as startHost, type LocalHostOptions } from '../../local/host';
import type { VoiceCalls } from '../../local/voice-calls';
import { makeTempDir } from './tmp';

export interface RunningLocalHost {
  readonly baseUrl: string;
  /** The host's working directory and data dir: where its config file would be. */
  readonly dir: string;
  readonly app: LocalApp;
  readonly voiceCalls: VoiceCalls;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * The real local host (services, workflow runner, HTTP server, sockets) on a free loopback port, with
 * its data in a temp dir. `overrides` are config values, as a user would put them in the config file;
 * `services` replace outside services at their protocol boundary (ACS's HTTP transport, fetch).
 */
export async function startLocalHost(
  overrides: Record<string, unknown> = {},
  services: LocalHostOptions = {},
): Promise<RunningLocalHost> {
  const tmp = makeTempDir();
  const source = { env: {}, cwd: tmp.dir, overrides: { data_dir: tmp.dir, ...overrides } };
  const config = loadConfig(source);
  const host = await startHost(config, { log: silentLogger, configSource: source, port: 0, ...services });
  return {
    baseUrl: host.url,
    dir: tmp.dir,
    app: host.app,
    voiceCalls: host.voiceCalls,
    server: host.server,
    async close() {
      await host.close();
      tmp.remove();
    },
  };
}

export { eventually } from './eventually';
