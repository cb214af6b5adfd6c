import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { makeTempDir } from '../support/tmp';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/log';
import { startCallSpan } from '../../shared/telemetry/call-trace';
import { startTelemetry, type Telemetry } from '../../shared/telemetry/setup';

/**
 * Application Insights through `@azure/monitor-opentelemetry`, with its ingestion endpoint a local HTTPS
 * server (the connection string's `IngestionEndpoint`; the exporter posts its envelopes to `/v2.1/track`): the call's spans arrive as App Insights
 * envelopes whose operation id is the call id.
 */

let telemetry: Telemetry | undefined;
let server: https.Server | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  telemetry = server = undefined;
});

describe('Azure Monitor exporter', () => {
  it('sends the call spans to the ingestion endpoint of the connection string', async () => {
    const bodies: string[] = [];
    // The Azure SDK speaks HTTPS only: a self-signed certificate, trusted by this test's process alone.
    const tmp = makeTempDir();
    const [key, cert] = [join(tmp.dir, 'key.pem'), join(tmp.dir, 'cert.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    server = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        bodies.push((req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ itemsReceived: 1, itemsAccepted: 1, errors: [] }));
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    tmp.remove();
    const endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    telemetry = await startTelemetry(
      {
        azure_monitor_connection_string: `InstrumentationKey=${randomUUID()};IngestionEndpoint=${endpoint}`,
        service_name: 'test',
        metrics_interval_sec: 60,
      },
      silentLogger,
    );
    expect(telemetry.kind).toBe('azure-monitor');
    const callId = randomUUID();
    startCallSpan(callId, 'store.update', { 'store.kind': 'sqlite' }).end();
    await telemetry.flush();
    const sent = bodies.join('\n');
    expect(sent).toContain('store.update');
    expect(sent).toContain(callId.replace(/-/g, ''));
  });
});
