import { ConfigError, loadConfig } from '../shared/config';
import { startLocalHost } from './host';
import { assertSafeBinding } from './server';

/**
 * `npm start`: the whole product on this machine, no cloud account needed.
 */
async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  assertSafeBinding(config.host.bind, config.host.api_key);
  const host = await startLocalHost(config);
  const { app, url: base } = host;
  const ports = Object.entries({ ...app.deps.ports, ...host.voiceCalls.speech.kinds })
    .map(([name, kind]) => `${name}=${kind}`)
    .join(' ');
  console.log(
    [
      `Call Center AI is running at ${base} (ready in ${Math.round(performance.now() - startedAt)} ms)`,
      `  phone:   ${base}/  (the softphone: call the bot from your browser)`,
      `  API:     ${base}/api/call   health: ${base}/api/health`,
      `  data:    ${app.services.sqlitePath ?? `${app.services.store.kind} store`}`,
      `  ports:   ${ports}`,
      `  media:   ${mediaLine(host.mediaWorkers?.size ?? 0, app.services.config.host.media_calls_in_main)}`,
      `  Ctrl+C to stop.`,
    ].join('\n'),
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close();
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

/** Where calls' audio runs: the first calls in this process, the others in the media processes. */
function mediaLine(processes: number, inMain: number): string {
  if (processes === 0) return 'in this process';
  const first = inMain > 0 ? `the first ${inMain} calls in this process (MEDIA_CALLS_IN_MAIN), then ` : '';
  return `${first}${processes} media processes (MEDIA_WORKERS)`;
}
