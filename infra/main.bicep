// Azure resources for the AI phone call center: the Functions app (Flex Consumption, Node 22) and what it
// needs — host storage (also the Durable Functions task hub), monitoring, Cosmos DB for the call store and
// Azure Communication Services for telephony. Deploy into an existing resource group; see infra/README.md.
//
// Not compiled here (no Bicep CLI was available when it was written): run `az bicep build -f infra/main.bicep`
// and `az deployment group what-if` before the first deployment.

targetScope = 'resourceGroup'

@description('Region of every regional resource. It must offer the Flex Consumption plan: `az functionapp list-flexconsumption-locations`.')
param location string = resourceGroup().location

@description('Short name prefix: lowercase letters, digits and hyphens, starting with a letter. At most 12 characters so that every derived name fits its limit.')
@minLength(2)
@maxLength(12)
param prefix string = 'callcenter'

@description('Where Azure Communication Services keeps data at rest, e.g. Europe, United States, UK, France, Germany, Switzerland, Norway, Australia, Japan.')
param acsDataLocation string = 'Europe'

@description('Optional. The ACS phone number (E.164, e.g. +33123456789) once bought; switches the app to ACS telephony (app settings TELEPHONY__BACKEND=acs, ACS_PHONE_NUMBER). Leave empty on the first deployment.')
param acsPhoneNumber string = ''

@description('Base64 of 32+ random bytes (`openssl rand -base64 32`): derives the per-call secret of every ACS callback URL. Keep it across deployments: changing it breaks the callbacks of calls in progress.')
@secure()
param callbackSecret string

@description('Base64 of 32+ random bytes (`openssl rand -base64 32`): signs the report links sent by SMS. Keep it across deployments: a new one invalidates the links already sent.')
@secure()
param reportSecret string

@description('Always-ready instances for the HTTP functions. 0 scales to zero (cheapest); 1 avoids a cold start when a call comes in, but is billed while idle.')
@minValue(0)
@maxValue(10)
param alwaysReadyHttpInstances int = 0

// uniqueString is stable for a given resource group, so redeploying updates the same resources.
var suffix = uniqueString(resourceGroup().id)
var namePrefix = toLower(prefix)
var names = {
  // Storage account names: 3-24 characters, lowercase letters and digits only. 2 + 9 + 13 = 24 at most.
  storage: 'st${take(replace(namePrefix, '-', ''), 9)}${suffix}'
  logAnalytics: '${namePrefix}-log-${suffix}'
  appInsights: '${namePrefix}-appi-${suffix}'
  cosmos: '${namePrefix}-cosmos-${suffix}' // 3-44, lowercase letters, digits, hyphens
  acs: '${namePrefix}-acs-${suffix}' // 1-63, letters, digits, hyphens
  plan: '${namePrefix}-plan-${suffix}'
  functionApp: '${namePrefix}-func-${suffix}' // at most 31: under the 32 characters the Functions host ID keeps
}

// The names the app's config defaults to (shared/config.ts); the app settings pass them explicitly anyway.
var cosmosDatabaseName = 'callcenter'
var cosmosContainerName = 'calls'

// Flex Consumption runs the app from a zip package in this blob container.
var deploymentContainerName = 'app-package'

// ---------------------------------------------------------------------------------------------------------
// Storage: Functions host (keys, leases, timers), Durable Functions task hub (queues, tables, blobs) and the
// deployment package. The app reaches it with its managed identity only, so shared keys are turned off.
// ---------------------------------------------------------------------------------------------------------
resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: names.storage
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

// ---------------------------------------------------------------------------------------------------------
// Monitoring: a workspace-based Application Insights (classic, workspace-less components are retired).
// ---------------------------------------------------------------------------------------------------------
resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: names.logAnalytics
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: names.appInsights
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
  }
}

// ---------------------------------------------------------------------------------------------------------
// Cosmos DB for NoSQL, serverless: a call center's traffic is bursty and mostly idle, so paying per request
// beats provisioned RU/s. One item per call, partitioned by call_id (see shared/providers/store/cosmos.ts).
// ---------------------------------------------------------------------------------------------------------
resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: names.cosmos
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    capabilities: [
      {
        name: 'EnableServerless'
      }
    ]
    consistencyPolicy: {
      // The default level: each client reads its own writes; the store's ETag checks catch concurrent updates.
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    minimalTlsVersion: 'Tls12'
    // The app authenticates with the account key today (COSMOS_KEY). Turn this to true once it uses
    // Entra ID with a Cosmos data-plane role assignment (see README, "Follow-ups").
    disableLocalAuth: false
  }
}

resource cosmosDatabase 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: cosmos
  name: cosmosDatabaseName
  properties: {
    resource: {
      id: cosmosDatabaseName
    }
  }
}

// No throughput options: serverless accounts reject them.
resource callsContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: cosmosDatabase
  name: cosmosContainerName
  properties: {
    resource: {
      id: cosmosContainerName
      partitionKey: {
        paths: [
          '/call_id'
        ]
        kind: 'Hash'
        version: 2
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Azure Communication Services. A global resource: `location` must be 'global', and dataLocation picks the
// geography of data at rest. Phone numbers cannot be bought from a template (see README).
// ---------------------------------------------------------------------------------------------------------
resource acs 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: names.acs
  location: 'global'
  properties: {
    dataLocation: acsDataLocation
  }
}

// ---------------------------------------------------------------------------------------------------------
// The Function App, its plan, its storage role assignments and its app settings. In a module so that the
// secrets it reads (Cosmos key, ACS connection string) stay inside it and never appear as outputs.
// ---------------------------------------------------------------------------------------------------------
module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    location: location
    planName: names.plan
    appName: names.functionApp
    storageAccountName: storage.name
    deploymentContainerName: deploymentContainer.name
    appInsightsName: appInsights.name
    cosmosAccountName: cosmos.name
    cosmosDatabaseName: cosmosDatabase.name
    cosmosContainerName: callsContainer.name
    acsName: acs.name
    acsPhoneNumber: acsPhoneNumber
    callbackSecret: callbackSecret
    reportSecret: reportSecret
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppUrl string = functionApp.outputs.url
output cosmosEndpoint string = cosmos.properties.documentEndpoint
output acsName string = acs.name
