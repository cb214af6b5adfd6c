import { CosmosClient } from '@azure/cosmos';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';

/** A running in-process `@vercel/cosmosdb-server` (HTTPS, self-signed certificate, empty on start). */
export interface CosmosTestServer {
  endpoint: string;
  /** The HTTPS server itself (tests observe the requests it receives). */
  server: https.Server;
  key: string;
  close(): Promise<void>;
}

/** The public, well-known Cosmos DB emulator key; the test server accepts any key. */
const EMULATOR_KEY =
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

/** Starts the server on a free loopback port (127.0.0.1, port 0). */
export async function startCosmosServer(): Promise<CosmosTestServer> {
  const server = createHttpsServer();
  answerConditionalReads(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `https://127.0.0.1:${port}`,
    server,
    key: EMULATOR_KEY,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * A `CosmosClient` for the test server: trusts its self-signed certificate through a dedicated agent
 * (TLS stays verified everywhere else) and never looks for other regional endpoints.
 * Call `client.dispose()` when done.
 */
export function createCosmosClient(server: Pick<CosmosTestServer, 'endpoint' | 'key'>): CosmosClient {
  return new CosmosClient({
    endpoint: server.endpoint,
    key: server.key,
    agent: new https.Agent({ rejectUnauthorized: false }),
    connectionPolicy: { enableEndpointDiscovery: false, enableBackgroundEndpointRefreshing: false },
  });
}

/**
 * Creates the `callcenter` database and its `calls` container (partitioned by call id) with the key, as
 * the Bicep template does: an app that signs in with its identity has a data-plane role that cannot.
 */
export async function prepareCallsContainer(
  server: Pick<CosmosTestServer, 'endpoint' | 'key'>,
): Promise<void> {
  const admin = createCosmosClient(server);
  try {
    const { database } = await admin.databases.createIfNotExists({ id: 'callcenter' });
    await database.containers.createIfNotExists({ id: 'calls', partitionKey: { paths: ['/call_id'] } });
  } finally {
    admin.dispose();
  }
}

/**
 * Cosmos DB answers a point read that carries `If-None-Match: <etag>` with 304 and no body while the
 * item still has that etag (REST API, "Get a Document"); @vercel/cosmosdb-server ignores the header on
 * items. This puts that behaviour in front of it, so that the app's conditional reads are tested against
 * the protocol, 304s included: the emulator answers, and a 200 whose etag is the one asked becomes a 304.
 */
function answerConditionalReads(server: https.Server): void {
  const emulator = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const condition = req.headers['if-none-match'];
    if (req.method === 'GET' && typeof condition === 'string' && /\/docs\/[^/]+$/.test(req.url ?? '')) {
      const end = res.end.bind(res) as (body?: unknown) => ServerResponse;
      res.end = ((body?: unknown) => {
        if (res.statusCode !== 200 || res.getHeader('etag') !== condition) return end(body);
        res.statusCode = 304;
        res.removeHeader('content-type');
        return end();
      }) as ServerResponse['end'];
    }
    for (const listener of emulator) listener.call(server, req, res);
  });
}
