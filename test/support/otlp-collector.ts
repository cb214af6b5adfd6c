import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenTelemetry collector for tests: a real HTTP server on 127.0.0.1 that takes what the OTLP/HTTP
 * exporters send (`POST /v1/traces`, `POST /v1/metrics`, JSON bodies) and keeps each body, raw and
 * parsed, so that a test can read the spans and metrics and search the raw text for what must not be there.
 */

export interface OtlpAttribute {
  readonly key: string;
  readonly value: {
    stringValue?: string;
    intValue?: number | string;
    doubleValue?: number;
    boolValue?: boolean;
  };
}

export interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly attributes: readonly OtlpAttribute[];
}

export interface OtlpCollector {
  readonly baseUrl: string;
  /** Every body received, as sent. */
  readonly raw: string[];
  spans(): OtlpSpan[];
  /** The names of the metrics received. */
  metricNames(): Set<string>;
  /** The data points of one metric, whatever its kind (histogram, sum). */
  points(name: string): {
    attributes: OtlpAttribute[];
    count?: string | number;
    asInt?: string | number;
    asDouble?: number;
  }[];
  close(): Promise<void>;
}

interface TracesBody {
  resourceSpans?: { scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}
interface MetricsBody {
  resourceMetrics?: {
    scopeMetrics?: {
      metrics?: {
        name: string;
        histogram?: { dataPoints: never[] };
        sum?: { dataPoints: never[] };
      }[];
    }[];
  }[];
}

export async function startOtlpCollector(): Promise<OtlpCollector> {
  const raw: string[] = [];
  const traces: TracesBody[] = [];
  const metricBodies: MetricsBody[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      raw.push(text);
      if (!/json/.test(req.headers['content-type'] ?? '')) {
        res.writeHead(415).end();
        return;
      }
      if (req.url === '/v1/traces') traces.push(JSON.parse(text) as TracesBody);
      else if (req.url === '/v1/metrics') metricBodies.push(JSON.parse(text) as MetricsBody);
      else {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const allMetrics = () =>
    metricBodies.flatMap((body) =>
      (body.resourceMetrics ?? []).flatMap((r) => (r.scopeMetrics ?? []).flatMap((s) => s.metrics ?? [])),
    );
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    raw,
    spans: () =>
      traces.flatMap((body) =>
        (body.resourceSpans ?? []).flatMap((r) => (r.scopeSpans ?? []).flatMap((s) => s.spans ?? [])),
      ),
    metricNames: () => new Set(allMetrics().map((metric) => metric.name)),
    points: (name) =>
      allMetrics()
        .filter((metric) => metric.name === name)
        .flatMap((metric) => metric.histogram?.dataPoints ?? metric.sum?.dataPoints ?? []),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An attribute's value as a plain JS value. */
export function attribute(span: Pick<OtlpSpan, 'attributes'>, key: string): unknown {
  const found = span.attributes.find((a) => a.key === key)?.value;
  if (!found) return undefined;
  if (found.intValue !== undefined) return Number(found.intValue);
  return found.stringValue ?? found.doubleValue ?? found.boolValue;
}
