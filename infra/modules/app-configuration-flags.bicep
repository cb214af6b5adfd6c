// The feature flags' first values, seeded once (main.bicep deploys this module only when seedFeatureFlags
// is true; the azd postprovision hook turns it off after the first provision). A keyValues PUT replaces the
// value, so deploying this again would reset every flag toggled in the portal.
//
// Keys are the bare flag names, values their text: exactly what the app reads (listConfigurationSettings by
// key, null label; the same schema as FEATURES__* env vars converts them). Booleans stay key-values rather
// than App Configuration feature flags (`.appconfig.featureflag/<name>`), because the app does not read
// the feature-flag format (infra/README.md, "Known gaps").
// Follows: Azure/azure-quickstart-templates quickstarts/microsoft.appconfiguration/app-configuration-store-kv.

param storeName string

// Names and defaults: README.md "Feature flags" and featuresSchema in shared/config.ts (the drift test
// checks that both agree with this list).
var flags = [
  { key: 'answer_hard_timeout_sec', value: '15' }
  { key: 'answer_soft_timeout_sec', value: '4' }
  { key: 'callback_timeout_hour', value: '3' }
  { key: 'phone_silence_timeout_sec', value: '20' }
  { key: 'recognition_retry_max', value: '3' }
  { key: 'recognition_stt_complete_timeout_ms', value: '100' }
  { key: 'recording_enabled', value: 'false' }
  { key: 'slow_llm_for_chat', value: 'false' }
  { key: 'vad_cutoff_timeout_ms', value: '250' }
  { key: 'vad_silence_timeout_ms', value: '500' }
  { key: 'vad_threshold', value: '0.5' }
]

resource store 'Microsoft.AppConfiguration/configurationStores@2024-05-01' existing = {
  name: storeName
}

resource keyValues 'Microsoft.AppConfiguration/configurationStores/keyValues@2024-05-01' = [
  for flag in flags: {
    parent: store
    name: flag.key
    properties: {
      value: flag.value
    }
  }
]
