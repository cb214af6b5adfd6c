import { z } from 'zod';
import { parseTemplateOverrides } from './conversation/prompt-templates';
import { e164PhoneSchema } from './domain/phone';
import { envBoolean, envNumber, optionalText, optionalUrl, port, seconds } from './config-fields';
import { featuresSchema } from './config-features';

/**
 * Every setting the app reads, its type, its default and what it is for (the README lists them too).
 * How the values are gathered (defaults, the config file, env) is `config.ts`.
 */

const llmModelSchema = z.strictObject({
  endpoint: optionalUrl(),
  api_key: optionalText(),
  model: optionalText(),
  /** Set for Azure OpenAI: the API version its endpoint expects. */
  azure_api_version: optionalText(),
});

export const configSchema = z.strictObject({
  host: z
    .strictObject({
      port: port.default(7071),
      /** 127.0.0.1 keeps the local host private; binding elsewhere requires `api_key`. */
      bind: z.string().trim().min(1).default('127.0.0.1'),
      /** Required on every `/api/call*` request when bound beyond loopback (header `x-api-key`). */
      api_key: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
      /** The URL callers' phones and ACS reach this app at; defaults to http://localhost:PORT. */
      public_url: optionalUrl(),
      /**
       * Media processes the calls' audio work is spread over (local/media-workers.ts). Unset: one per
       * core; 0 or 1: in the main process.
       */
      media_workers: envNumber(z.number().int().min(0).max(64)).optional(),
      /**
       * With media processes: the main process keeps this many calls' audio itself (the first ones, and
       * again whenever it has fewer). Such a call answers without two IPC hops (one call's turn overhead
       * p95 3.4 ms in the main process against 5.3–6.7 in a media process, bench/README.md); beyond them,
       * calls go to the media processes. 0: every call to a media process.
       */
      media_calls_in_main: envNumber(z.number().int().min(0).max(1000)).default(4),
    })
    .prefault({}),
  /** Where the embedded defaults keep their files (SQLite database, generated secrets). */
  data_dir: z.string().trim().min(1).default('.data'),
  store: z
    .strictObject({
      /** sqlite unless a Cosmos DB endpoint is configured. */
      backend: z.enum(['sqlite', 'cosmos']).optional(),
      sqlite_path: optionalText(),
      cosmos: z
        .strictObject({
          endpoint: optionalUrl(),
          /** The account key. Without one, the app's Entra ID identity (`identity`) authenticates. */
          key: optionalText(),
          database: z.string().min(1).default('callcenter'),
          container: z.string().min(1).default('calls'),
        })
        .prefault({}),
    })
    .prefault({}),
  telephony: z
    .strictObject({
      /** local: the local phone network (browser softphone, tests). acs: Azure Communication Services. */
      backend: z.enum(['local', 'acs']).default('local'),
      acs: z
        .strictObject({
          connection_string: optionalText(),
          /**
           * `https://<resource>.communication.azure.com`: with no connection string, Call Automation (and
           * ACS SMS) authenticate with the app's Entra ID identity (`identity`).
           */
          endpoint: optionalUrl(),
          /** The E.164 number the ACS resource owns: callers see it, and it answers inbound calls. */
          phone_number: e164PhoneSchema.optional(),
          /** The ACS resource's immutable id: the audience of the JWT on every ACS callback. */
          resource_id: optionalText(),
          /** Azure AI services endpoint, for ACS's own speech features. */
          cognitive_services_endpoint: optionalUrl(),
          /**
           * Stream each call's audio both ways to this host's `/api/media/{call_id}` (the local host
           * deployed as a media bridge, where the voice loop runs). Off on Functions, which cannot hold
           * a WebSocket.
           */
          media_bridge: envBoolean().default(false),
          /**
           * The serverless voice loop (the default voice path on Azure): ACS streams each call's real-time
           * transcription to this Azure Web PubSub hub, whose upstream invokes the app for every frame,
           * and the bot speaks with Call Automation play. Needs `cognitive_services_endpoint`.
           */
          web_pubsub: z
            .strictObject({
              /** `Endpoint=https://<name>.webpubsub.azure.com;AccessKey=...;Version=1.0;` */
              connection_string: optionalText(),
              /**
               * `https://<name>.webpubsub.azure.com`: with no connection string, client tokens are asked
               * of the service with the app's Entra ID identity. Upstream requests are then checked by the
               * Functions Web PubSub extension (Azure), not by this app.
               */
              endpoint: optionalUrl(),
              hub: z
                .string()
                .regex(/^[A-Za-z][A-Za-z0-9_]{0,127}$/, { error: 'is not a Web PubSub hub name' })
                .default('calls'),
            })
            .prefault({}),
        })
        .prefault({}),
    })
    .prefault({}),
  security: z
    .strictObject({
      /** Base64, 32+ random bytes: derives each call's callback secret. Generated locally if unset. */
      callback_secret: optionalText(),
      /** Base64, 32+ random bytes: signs report links. Generated locally if unset. */
      report_secret: optionalText(),
    })
    .prefault({}),
  sms: z
    .strictObject({
      /** outbox (embedded: kept on the call, shown locally) unless ACS or Twilio is configured. */
      backend: z.enum(['outbox', 'acs', 'twilio']).optional(),
      acs: z
        .strictObject({ connection_string: optionalText(), from: e164PhoneSchema.optional() })
        .prefault({}),
      twilio: z
        .strictObject({
          account_sid: optionalText(),
          auth_token: optionalText(),
          from: e164PhoneSchema.optional(),
        })
        .prefault({}),
    })
    .prefault({}),
  recording: z
    .strictObject({
      /** Local recordings (a stereo WAV per call session, when `recording_enabled`): folder under data_dir. */
      dir: z.string().trim().min(1).default('recordings'),
      /**
       * ACS: the Azure Blob container Call Automation writes recordings to (ACS's managed identity needs
       * Storage Blob Data Contributor on it). None: ACS keeps them in its own storage (24 hours).
       */
      container_url: optionalUrl(),
    })
    .prefault({}),
  report: z
    .strictObject({
      /** How long the link in the report SMS works. */
      link_ttl_hours: seconds(1).default(72),
    })
    .prefault({}),
  workflow: z
    .strictObject({
      /** How long an outbound call rings before it ends as not answered. */
      ring_timeout_sec: seconds(0.1).default(60),
      /** A connected call is hung up after this long, whatever happens. */
      max_call_duration_sec: seconds(1).default(3_600),
    })
    .prefault({}),
  conversation: z
    .strictObject({
      /** Who `notify_emergencies` alerts by SMS (E.164). Without one, emergencies are only recorded. */
      emergency_contact_phone_number: e164PhoneSchema.optional(),
      /**
       * Prompt templates replacing the defaults, by name (system, hello, hello_resumed, filler, goodbye,
       * refusal, timeout, silence, error), each a list of variants picked at random.
       */
      prompts: z
        .unknown()
        .optional()
        .superRefine((value, ctx) => {
          if (value === undefined) return;
          const parsed = parseTemplateOverrides(value);
          if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
        }),
      /** Model-tool round trips allowed in one turn before the bot answers with what it has. */
      max_tool_iterations: envNumber(z.number().int().min(1).max(20)).default(5),
      /**
       * A call offering more than one language opens with a menu (keypad 1-9 or the language's name)
       * before the hello, as the original's IVR. Off by default: the default request offers four.
       */
      language_menu: envBoolean().default(false),
    })
    .prefault({}),
  /** Who the bot is on calls people place to it (outbound calls say it in their request). */
  inbound: z
    .strictObject({
      bot_company: z.string().trim().min(1).max(100).default('Contoso'),
      bot_name: z.string().trim().min(1).max(100).default('Amélie'),
      /** Where `talk_to_human` transfers the caller. */
      agent_phone_number: e164PhoneSchema.default('+14255550100'),
      task: z.string().trim().min(1).max(4_000).optional(),
    })
    .prefault({}),
  features: featuresSchema.prefault({}),
  /**
   * Where feature flags are read live: App Configuration when a connection string or an endpoint is set,
   * else this config. On App Configuration, booleans are feature flags (`.appconfig.featureflag/<name>`,
   * the portal's Feature manager) or key-values, numbers key-values.
   */
  flags: z
    .strictObject({
      app_configuration: z
        .strictObject({
          connection_string: optionalText(),
          /** `https://<name>.azconfig.io`: with no connection string, read with the app's Entra ID identity. */
          endpoint: optionalUrl(),
          /**
           * A key whose change makes the app re-read every flag (checked every refresh_interval_sec: one
           * request instead of three). Unset: every flag is re-read each time.
           */
          sentinel_key: optionalText(),
          /** Keys are `<key_prefix><flag name>`, e.g. `callcenter:vad_threshold`; default: the bare names. */
          key_prefix: z.string().optional(),
          /** Only settings with this label; default: settings without a label. */
          label: z.string().optional(),
        })
        .prefault({}),
      /** How often flags are re-read (the config file is also watched for changes). */
      refresh_interval_sec: seconds(1).default(60),
    })
    .prefault({}),
  llm: z
    .strictObject({
      fast: llmModelSchema.prefault({}),
      slow: llmModelSchema.prefault({}),
    })
    .prefault({}),
  /** The voice loop's speech providers. Nothing to set locally: Flite speaks, the softphone types. */
  speech: z
    .strictObject({
      tts: z
        .strictObject({
          /**
           * auto: Azure Speech when a key is set; otherwise Flite (in process) for English and espeak-ng
           * (when installed) for other languages.
           */
          backend: z.enum(['auto', 'flite', 'espeak', 'azure']).default('auto'),
          azure: z
            .strictObject({
              /** e.g. westeurope; or `endpoint` for a custom one. */
              region: optionalText(),
              endpoint: optionalUrl(),
              key: optionalText(),
              /**
               * Without a key: the Speech resource's id (/subscriptions/…/accounts/NAME), so that the app's
               * Entra ID token works on a region (`aad#<id>#<token>`). A custom-domain endpoint needs none.
               */
              resource_id: optionalText(),
            })
            .prefault({}),
        })
        .prefault({}),
      stt: z
        .strictObject({
          /**
           * embedded: PocketSphinx in process, a grammar per question (English; free text is typed). openai:
           * any OpenAI-compatible transcription endpoint. azure: Azure Speech, streamed. none: the caller
           * types. Default: openai when its endpoint is set, else azure when a Speech key is, else embedded.
           */
          backend: z.enum(['none', 'embedded', 'openai', 'azure']).optional(),
          /** Azure Speech; key and region default to speech.tts.azure's (AZURE_SPEECH_KEY, AZURE_SPEECH_REGION). */
          azure: z
            .strictObject({
              region: optionalText(),
              /** A custom endpoint (wss://...), instead of the region's. */
              endpoint: optionalUrl(),
              key: optionalText(),
            })
            .prefault({}),
          openai: z
            .strictObject({
              endpoint: optionalUrl(),
              api_key: optionalText(),
              model: z.string().trim().min(1).default('whisper-1'),
              /** Set for Azure OpenAI: the API version its endpoint expects. */
              azure_api_version: optionalText(),
            })
            .prefault({}),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Document search (the `search_document` tool): offered only when a backend is configured. */
  search: z
    .strictObject({
      /**
       * sqlite: the `docs_dir` folder indexed with SQLite FTS5. azure: an Azure AI Search index. Default:
       * azure when an endpoint is set, sqlite when a docs folder is, else none (no search tool).
       */
      backend: z.enum(['none', 'sqlite', 'azure']).optional(),
      /** A folder of `.md` and `.txt` files, relative to the working directory; re-indexed when opened. */
      docs_dir: optionalText(),
      /** The index's SQLite file; default `search.sqlite` in `data_dir`. */
      sqlite_path: optionalText(),
      azure: z
        .strictObject({
          endpoint: optionalUrl(),
          /** A query key is enough: the index is only read. Without one, the app's Entra ID identity reads. */
          key: optionalText(),
          index: optionalText(),
          /** The index's semantic configuration: results re-ranked, captions as snippets. */
          semantic_configuration: optionalText(),
          /** A vector field with a vectorizer: the query also runs as a vector query (hybrid search). */
          vector_field: optionalText(),
          title_field: z.string().trim().min(1).default('title'),
          content_field: z.string().trim().min(1).default('content'),
          source_field: z.string().trim().min(1).default('source'),
        })
        .prefault({}),
    })
    .prefault({}),
  /** The app's Entra ID identity, used by every Azure backend configured with an endpoint and no key. */
  identity: z
    .strictObject({
      /** A user-assigned managed identity's client id; unset: the system-assigned identity (or `az login`). */
      client_id: z
        .string()
        .trim()
        .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
          error: 'expected a managed identity client id (a GUID)',
        })
        .optional(),
    })
    .prefault({}),
  log: z
    .strictObject({
      level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    })
    .prefault({}),
  /** OpenTelemetry traces and metrics (shared/telemetry): off (a no-op) unless an exporter is set. */
  telemetry: z
    .strictObject({
      /** Application Insights, through @azure/monitor-opentelemetry (the infra sets it on the Function app). */
      azure_monitor_connection_string: optionalText(),
      /** Any OTLP/HTTP collector's base URL (`/v1/traces` and `/v1/metrics` are appended), JSON encoding. */
      otlp_endpoint: optionalUrl(),
      /** `service.name` on every span and metric. */
      service_name: z.string().trim().min(1).default('call-center-ai'),
      /** How often metrics are exported. */
      metrics_interval_sec: seconds(1).default(60),
    })
    .prefault({}),
  /** `/api/health/ready`: how long each backend has to answer. */
  readiness: z
    .strictObject({
      timeout_ms: envNumber(z.number().int().min(50).max(30_000)).default(2_000),
    })
    .prefault({}),
});
export type Config = z.infer<typeof configSchema>;
