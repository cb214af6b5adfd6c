'use strict';
// What voice.cjs talks to and through, at the protocol boundary: a fake ACS Call Automation REST API
// (HTTPS on 127.0.0.1, recording every request), ACS's callback signing keys, Web PubSub's event payloads
// as the trigger extension hands them to a function, ACS transcription frames, and the checks' tally.
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { generateKeyPairSync, createSign, randomBytes } = require('node:crypto');

const PUBLIC_URL = 'https://callcenter-func-abc123.azurewebsites.net';
const BOT = '+33100000000';
const CALLER = '+33612345678';
const ACS_RESOURCE_ID = '6f5e1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
const COGNITIVE_SERVICES_ENDPOINT = 'https://callcenter-ai-abc123.cognitiveservices.azure.com/';
const HUB = 'calls';
const TICKS_PER_MS = 10_000; // transcription offsets and durations are in 100-ns ticks

/** Every request the fake ACS (and the Web PubSub REST endpoint) received, in order. */
const acsRequests = [];
const servers = [];
const tally = { passed: 0, failed: 0 };
let privateKey;
let wpsPort;
let connections = 0;

function check(label, cond, detail) {
  if (cond) {
    tally.passed += 1;
    console.log(`ok - ${label}`);
    return;
  }
  tally.failed += 1;
  process.exitCode = 1;
  const shown =
    detail === undefined ? '' : `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`;
  console.log(`FAIL - ${label}${shown.slice(0, 900)}`);
}

/** A callback token as ACS signs it (RS256, its issuer, our resource as audience). */
function acsToken(over = {}) {
  const now = Math.floor(Date.now() / 1000);
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const claims = {
    iss: 'https://acscallautomation.communication.azure.com',
    aud: ACS_RESOURCE_ID,
    iat: now,
    nbf: now,
    exp: now + 300,
    ...over,
  };
  const unsigned = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'test-kid-1' })}.${b64(claims)}`;
  const s = createSign('RSA-SHA256');
  s.update(unsigned);
  return `${unsigned}.${s.sign(privateKey).toString('base64url')}`;
}

/** The fake ACS Call Automation REST API: answers as the service does, one connection per call. */
function acsHandler(req, res) {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const p = decodeURIComponent(new URL(req.url, 'https://127.0.0.1').pathname);
    const parsed = body ? JSON.parse(body) : undefined;
    acsRequests.push({ method: req.method, path: p, body: parsed });
    const send = (status, obj) => {
      res.writeHead(status, obj ? { 'content-type': 'application/json' } : {});
      res.end(obj ? JSON.stringify(obj) : '');
    };
    if (
      req.method === 'POST' &&
      (p === '/calling/callConnections:answer' || p === '/calling/callConnections')
    ) {
      connections += 1;
      const conn = {
        callConnectionId: `conn-${connections}`,
        serverCallId: `server-call-${connections}`,
        targets: [],
        callConnectionState: 'connecting',
        callbackUri: parsed?.callbackUri,
        correlationId: `corr-${connections}`,
      };
      return send(p.endsWith(':answer') ? 200 : 201, conn);
    }
    const op = /^\/calling\/callConnections\/[^:/]+:(\w+)$/.exec(p)?.[1];
    if (req.method === 'POST' && p === '/calling/recordings') {
      const recordingId = `recording-of-${parsed?.callConnectionId}`;
      return send(200, {
        recordingId,
        recordingState: 'active',
        recordingKind: 'azureCommunicationServices',
      });
    }
    if (op === 'terminate') return send(204);
    if (['play', 'cancelAllMediaOperations', 'updateTranscription'].includes(op)) return send(202, {});
    if (op === 'startContinuousDtmfRecognition') return send(200, {});
    if (op === 'transferToParticipant') return send(202, { operationContext: parsed?.operationContext });
    send(404, { error: { code: 'NotFound', message: `fake ACS: no route ${req.method} ${p}` } });
  });
}

/** Starts the fakes; returns the app settings (infra's ACS + Web PubSub settings, SQLite store). */
async function startFakes({ runDir, harnessDir }) {
  const kp = generateKeyPairSync('rsa', { modulusLength: 2048 });
  privateKey = kp.privateKey;
  const jwksFile = path.join(runDir, 'jwks.json');
  const jwk = { ...kp.publicKey.export({ format: 'jwk' }), kid: 'test-kid-1', use: 'sig', alg: 'RS256' };
  fs.writeFileSync(jwksFile, JSON.stringify({ keys: [jwk] }));
  const key = path.join(runDir, 'acs-key.pem');
  const cert = path.join(runDir, 'acs-cert.pem');
  const subject = ['-subj', '/CN=127.0.0.1'];
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', ...subject],
    { stdio: 'ignore' },
  );
  const acs = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, acsHandler);
  // Web PubSub's REST API: the app only signs client tokens with the key, locally; a request here is
  // recorded so that the scenario can say it was not expected.
  const wps = http.createServer((req, res) => {
    acsRequests.push({ method: req.method, path: `webpubsub:${req.url}` });
    res.writeHead(404).end();
  });
  for (const s of [acs, wps]) {
    await new Promise((r) => s.listen(0, '127.0.0.1', r));
    servers.push(s);
  }
  wpsPort = wps.address().port;
  const key64 = () => randomBytes(32).toString('base64');
  const shim = path.join(harnessDir, 'examples/call-center-ai/fetch-shim.cjs');
  return {
    DATA_DIR: path.join(runDir, 'data'),
    LOG_LEVEL: 'info',
    WORKFLOW__RING_TIMEOUT_SEC: '60',
    FEATURES__CALLBACK_TIMEOUT_HOUR: '3',
    // Call recording on (into ACS's own storage): started at CallConnected, its files' event stored.
    FEATURES__RECORDING_ENABLED: 'true',
    PUBLIC_URL,
    CALLBACK_SECRET: key64(),
    REPORT_SECRET: key64(),
    TELEPHONY__BACKEND: 'acs',
    ACS_CONNECTION_STRING: `endpoint=https://127.0.0.1:${acs.address().port}/;accesskey=${key64()}`,
    ACS_PHONE_NUMBER: BOT,
    ACS_RESOURCE_ID,
    COGNITIVE_SERVICES_ENDPOINT,
    WEB_PUBSUB_CONNECTION_STRING: `Endpoint=http://127.0.0.1:${wpsPort};AccessKey=${key64()};Version=1.0;`,
    // test plumbing: the self-signed fake ACS, and ACS's signing keys served from jwks.json
    NODE_TLS_REJECT_UNAUTHORIZED: '0',
    NODE_OPTIONS: `${process.env.NODE_OPTIONS || ''} --require ${JSON.stringify(shim)}`.trim(),
    TEST_JWKS_FILE: jwksFile,
  };
}

