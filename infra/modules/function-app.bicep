// The Function App on a Flex Consumption plan (Linux, Node 22), with a system-assigned identity that is
// granted the storage data roles the Functions host and Durable Functions need, and the app settings the
// app's config reads (shared/config.ts: nested keys come from env as SECTION__KEY).

param location string
param planName string
param appName string
param storageAccountName string
param deploymentContainerName string
param appInsightsName string
param cosmosAccountName string
param cosmosDatabaseName string
param cosmosContainerName string
param acsName string
param acsPhoneNumber string
@secure()
param callbackSecret string
@secure()
param reportSecret string
param alwaysReadyHttpInstances int

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' existing = {
  name: cosmosAccountName
}

resource acs 'Microsoft.Communication/communicationServices@2023-04-01' existing = {
  name: acsName
}

// Flex Consumption: serverless billing with scale to zero, Linux only, one app per plan.
resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
  }
}

// 'http' is the Flex per-function scaling group shared by all HTTP-triggered functions.
var alwaysReady = alwaysReadyHttpInstances > 0 ? [{ name: 'http', instanceCount: alwaysReadyHttpInstances }] : []

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    // On Flex the runtime, scale and deployment source live here, not in app settings: FUNCTIONS_WORKER_RUNTIME,
    // FUNCTIONS_EXTENSION_VERSION, WEBSITE_RUN_FROM_PACKAGE and linuxFxVersion are not used on this plan.
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: 100
        instanceMemoryMB: 2048
        alwaysReady: alwaysReady
      }
      runtime: {
        name: 'node'
        version: '22'
      }
    }
  }
}

// Identity-based AzureWebJobsStorage. Blob Data Owner (not just Contributor) because the host takes blob
// leases and the platform writes the deployment package; queues and tables hold the Durable task hub.
var storageRoleIds = [
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
]

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageRoleIds: {
    name: guid(storage.id, app.id, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: app.identity.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

// The complete set of app settings: this resource replaces whatever is there, so a setting added by hand in
// the portal disappears on the next deployment. Add settings here (or as parameters) instead.
// A separate resource rather than siteConfig.appSettings because PUBLIC_URL needs the app's own host name.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: union(
    {
      // Functions host: storage through the managed identity (no connection string, shared keys are off).
      AzureWebJobsStorage__accountName: storage.name
      APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString

      // The app's config (shared/config.ts). COSMOS_ENDPOINT, COSMOS_KEY, LOG_LEVEL and PUBLIC_URL are aliases
      // for store.cosmos.endpoint, store.cosmos.key, log.level and host.public_url.
      COSMOS_ENDPOINT: cosmos.properties.documentEndpoint
      COSMOS_KEY: cosmos.listKeys().primaryMasterKey
      STORE__COSMOS__DATABASE: cosmosDatabaseName
      STORE__COSMOS__CONTAINER: cosmosContainerName
      WORKFLOW__RING_TIMEOUT_SEC: '60'
      FEATURES__CALLBACK_TIMEOUT_HOUR: '3'
      LOG_LEVEL: 'info'
      PUBLIC_URL: 'https://${app.properties.defaultHostName}'

      // Per-call callback secrets derive from this; every instance must share it.
      CALLBACK_SECRET: callbackSecret
      // Signs the report links sent by SMS; changing it invalidates the links already sent.
      REPORT_SECRET: reportSecret
    },
    // ACS telephony once a number is bought (until then the app keeps the local phone network, and
    // only the HTTP API is useful). Aliases of telephony.backend and telephony.acs.* (shared/config.ts).
    empty(acsPhoneNumber)
      ? {}
      : {
          TELEPHONY__BACKEND: 'acs'
          ACS_CONNECTION_STRING: acs.listKeys().primaryConnectionString
          ACS_PHONE_NUMBER: acsPhoneNumber
          // The audience of the JWT ACS signs each callback with.
          ACS_RESOURCE_ID: acs.properties.immutableResourceId
        }
  )
  // Start the app with identity-based storage only once it may use the storage account (role assignments
  // can still take a few minutes to propagate; see README, "Troubleshooting").
  dependsOn: [
    storageRoles
  ]
}

output name string = app.name
output url string = 'https://${app.properties.defaultHostName}'
