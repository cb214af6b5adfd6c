import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config, Features } from '../shared/config';
import type { ChatModel } from '../shared/providers/llm/llm';
import type { ServiceOverrides } from '../shared/services';
import { createSpeechProviders, type SpeechProviders } from '../shared/voice/voices';
import { allowedHosts } from './allowed-hosts';
import { startLocalApp, type LocalApp } from './app';
import { createLocalServer } from './server';
import { loadSoftphoneFiles } from './softphone-page';
import type { SpeechModule } from './media-protocol';
import { MediaWorkers, mediaWorkerCount, mediaWorkerEntry } from './media-workers';
import { attachSockets } from './sockets';
import { VoiceCalls } from './voice-calls';

/**
 * The local host, assembled: the app, its HTTP API, the softphone page and the WebSockets, listening.
 * `npm start`, the tests and the benchmarks all start it here, so they run the same thing.
 */

export interface LocalHost {
  readonly app: LocalApp;
  readonly voiceCalls: VoiceCalls;
  /** Set when calls' media run in media processes (`MEDIA_WORKERS`). */
  readonly mediaWorkers: MediaWorkers | undefined;
  readonly server: Server;
  /** e.g. http://127.0.0.1:7071 */
  readonly url: string;
  close(): Promise<void>;
}

export interface LocalHostOptions extends ServiceOverrides {
  /** Speech providers to use instead of the configured ones (benchmarks use fixed-latency fakes). */
  readonly speech?: SpeechProviders;
  /** The models that answer voice calls instead of the configured ones (benchmarks: fixed latency). */
  readonly chatModels?: (features: Features) => readonly ChatModel[];
  /** Port to listen on instead of host.port (0: any free port). */
  readonly port?: number;
  /**
   * Benchmarks: the module media processes load their speech providers from. `speech` alone cannot
   * cross into another process: with `speech` and without this, media run in this process.
   */
  readonly mediaWorkerSpeech?: SpeechModule;
}

export async function startLocalHost(config: Config, options: LocalHostOptions = {}): Promise<LocalHost> {
  const { speech: speechOverride, port: portOverride, chatModels, mediaWorkerSpeech, ...overrides } = options;
  const app = await startLocalApp(config, overrides);
  let mediaWorkers: MediaWorkers | undefined;
  try {
    const speech = speechOverride ?? (await createSpeechProviders(config, app.services.log));
    const voiceCalls = new VoiceCalls(app.services, speech, chatModels);
    const workers = mediaWorkerCount(config.host.media_workers);
    // From TypeScript sources (the in-process tests) there is no built media process to start.
    const entry = mediaWorkerEntry();
    if (workers > 0 && entry && (!speechOverride || mediaWorkerSpeech)) {
      mediaWorkers = MediaWorkers.start(entry, {
        count: workers,
        config,
        services: app.services,
        voiceCalls,
        ...(mediaWorkerSpeech ? { speechModule: mediaWorkerSpeech } : {}),
      });
    }
    const hosts = allowedHosts(config.host.bind, config.host.public_url);
    const server = createLocalServer({
      // /api/health reports this host's own speech providers, when calls talk through them (on the
      // serverless loop ACS speaks and listens: services reports that).
      deps:
        app.deps.ports.voice === 'web-pubsub'
          ? app.deps
          : { ...app.deps, ports: { ...app.deps.ports, ...speech.kinds } },
      apiKey: config.host.api_key,
      staticFiles: loadSoftphoneFiles(),
      allowedHosts: hosts,
    });
    const sockets = attachSockets(server, {
      app,
      voiceCalls,
      apiKey: config.host.api_key,
      allowedHosts: hosts,
      ...(mediaWorkers ? { mediaWorkers } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(portOverride ?? config.host.port, config.host.bind, resolve);
    });
    const { port } = server.address() as AddressInfo;
    const host = config.host.bind.includes(':') ? `[${config.host.bind}]` : config.host.bind;
    return {
      app,
      voiceCalls,
      mediaWorkers,
      server,
      url: `http://${host}:${port}`,
      async close() {
        // Upgraded sockets keep server.close() waiting: they go first.
        for (const client of sockets.clients) client.terminate();
        server.closeAllConnections();
        const closed = new Promise((resolve) => server.close(resolve));
        await voiceCalls.closeAll();
        // A socket handed to a media process counts as the server's until that process closes it:
        // the server is closed only once the media processes are gone.
        await mediaWorkers?.close();
        await closed;
        await app.close();
      },
    };
  } catch (error) {
    await mediaWorkers?.close();
    await app.close();
    throw error;
  }
}
