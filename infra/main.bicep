// Azure resources for the AI phone call center, one module per concern (infra/modules/): the Functions app
// (Flex Consumption, Node 22) with its storage (also the Durable Functions task hub) and monitoring, Cosmos
// DB for the call store, Azure Communication Services, AI Services (the speech ACS uses on calls), Azure
// OpenAI (fast and slow models), Web PubSub (the serverless voice loop), App Configuration (feature
// flags), Key Vault (our own secrets), and optionally AI Search. The app reaches every service with its
// managed identity (endpoints in its settings, roles in modules/roles.bicep), except Web PubSub's upstream
// signature check, which needs the access key. Deploy into a resource group with `azd up`
// (azure.yaml) or `az deployment group create`; see infra/README.md.
//
// The Web PubSub event handler and the Event Grid subscriptions need the deployed code: they are in
// infra/events.bicep, deployed after the code by the azd postdeploy hook.
//
// Not compiled here (no Bicep CLI was available when it was written): run `az bicep build -f infra/main.bicep`
// and `az deployment group what-if` before the first deployment.

targetScope = 'resourceGroup'

@description('Region of every regional resource. It must offer the Flex Consumption plan (`az functionapp list-flexconsumption-locations`) and the OpenAI models below.')
param location string = resourceGroup().location

@description('Short name prefix: lowercase letters, digits and hyphens, starting with a letter. At most 12 characters so that every derived name fits its limit.')
@minLength(2)
@maxLength(12)
param prefix string = 'callcenter'

@description('Where Azure Communication Services keeps data at rest, e.g. Europe, United States, UK, France, Germany, Switzerland, Norway, Australia, Japan.')
param acsDataLocation string = 'Europe'

@description('Optional. The ACS phone number (E.164, e.g. +33123456789) once bought; switches the app to ACS telephony (TELEPHONY__BACKEND=acs, ACS_PHONE_NUMBER). Leave empty on the first deployment.')
param acsPhoneNumber string = ''

@description('Whether the number has the SMS capability: texts then go out through ACS (SMS__BACKEND=acs) instead of the outbox.')
param acsPhoneNumberHasSms bool = false

@description('Base64 of 32+ random bytes: derives the per-call secret of every ACS callback URL. Generated once by the azd preprovision hook; keep it across deployments (a new one breaks the callbacks of calls in progress).')
@secure()
param callbackSecret string

@description('Base64 of 32+ random bytes: signs the report links sent by SMS. Generated once by the azd preprovision hook; a new one invalidates the links already sent.')
@secure()
param reportSecret string

@description('Write the feature flags\' default values into App Configuration. True on the first deployment only: it would reset every flag toggled since (the azd postprovision hook sets it to false).')
param seedFeatureFlags bool = true

@description('The fast model: the conversation. Deployment name, model name and version, SKU and capacity (thousands of tokens per minute).')
param fastModel object = {
  deployment: 'gpt-4o-mini'
  name: 'gpt-4o-mini'
  version: '2024-07-18'
  sku: 'GlobalStandard'
  capacity: 50
}

@description('The slow model: post-call insights, and the conversation with the slow_llm_for_chat flag.')
param slowModel object = {
  deployment: 'gpt-4o'
  name: 'gpt-4o'
  version: '2024-11-20'
  sku: 'GlobalStandard'
  capacity: 30
}

@description('The Azure OpenAI data-plane API version the app calls (llm.*.azure_api_version).')
param openAiApiVersion string = '2024-10-21'

@description('Web PubSub SKU: Standard_S1 (1,000 connections, 1,000,000 messages a day per unit) or Free_F1 (20 connections, 20,000 messages a day, no SLA: a demo only).')
@allowed([
  'Free_F1'
  'Standard_S1'
])
param webPubSubSku string = 'Standard_S1'

@description('App Configuration SKU. The app reads the flags every 60 s per instance, beyond the free tier\'s 1,000 requests a day.')
@allowed([
  'free'
  'standard'
])
param appConfigurationSku string = 'standard'

@description('Deploy Azure AI Search (Basic) for the search_document tool. The index is created by the azd postdeploy hook from infra/search-index.json.')
param enableSearch bool = false

@description('The AI Search index the app queries.')
param searchIndex string = 'documents'

@description('Always-ready instances for the HTTP functions. 0 scales to zero (cheapest); 1 avoids a cold start when a call comes in, but is billed while idle.')
@minValue(0)
@maxValue(10)
param alwaysReadyHttpInstances int = 0

@description('Upper bound on Flex Consumption instances.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

// uniqueString is stable for a given resource group, so redeploying updates the same resources.
var suffix = uniqueString(resourceGroup().id)
var namePrefix = toLower(prefix)
var compactPrefix = take(replace(namePrefix, '-', ''), 9)
var names = {
  // Storage account names: 3-24 characters, lowercase letters and digits only. 2 + 9 + 13 = 24 at most.
  storage: 'st${compactPrefix}${suffix}'
  logAnalytics: '${namePrefix}-log-${suffix}'
  appInsights: '${namePrefix}-appi-${suffix}'
  cosmos: '${namePrefix}-cosmos-${suffix}' // 3-44, lowercase letters, digits, hyphens
  acs: '${namePrefix}-acs-${suffix}' // 1-63, letters, digits, hyphens
  aiServices: '${namePrefix}-ai-${suffix}' // also its custom subdomain: 2-64
  openAi: '${namePrefix}-oai-${suffix}'
  webPubSub: '${namePrefix}-wps-${suffix}' // 3-63
  appConfiguration: '${namePrefix}-appcs-${suffix}' // 5-50
  search: '${namePrefix}-srch-${suffix}' // 2-60, lowercase
  // Key Vault names: 3-24, letters, digits, hyphens. 'kv-' + 9 + 13 = 25: one character less of prefix.
  keyVault: 'kv${compactPrefix}${suffix}'
  plan: '${namePrefix}-plan-${suffix}'
  functionApp: '${namePrefix}-func-${suffix}' // at most 31: under the 32 characters the Functions host ID keeps
}
var tags = {
  'azd-env-name': namePrefix
}

// The hub the transcriptions stream through (functions/voice.ts reads WEB_PUBSUB_HUB at load).
var webPubSubHub = 'calls'
// Changing this App Configuration key makes every instance re-read the flags within a minute.
var sentinelKey = 'sentinel'
// Flex Consumption runs the app from a zip package in this blob container.
var deploymentContainerName = 'app-package'

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    name: names.storage
    deploymentContainerName: deploymentContainerName
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    logAnalyticsName: names.logAnalytics
    appInsightsName: names.appInsights
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    location: location
    tags: tags
    name: names.cosmos
    // The names the app's config defaults to (shared/config.ts); the app settings pass them anyway.
    databaseName: 'callcenter'
    containerName: 'calls'
  }
}

