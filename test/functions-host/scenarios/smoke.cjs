'use strict';
// `npm run smoke` against the Functions app under the real Azure Functions Node worker (functions-host
// harness), configured as infra/modules/app-settings.bicep configures it on Azure:
//   npm run build && bash test/functions-host/harness.sh run "$PWD/test/functions-host/scenarios/smoke.cjs"
//
// Every Azure backend is configured by endpoint, with no key, so the app authenticates with its managed
// identity: a fake App Service identity endpoint (IDENTITY_ENDPOINT + IDENTITY_HEADER, as Functions sets
// them) issues the tokens, and the Cosmos DB store runs on @vercel/cosmosdb-server (the database and
// container created beforehand, as the Bicep does). The other services are not contacted to answer
// /api/health. The harness has no HTTP server (the .NET host's job): this scenario serves the app's
// HTTP functions on 127.0.0.1, each request invoked in the worker, runs infra/smoke.mjs against that,
// prints its output and exits with its code.
const { execFile } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const http = require('node:http');
const path = require('node:path');

const servers = [];
const identityRequests = [];
const IDENTITY_HEADER = randomBytes(16).toString('hex');
// The public, well-known Cosmos DB emulator key: only to create the database and container here.
const EMULATOR_KEY =
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

const listen = (server) =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));

exports.setup = async ({ appDir, runDir }) => {
  const identity = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const resource = url.searchParams.get('resource');
    const valid =
      req.headers['x-identity-header'] === IDENTITY_HEADER &&
      url.searchParams.get('api-version') === '2019-08-01';
    identityRequests.push(resource);
    res.writeHead(valid ? 200 : 400, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        valid
          ? {
              access_token: `token-for-${resource}`,
              expires_on: String(Math.floor(Date.now() / 1000) + 3600),
              resource,
              token_type: 'Bearer',
            }
          : { error: 'invalid_request' },
      ),
    );
  });
  const identityPort = await listen(identity);
  servers.push(identity);

  const { createHttpsServer } = require(require.resolve('@vercel/cosmosdb-server', { paths: [appDir] }));
  const cosmos = createHttpsServer();
  const cosmosPort = await listen(cosmos);
  servers.push(cosmos);
  const endpoint = `https://127.0.0.1:${cosmosPort}`;
  const { CosmosClient } = require(require.resolve('@azure/cosmos', { paths: [appDir] }));
  const https = require('node:https');
  const admin = new CosmosClient({
    endpoint,
    key: EMULATOR_KEY,
    agent: new https.Agent({ rejectUnauthorized: false }),
  });
  const { database } = await admin.databases.createIfNotExists({ id: 'callcenter' });
  await database.containers.createIfNotExists({ id: 'calls', partitionKey: { paths: ['/call_id'] } });
  admin.dispose();

  const key64 = () => randomBytes(32).toString('base64');
  return {
    DATA_DIR: path.join(runDir, 'data'),
    // The platform's managed identity endpoint.
    IDENTITY_ENDPOINT: `http://127.0.0.1:${identityPort}/msi/token`,
    IDENTITY_HEADER,
    // The emulator's self-signed certificate.
    NODE_TLS_REJECT_UNAUTHORIZED: '0',
    // What app-settings.bicep sets (Key Vault references resolved: the two secrets and Web PubSub's key).
    PUBLIC_URL: 'https://callcenter-func.example.net',
    LOG_LEVEL: 'info',
    CALLBACK_SECRET: key64(),
    REPORT_SECRET: key64(),
    STORE__BACKEND: 'cosmos',
    COSMOS_ENDPOINT: endpoint,
    STORE__COSMOS__DATABASE: 'callcenter',
    STORE__COSMOS__CONTAINER: 'calls',
    WORKFLOW__RING_TIMEOUT_SEC: '60',
    LLM__FAST__ENDPOINT: 'https://callcenter-oai.openai.azure.com/',
    LLM__FAST__MODEL: 'gpt-4o-mini',
    LLM__FAST__AZURE_API_VERSION: '2024-10-21',
    LLM__SLOW__ENDPOINT: 'https://callcenter-oai.openai.azure.com/',
    LLM__SLOW__MODEL: 'gpt-4o',
    LLM__SLOW__AZURE_API_VERSION: '2024-10-21',
    APP_CONFIGURATION_ENDPOINT: 'https://callcenter-appcs.azconfig.io',
    FLAGS__APP_CONFIGURATION__SENTINEL_KEY: 'sentinel',
    ACS_ENDPOINT: 'https://callcenter-acs.communication.azure.com',
    ACS_RESOURCE_ID: '1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9',
    COGNITIVE_SERVICES_ENDPOINT: 'https://callcenter-ai.cognitiveservices.azure.com/',
    WEB_PUBSUB_CONNECTION_STRING: `Endpoint=https://callcenter-wps.webpubsub.azure.com;AccessKey=${key64()};Version=1.0;`,
    WEB_PUBSUB_HUB: 'calls',
    TELEPHONY__BACKEND: 'acs',
    ACS_PHONE_NUMBER: '+18005550100',
    SMS__BACKEND: 'acs',
  };
};

exports.teardown = () => {
  for (const server of servers) {
    server.closeAllConnections?.();
    server.close();
  }
};

/** The HTTP function whose route matches `pathname` (under /api) and `method`, with its route params. */
function matchRoute(host, method, pathname) {
  const segments = pathname
    .replace(/^\/api\/?/, '')
    .split('/')
    .filter(Boolean);
  for (const f of host.functions) {
    if (f.trigger?.type !== 'httpTrigger') continue;
    if (!(f.trigger.methods ?? ['GET']).map((m) => m.toUpperCase()).includes(method)) continue;
    const parts = (f.trigger.route ?? f.name).split('/');
    if (parts.length !== segments.length) continue;
    const params = {};
    const matches = parts.every((part, i) => {
      const param = /^\{([A-Za-z0-9_]+)\}$/.exec(part);
      if (param) params[param[1]] = decodeURIComponent(segments[i]);
      return param || part === segments[i];
    });
    if (matches) return { name: f.name, params };
  }
  return undefined;
}

exports.run = async (host) => {
  const front = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const url = new URL(req.url, 'http://localhost');
    const route = matchRoute(host, req.method, url.pathname);
    if (!route) return res.writeHead(404).end();
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    const query = Object.fromEntries(url.searchParams);
    const r = await host.invoke(
      route.name,
      host.request(route.name, {
        method: req.method,
        params: route.params,
        query,
        headers: req.headers,
        body,
      }),
    );
    const response = r.returnValue ?? { status: 500, body: r.exception };
    res.writeHead(response.status ?? 200, { 'content-type': 'application/json' });
    res.end(typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? null));
  });
  const port = await listen(front);
  servers.push(front);

  const smoke = path.join(host.appDir, 'infra/smoke.mjs');
  const { code, stdout, stderr } = await new Promise((resolve) => {
    execFile(
      process.execPath,
      [smoke, `http://127.0.0.1:${port}`],
      { timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
  console.log(`[smoke.cjs] npm run smoke exited ${code}\n${stdout}${stderr}`);
  console.log(
    `[smoke.cjs] managed identity tokens asked for: ${[...new Set(identityRequests)].join(', ') || 'none'}`,
  );
  if (code !== 0) process.exitCode = 1;
};
