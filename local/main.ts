import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from '../shared/config';
import { startLocalApp } from './app';
import { assertSafeBinding, createLocalServer } from './server';

/**
 * `npm start`: the whole product on this machine, no cloud account needed.
 */
async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  assertSafeBinding(config.host.bind, config.host.api_key);
  const app = await startLocalApp(config);
  const server = createLocalServer({ deps: app.deps, apiKey: config.host.api_key });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.host.port, config.host.bind, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://${config.host.bind.includes(':') ? `[${config.host.bind}]` : config.host.bind}:${port}`;
  const ports = Object.entries(app.deps.ports)
    .map(([name, kind]) => `${name}=${kind}`)
    .join(' ');
  console.log(
    [
      `Call Center AI is running at ${base} (ready in ${Math.round(performance.now() - startedAt)} ms)`,
      `  API:     ${base}/api/call   health: ${base}/api/health`,
      `  data:    ${app.services.sqlitePath ?? `${app.services.store.kind} store`}`,
      `  ports:   ${ports}`,
      `  Ctrl+C to stop.`,
    ].join('\n'),
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections();
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(
      `Port already in use: another process listens there. Set PORT to another port (e.g. PORT=7072 npm start).`,
    );
  } else console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