module communication 'modules/communication.bicep' = {
  name: 'communication'
  params: {
    tags: tags
    name: names.acs
    dataLocation: acsDataLocation
  }
}

module aiServices 'modules/ai-services.bicep' = {
  name: 'ai-services'
  params: {
    location: location
    tags: tags
    name: names.aiServices
  }
}

module openAi 'modules/openai.bicep' = {
  name: 'openai'
  params: {
    location: location
    tags: tags
    name: names.openAi
    fastModel: fastModel
    slowModel: slowModel
  }
}

module webPubSub 'modules/web-pubsub.bicep' = {
  name: 'web-pubsub'
  params: {
    location: location
    tags: tags
    name: names.webPubSub
    sku: webPubSubSku
    capacity: 1
  }
}

module appConfiguration 'modules/app-configuration.bicep' = {
  name: 'app-configuration'
  params: {
    location: location
    tags: tags
    name: names.appConfiguration
    sku: appConfigurationSku
  }
}

module featureFlags 'modules/app-configuration-flags.bicep' = if (seedFeatureFlags) {
  name: 'feature-flags'
  params: {
    storeName: appConfiguration.outputs.name
    sentinelKey: sentinelKey
  }
}

module search 'modules/search.bicep' = if (enableSearch) {
  name: 'search'
  params: {
    location: location
    tags: tags
    name: names.search
  }
}

var searchName = enableSearch ? names.search : ''

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    location: location
    tags: tags
    name: names.keyVault
    callbackSecret: callbackSecret
    reportSecret: reportSecret
    webPubSubName: webPubSub.outputs.name
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    location: location
    tags: tags
    planName: names.plan
    appName: names.functionApp
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
    maximumInstanceCount: maximumInstanceCount
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    appPrincipalId: functionApp.outputs.principalId
    acsPrincipalId: communication.outputs.principalId
    acsName: communication.outputs.name
    storageName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    aiServicesName: aiServices.outputs.name
    openAiName: openAi.outputs.name
    appConfigurationName: appConfiguration.outputs.name
    cosmosName: cosmos.outputs.name
    webPubSubName: webPubSub.outputs.name
    searchName: searchName
  }
  dependsOn: [
    search
  ]
}

// Call recordings (flag recording_enabled): a private container ACS writes to with its own identity.
module recordings 'modules/recordings.bicep' = {
  name: 'recordings'
  params: {
    storageName: storage.outputs.name
    acsPrincipalId: communication.outputs.principalId
  }
}

// Applied once the app may read its storage and its secrets (role assignments can still take a few minutes
// to propagate: infra/README.md, "Troubleshooting").
module appSettings 'modules/app-settings.bicep' = {
  name: 'app-settings'
  params: {
    appName: functionApp.outputs.name
    storageName: storage.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    cosmosEndpoint: cosmos.outputs.endpoint
    acsEndpoint: communication.outputs.endpoint
    appConfigurationEndpoint: appConfiguration.outputs.endpoint
    sentinelKey: sentinelKey
    cosmosDatabaseName: cosmos.outputs.databaseName
    cosmosContainerName: cosmos.outputs.containerName
    acsImmutableResourceId: communication.outputs.immutableResourceId
    acsPhoneNumber: acsPhoneNumber
    acsPhoneNumberHasSms: acsPhoneNumberHasSms
    aiServicesEndpoint: aiServices.outputs.endpoint
    openAiEndpoint: openAi.outputs.endpoint
    fastDeployment: openAi.outputs.fastDeployment
    slowDeployment: openAi.outputs.slowDeployment
    openAiApiVersion: openAiApiVersion
    webPubSubHub: webPubSubHub
    searchEndpoint: enableSearch ? 'https://${names.search}.search.windows.net' : ''
    searchIndex: searchIndex
    recordingContainerUrl: recordings.outputs.containerUrl
    secretUris: keyVault.outputs.secretUris
  }
  dependsOn: [
    roles
  ]
}

// Outputs: azd stores them in the environment (.azure/<env>/.env), where the hooks read them.
output AZURE_LOCATION string = location
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_API_URL string = 'https://${functionApp.outputs.hostName}'
output AZURE_ACS_NAME string = communication.outputs.name
output AZURE_WEB_PUBSUB_NAME string = webPubSub.outputs.name
output WEB_PUBSUB_HUB string = webPubSubHub
output AZURE_APP_CONFIGURATION_NAME string = appConfiguration.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_SEARCH_NAME string = searchName
output AZURE_SEARCH_INDEX string = searchIndex
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
