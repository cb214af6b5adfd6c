// The Function App's complete set of app settings. This resource replaces whatever is there, so a setting
// added by hand in the portal is gone after the next deployment: add it here instead. Feature flags are
// deliberately absent: they live in App Configuration, and a FEATURES__* setting here would override (and
// on every deploy reset) what is toggled there.
//
// One `{ name: '<SETTING>', value: <value> }` per line: test/infra/drift.test.ts reads the names from this file
// and checks each against what the app's config (shared/config.ts) reads.
// Services are reached with the app's managed identity (endpoints only, roles in roles.bicep); the only
// secrets are Key Vault references: our own two signing secrets, and Web PubSub's connection string, whose
// access key the Functions Web PubSub extension needs to check each upstream request's signature.
// Follows: Azure-Samples/functions-quickstart-typescript-azd (identity-based AzureWebJobsStorage on Flex).

param appName string
param storageName string
param appInsightsName string
param cosmosEndpoint string
param acsEndpoint string
param appConfigurationEndpoint string
@description('The App Configuration key whose change makes the app re-read the flags.')
param sentinelKey string
param cosmosDatabaseName string
param cosmosContainerName string
param acsImmutableResourceId string
param acsPhoneNumber string
param acsPhoneNumberHasSms bool
param aiServicesEndpoint string
param openAiEndpoint string
param fastDeployment string
param slowDeployment string
param openAiApiVersion string
param webPubSubHub string
param searchEndpoint string
param searchIndex string
@description('Blob container ACS writes call recordings to (recordings.bicep); read when recording_enabled is on.')
param recordingContainerUrl string
@description('Versionless Key Vault secret URIs by secret name (key-vault.bicep).')
param secretUris object

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: appName
}
resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// Key Vault references: the platform swaps each for the secret, read with the app's identity.
var vaultRefs = toObject(items(secretUris), (s) => s.key, (s) => '@Microsoft.KeyVault(SecretUri=${s.value})')

var always = [
  // Functions host and Durable Functions: storage through the managed identity (shared keys are off).
  { name: 'AzureWebJobsStorage__accountName', value: storageName }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
  // The app's config (shared/config.ts): aliases (ENV_ALIASES) or SECTION__KEY.
  { name: 'PUBLIC_URL', value: 'https://${app.properties.defaultHostName}' }
  { name: 'LOG_LEVEL', value: 'info' }
  { name: 'CALLBACK_SECRET', value: vaultRefs['callback-secret'] }
  { name: 'REPORT_SECRET', value: vaultRefs['report-secret'] }
  { name: 'STORE__BACKEND', value: 'cosmos' }
  { name: 'COSMOS_ENDPOINT', value: cosmosEndpoint }
  { name: 'STORE__COSMOS__DATABASE', value: cosmosDatabaseName }
  { name: 'STORE__COSMOS__CONTAINER', value: cosmosContainerName }
  { name: 'WORKFLOW__RING_TIMEOUT_SEC', value: '60' }
  { name: 'RECORDING__CONTAINER_URL', value: recordingContainerUrl }
  { name: 'LLM__FAST__ENDPOINT', value: openAiEndpoint }
  { name: 'LLM__FAST__MODEL', value: fastDeployment }
  { name: 'LLM__FAST__AZURE_API_VERSION', value: openAiApiVersion }
  { name: 'LLM__SLOW__ENDPOINT', value: openAiEndpoint }
  { name: 'LLM__SLOW__MODEL', value: slowDeployment }
  { name: 'LLM__SLOW__AZURE_API_VERSION', value: openAiApiVersion }
  { name: 'APP_CONFIGURATION_ENDPOINT', value: appConfigurationEndpoint }
  { name: 'FLAGS__APP_CONFIGURATION__SENTINEL_KEY', value: sentinelKey }
  { name: 'ACS_ENDPOINT', value: acsEndpoint }
  { name: 'ACS_RESOURCE_ID', value: acsImmutableResourceId }
  { name: 'COGNITIVE_SERVICES_ENDPOINT', value: aiServicesEndpoint }
  // Also the Web PubSub extension's connection: it checks every upstream request's signature with its key.
  { name: 'WEB_PUBSUB_CONNECTION_STRING', value: vaultRefs['web-pubsub-connection-string'] }
  { name: 'WEB_PUBSUB_HUB', value: webPubSubHub }
]

// ACS telephony once a number is bought; until then the app keeps the local phone network and only the
// HTTP API is useful (infra/README.md, "The one manual step").
var withNumber = empty(acsPhoneNumber) ? [] : [
  { name: 'TELEPHONY__BACKEND', value: 'acs' }
  { name: 'ACS_PHONE_NUMBER', value: acsPhoneNumber }
]

// Texts go out through ACS from the same number, when it has the SMS capability.
var withSms = empty(acsPhoneNumber) || !acsPhoneNumberHasSms ? [] : [
  { name: 'SMS__BACKEND', value: 'acs' }
]

var withSearch = empty(searchEndpoint) ? [] : [
  { name: 'AZURE_SEARCH_ENDPOINT', value: searchEndpoint }
  { name: 'AZURE_SEARCH_INDEX', value: searchIndex }
]

var settings = concat(always, withNumber, withSms, withSearch)

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: toObject(settings, (s) => s.name, (s) => s.value)
}
