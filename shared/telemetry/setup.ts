import { metrics, trace } from '@opentelemetry/api';
import type { Config } from '../config';
import type { Logger } from '../log';
import { resetTracer } from './call-trace';
import { resetInstruments } from './metrics';

/**
 * Starts OpenTelemetry for this process, once: Application Insights through `@azure/monitor-opentelemetry`
 * when a connection string is set, any OTLP/HTTP collector when an endpoint is, both when both are.
 * With neither, nothing is installed: the `@opentelemetry/api` globals stay the no-op default, so every
 * span and metric the app records costs a function call. The SDKs are imported only when used (the
 * Azure Monitor distro alone takes ~300 ms to load).
 *
 * Spans and metrics are recorded through the global API everywhere (see call-trace.ts, metrics.ts), so
 * nothing is threaded through the app; the composition root starts this and flushes it on close.
 */

export interface Telemetry {
  /** For /api/health and the startup banner: `none`, `otlp`, `azure-monitor`, `azure-monitor+otlp`. */
  readonly kind: string;
  /** Exports what is buffered now (tests; before a Functions instance freezes). */
  flush(): Promise<void>;
  /** Flushes and uninstalls the exporters; the API is a no-op again. */
  shutdown(): Promise<void>;
}

type TelemetrySettings = Config['telemetry'];

const NONE: Telemetry = { kind: 'none', flush: async () => undefined, shutdown: async () => undefined };

/** One installation per process; every services instance of the process shares it (tests run several). */
let installed: { telemetry: Telemetry; users: number } | undefined;

export async function startTelemetry(settings: TelemetrySettings, log: Logger): Promise<Telemetry> {
  if (!settings.otlp_endpoint && !settings.azure_monitor_connection_string) return NONE;
  if (!installed) {
    installed = { telemetry: await install(settings), users: 0 };
    log.info('telemetry exporting', { exporter: installed.telemetry.kind });
  }
  installed.users += 1;
  const shared = installed;
  let released = false;
  // A collector that is down must not fail a test's flush or the host's close: said, not thrown.
  const quietly = (what: string, work: Promise<void>) =>
    work.catch((error: unknown) => log.warn(`telemetry: ${what} failed`, { error: describe(error) }));
  return {
    kind: shared.telemetry.kind,
    flush: () => quietly('flush', shared.telemetry.flush()),
    async shutdown() {
      if (released) return;
      released = true;
      shared.users -= 1;
      if (shared.users > 0) return quietly('flush', shared.telemetry.flush());
      if (installed === shared) installed = undefined;
      await quietly('shutdown', shared.telemetry.shutdown());
    },
  };
}

async function install(settings: TelemetrySettings): Promise<Telemetry> {
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const resource = resourceFromAttributes({ 'service.name': settings.service_name });
  const otlp = settings.otlp_endpoint ? await otlpParts(settings.otlp_endpoint, settings) : undefined;
  if (settings.azure_monitor_connection_string) {
    const azure = await import('@azure/monitor-opentelemetry');
    azure.useAzureMonitor({
      azureMonitorExporterOptions: { connectionString: settings.azure_monitor_connection_string },
      resource,
      // Every call whole: the distro's default rate limit (5 traces/s, starting near 0) drops most spans
      // of the first seconds, and a call is one trace, so a sampled call would miss its other turns.
      samplingRatio: 1,
      tracesPerSecond: 0,
      ...(otlp ? { spanProcessors: [otlp.spanProcessor], metricReaders: [otlp.metricReader] } : {}),
    });
    resetApi();
    const sdkFlush = async () => {
      // The distro does not expose a flush: its providers are the globals it installed.
      await Promise.all([forceFlush(trace.getTracerProvider()), forceFlush(metrics.getMeterProvider())]);
    };
    return {
      kind: otlp ? 'azure-monitor+otlp' : 'azure-monitor',
      flush: sdkFlush,
      async shutdown() {
        try {
          await sdkFlush();
        } finally {
          await azure.shutdownAzureMonitor();
          uninstallGlobals();
        }
      },
    };
  }
  if (!otlp) return NONE;
  const { BasicTracerProvider } = await import('@opentelemetry/sdk-trace-base');
  const { MeterProvider } = await import('@opentelemetry/sdk-metrics');
  const tracerProvider = new BasicTracerProvider({ resource, spanProcessors: [otlp.spanProcessor] });
  const meterProvider = new MeterProvider({ resource, readers: [otlp.metricReader] });
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  resetApi();
  return {
    kind: 'otlp',
    async flush() {
      await Promise.all([tracerProvider.forceFlush(), meterProvider.forceFlush()]);
    },
    async shutdown() {
      uninstallGlobals();
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}

/** OTLP over HTTP with JSON bodies, to `<endpoint>/v1/traces` and `<endpoint>/v1/metrics`. */
async function otlpParts(endpoint: string, settings: TelemetrySettings) {
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-http');
  const { BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const { PeriodicExportingMetricReader } = await import('@opentelemetry/sdk-metrics');
  const base = endpoint.replace(/\/+$/, '');
  return {
    // Batched: a span ending on the voice path costs a push into a buffer, never a request.
    spanProcessor: new BatchSpanProcessor(new OTLPTraceExporter({ url: `${base}/v1/traces` })),
    metricReader: new PeriodicExportingMetricReader({
      exporter: new OTLPMetricExporter({ url: `${base}/v1/metrics` }),
      exportIntervalMillis: settings.metrics_interval_sec * 1000,
    }),
  };
}

async function forceFlush(provider: object): Promise<void> {
  const flushable = provider as { forceFlush?: () => Promise<void>; getDelegate?: () => object };
  if (typeof flushable.forceFlush === 'function') return flushable.forceFlush();
  // The global tracer provider is a proxy in front of the SDK's.
  if (typeof flushable.getDelegate === 'function') return forceFlush(flushable.getDelegate());
}

function uninstallGlobals(): void {
  trace.disable();
  metrics.disable();
  resetApi();
}

/** The app's tracer and instruments are made again from the new globals. */
function resetApi(): void {
  resetTracer();
  resetInstruments();
}

/** Exporters reject with one error or an array of them. */
function describe(error: unknown): string {
  const errors = Array.isArray(error) ? error : [error];
  return errors.map((e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e))).join('; ');
}