const stopFakes = () => servers.forEach((s) => s.close());

/** The text a play request speaks (its SSML without tags and entities), and its operation context. */
function playOf(request) {
  const ssml = request.body?.playSources?.[0]?.ssml?.ssmlText ?? '';
  const entities = { quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' };
  const text = ssml
    .replace(/<[^>]+>/g, '')
    .replace(/&(quot|apos|lt|gt|amp);/g, (_, e) => entities[e])
    .replace(/\s+/g, ' ')
    .trim();
  return {
    ssml,
    text,
    context: request.body?.playOptions?.operationContext ?? request.body?.operationContext,
  };
}

/** The ACS request asks for real-time transcription to a Web PubSub client URL naming the call. */
function checkTranscriptionOptions(label, body, callId) {
  const t = body?.transcriptionConfiguration ?? body?.transcriptionOptions;
  check(`${label}: transcription options present`, t, body);
  if (!t) return;
  const url = new URL(t.transportUrl);
  let claims = {};
  try {
    claims = JSON.parse(
      Buffer.from((url.searchParams.get('access_token') ?? '').split('.')[1], 'base64url').toString('utf8'),
    );
  } catch {
    // not a JWT: the check below says so
  }
  const hubUrl =
    url.host === `127.0.0.1:${wpsPort}` && url.pathname === `/client/hubs/${HUB}` && url.protocol === 'ws:';
  check(`${label}: transportUrl is the Web PubSub client URL of hub ${HUB}`, hubUrl, t.transportUrl);
  check(`${label}: its token's sub is the call id`, claims.sub === callId, claims);
  const options =
    t.transportType === 'websocket' &&
    t.locale === 'en-US' &&
    t.startTranscription === true &&
    t.enableIntermediateResults === true;
  check(`${label}: websocket transport, locale, start at connect, intermediate results`, options, t);
  const endpoint = body.callIntelligenceOptions?.cognitiveServicesEndpoint === COGNITIVE_SERVICES_ENDPOINT;
  check(
    `${label}: ACS speech through the cognitive services endpoint`,
    endpoint,
    body.callIntelligenceOptions,
  );
}

/** A Web PubSub event as the trigger extension passes it to a function (`WebPubSubEventRequest`). */
function wpsEvent(eventName, userId, extra = {}) {
  const eventType = eventName === 'message' ? 'user' : 'system';
  return {
    connectionContext: { hub: HUB, connectionId: `wps-${userId}`, userId, eventName, eventType },
    ...extra,
  };
}

/** An ACS TranscriptionData frame (shape of fixtures/azure/media-transcription-data.sdkjs-test.json). */
function transcriptionFrame(text, status, offsetTicks, durationMs) {
  const words = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s']/gu, '')
    .split(/\s+/)
    .filter(Boolean);
  const d = Math.round(durationMs * TICKS_PER_MS);
  const step = Math.round(d / Math.max(words.length, 1));
  return {
    kind: 'TranscriptionData',
    transcriptionData: {
      text,
      format: 'display',
      confidence: status === 'Final' ? 0.92 : 0,
      offset: offsetTicks,
      duration: d,
      words: words.map((w, i) => ({ text: w, offset: offsetTicks + i * step, duration: step })),
      participantRawID: `4:${CALLER}`,
      resultStatus: status,
    },
  };
}

/**
 * Lets time pass to the earliest pending durable timer of the instance, as a clock would (the harness's
 * pump({ fireTimers }) fires the first one created): the others are held back for that one episode.
 * Returns when the fired timer was due.
 */
async function fireEarliestTimer(host, instanceId) {
  const timers = host.durable.state.get(instanceId).timers;
  const pending = [...timers.values()]
    .filter((t) => !t.fired && !t.canceled)
    .sort((a, b) => Date.parse(a.fireAt) - Date.parse(b.fireAt));
  const held = pending.slice(1);
  held.forEach((t) => (t.fired = true));
  try {
    await host.durable.pump(instanceId, { fireTimers: true, maxEpisodes: 1 });
  } finally {
    held.forEach((t) => (t.fired = false));
  }
  await host.durable.pump(instanceId);
  return pending[0]?.fireAt;
}

module.exports = {
  PUBLIC_URL,
  BOT,
  CALLER,
  TICKS_PER_MS,
  acsRequests,
  tally,
  check,
  acsToken,
  startFakes,
  stopFakes,
  playOf,
  checkTranscriptionOptions,
  wpsEvent,
  transcriptionFrame,
  fireEarliestTimer,
};
