// The Function App on a Flex Consumption plan (Linux, Node 22) with a system-assigned identity. Its roles
// are in roles.bicep and its app settings in app-settings.bicep, applied once the roles exist.
// Follows: Azure-Samples/functions-quickstart-typescript-azd (infra/core/host/functions-flexconsumption.bicep)
// and Azure-Samples/durable-functions-quickstart-typescript-azd (Durable task hub on the same storage).

param location string
param tags object
param planName string
param appName string
param storageBlobEndpoint string
param deploymentContainerName string
param alwaysReadyHttpInstances int
param maximumInstanceCount int

// Flex Consumption: serverless billing with scale to zero, Linux only, one app per plan.
resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
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
  // azd finds the app to deploy the `api` service to by this tag (azure.yaml).
  tags: union(tags, { 'azd-service-name': 'api' })
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
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
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

output name string = app.name
output id string = app.id
output principalId string = app.identity.principalId
output hostName string = app.properties.defaultHostName
