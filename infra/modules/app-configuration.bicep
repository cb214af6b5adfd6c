// Azure App Configuration: where the 11 feature flags live, toggled in the portal and read live by the app
// (shared/providers/flags/app-configuration.ts, re-read every flags.refresh_interval_sec, 60 s by default).
// The store only: the flag values are seeded once by app-configuration-flags.bicep, so a redeploy never
// overwrites what was toggled.
// Follows: Azure/azure-quickstart-templates quickstarts/microsoft.appconfiguration/app-configuration-store-kv.

param location string
param tags object
param name string
@description('free: 1,000 requests a day (the app reads the flags every 60 s per instance, which exceeds it); standard: 200,000 a day included.')
param sku string

resource store 'Microsoft.AppConfiguration/configurationStores@2024-05-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    // The app reads with its managed identity (APP_CONFIGURATION_ENDPOINT, role App Configuration Data
    // Reader). Access keys stay on because the template writes the flags' first values through ARM, whose
    // data-plane proxy uses them in its default ('Local') authentication mode.
    disableLocalAuth: false
  }
}

output name string = store.name
output id string = store.id
output endpoint string = store.properties.endpoint
