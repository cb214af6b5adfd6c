// Every role assignment, in one place: what the Function App's identity may do on each service, and what
// ACS's identity may do on the AI Services resource calls are linked to. Built-in role ids:
// https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
// Follows: Azure-Samples/functions-quickstart-typescript-azd-eventgrid-blob (app/rbac.bicep) for the storage roles,
// Azure-Samples/call-center-voice-agent-accelerator (infra/modules/roleassignments.bicep) for the others,
// Azure/azure-quickstart-templates quickstarts/microsoft.documentdb/cosmosdb-sql-role-based-access-control
// for the Cosmos data-plane role.

param appPrincipalId string
param acsPrincipalId string
param acsName string
param storageName string
param keyVaultName string
param aiServicesName string
param openAiName string
param appConfigurationName string
param cosmosName string
param webPubSubName string
@description('Empty when AI Search is not deployed.')
param searchName string

var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  cognitiveServicesUser: 'a97b65f3-24c7-4388-baec-2e87135dc908'
  cognitiveServicesOpenAiUser: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'
  appConfigurationDataReader: '516239f1-63e1-4d78-a4de-a74fb236a071'
  webPubSubServiceOwner: '12cf5a90-567b-43ae-8102-96cf46c7d9b4'
  searchIndexDataReader: '1407120a-92aa-4202-b7e9-c0e197c71c8f'
  // ACS honours built-in roles only; this is the one that allows Call Automation and SMS with Entra ID.
  communicationAndEmailServiceOwner: '09976791-48a7-449e-bb21-39d1a415f350'
}

resource acs 'Microsoft.Communication/communicationServices@2023-04-01' existing = {
  name: acsName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageName
}
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}
resource aiServices 'Microsoft.CognitiveServices/accounts@2024-10-01' existing = {
  name: aiServicesName
}
resource openai 'Microsoft.CognitiveServices/accounts@2024-10-01' existing = {
  name: openAiName
}
resource appConfiguration 'Microsoft.AppConfiguration/configurationStores@2024-05-01' existing = {
  name: appConfigurationName
}
resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' existing = {
  name: cosmosName
}
resource webPubSub 'Microsoft.SignalRService/webPubSub@2024-03-01' existing = {
  name: webPubSubName
}
resource search 'Microsoft.Search/searchServices@2023-11-01' existing = if (!empty(searchName)) {
  name: searchName
}

// Identity-based AzureWebJobsStorage. Blob Data Owner (not just Contributor) because the host takes blob
// leases and the platform writes the deployment package; queues and tables hold the Durable task hub.
var storageRoleIds = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageRoleIds: {
    name: guid(storage.id, appPrincipalId, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

// The platform resolves the app's @Microsoft.KeyVault(...) settings with the app's identity.
resource appReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appPrincipalId, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// ACS transcribes and speaks a call with the AI Services resource the call names: with its own identity.
resource acsUsesSpeech 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(aiServices.id, acsPrincipalId, roles.cognitiveServicesUser)
  scope: aiServices
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.cognitiveServicesUser)
    principalId: acsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// The app's managed identity on each service it calls (it has no keys for them): OpenAI, App Configuration,
// ACS, Web PubSub (client tokens), AI Search, Cosmos DB.
resource appCallsAcs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(acs.id, appPrincipalId, roles.communicationAndEmailServiceOwner)
  scope: acs
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.communicationAndEmailServiceOwner)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appUsesOpenAi 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(openai.id, appPrincipalId, roles.cognitiveServicesOpenAiUser)
  scope: openai
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.cognitiveServicesOpenAiUser)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appReadsFlags 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appConfiguration.id, appPrincipalId, roles.appConfigurationDataReader)
  scope: appConfiguration
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.appConfigurationDataReader)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appOwnsWebPubSub 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(webPubSub.id, appPrincipalId, roles.webPubSubServiceOwner)
  scope: webPubSub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.webPubSubServiceOwner)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appReadsIndex 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(searchName)) {
  name: guid(resourceGroup().id, searchName, appPrincipalId, roles.searchIndexDataReader)
  scope: search
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.searchIndexDataReader)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Cosmos DB data-plane roles are not Azure RBAC: a sqlRoleAssignment on the account, with the built-in
// "Cosmos DB Built-in Data Contributor" definition (read and write items; no database/container creation,
// which the template does).
resource appWritesCalls 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: cosmos
  name: guid(cosmos.id, appPrincipalId, 'cosmos-data-contributor')
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'
    principalId: appPrincipalId
    scope: cosmos.id
  }
}
