// Call recordings (feature flag `recording_enabled`): a private blob container in the app's storage account
// that ACS Call Automation writes each call's recording to ("bring your own storage"), with ACS's own
// system-assigned identity. ACS needs Storage Blob Data Contributor on the container for that; the app needs
// nothing more (its Blob Data Owner on the account covers it). The container URL becomes the app setting
// RECORDING__CONTAINER_URL (config `recording.container_url`).
// Follows: learn.microsoft.com/azure/communication-services/quickstarts/call-automation/call-recording/
// bring-your-own-storage (role and container URL), and Azure/azure-quickstart-templates for the container.

param storageName string
param acsPrincipalId string
param containerName string = 'recordings'

// Storage Blob Data Contributor.
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: storage
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: containerName
  properties: {
    publicAccess: 'None'
  }
}

resource acsWritesRecordings 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(container.id, acsPrincipalId, storageBlobDataContributor)
  scope: container
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: acsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output containerName string = container.name
output containerUrl string = '${storage.properties.primaryEndpoints.blob}${container.name}'
