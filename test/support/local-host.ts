import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../shared/config';
import { silentLogger } from '../../shared/log';
import type { ServiceOverrides } from '../../shared/services';
import { startLocalApp, type LocalApp } from '../../local/app';
import { createLocalServer } from '../../local/server';
import { makeTempDir } from './tmp';

export interface RunningLocalHost {
  readonly baseUrl: string;
  /** The host's working directory and data dir: where its config file would be. */
  readonly dir: string;
  readonly app: LocalApp;
  close(): Promise<void>;
}

/**
 * The real local host (services, workflow runner, HTTP server) on a free loopback port, with its data
 * in a temp dir. `overrides` are config values, as a user would put them in the config file;
 * `services` replace outside services at their protocol boundary (ACS's HTTP transport, fetch).
 */
export async function startLocalHost(
  overrides: Record<string, unknown> = {},
  services: ServiceOverrides = {},
): Promise<RunningLocalHost> {
  const tmp = makeTempDir();
  const source = { env: {}, cwd: tmp.dir, overrides: { data_dir: tmp.dir, ...overrides } };
  const config = loadConfig(source);
  const app = await startLocalApp(config, { log: silentLogger, configSource: source, ...services });
  const server = createLocalServer({ deps: app.deps, apiKey: config.host.api_key });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    dir: tmp.dir,
    app,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await app.close();
      tmp.remove();
    },
  };
}

export { eventually } from './eventually';
