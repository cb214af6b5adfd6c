// The feature flags' first values, seeded once (main.bicep deploys this module only when seedFeatureFlags
// is true; the azd postprovision hook turns it off after the first provision). A keyValues PUT replaces the
// value, so deploying this again would reset every flag toggled in the portal.
//
// Booleans are App Configuration feature flags (the portal's Feature manager toggles them): key
// `.appconfig.featureflag/<name>` (written `~2F` in the resource name, as the sample does), content type
// `application/vnd.microsoft.appconfig.ff+json;charset=utf-8`, value {"id", "enabled", "conditions"}.
// Numbers are key-values named after the flag (Configuration explorer). No label. This is what the app
// reads (shared/providers/flags/app-configuration.ts). The sentinel key: the app re-reads the flags when it
// changes (FLAGS__APP_CONFIGURATION__SENTINEL_KEY); change it after toggling flags.
// Follows: Azure/azure-quickstart-templates quickstarts/microsoft.appconfiguration/app-configuration-store-ff
// (feature flags) and app-configuration-store-kv (key-values).

param storeName string
param sentinelKey string

// Names and defaults: README.md "Feature flags" and featuresSchema in shared/config.ts (the drift test
// checks that both agree with these lists).
var numbers = [
  { key: 'answer_hard_timeout_sec', value: '15' }
  { key: 'answer_soft_timeout_sec', value: '4' }
  { key: 'callback_timeout_hour', value: '3' }
  { key: 'phone_silence_timeout_sec', value: '20' }
  { key: 'recognition_retry_max', value: '3' }
  { key: 'recognition_stt_complete_timeout_ms', value: '100' }
  { key: 'vad_cutoff_timeout_ms', value: '250' }
  { key: 'vad_silence_timeout_ms', value: '500' }
  { key: 'vad_threshold', value: '0.5' }
]
var booleans = [
  { key: 'recording_enabled', value: 'false' }
  { key: 'slow_llm_for_chat', value: 'false' }
]

resource store 'Microsoft.AppConfiguration/configurationStores@2024-05-01' existing = {
  name: storeName
}

resource keyValues 'Microsoft.AppConfiguration/configurationStores/keyValues@2024-05-01' = [
  for flag in numbers: {
    parent: store
    name: flag.key
    properties: {
      value: flag.value
    }
  }
]

resource featureFlags 'Microsoft.AppConfiguration/configurationStores/keyValues@2024-05-01' = [
  for flag in booleans: {
    parent: store
    name: '.appconfig.featureflag~2F${flag.key}'
    properties: {
      value: string({
        id: flag.key
        description: ''
        enabled: bool(flag.value)
        conditions: {
          client_filters: []
        }
      })
      contentType: 'application/vnd.microsoft.appconfig.ff+json;charset=utf-8'
    }
  }
]

resource sentinel 'Microsoft.AppConfiguration/configurationStores/keyValues@2024-05-01' = {
  parent: store
  name: sentinelKey
  properties: {
    value: '1'
  }
}
