// Key Vault: every secret the app reads, referenced from its app settings as
// @Microsoft.KeyVault(SecretUri=...) and resolved by the platform with the app's identity ("Key Vault
// Secrets User", roles.bicep). The two signing secrets come from parameters (generated once by the azd
// preprovision hook and kept in the azd environment, so every deployment writes the same value); the
// service keys are read here with listKeys and never appear as outputs.
// Follows: Azure-Samples/call-center-voice-agent-accelerator (infra/modules/keyvault.bicep).

param location string
param tags object
param name string
@secure()
param callbackSecret string
@secure()
param reportSecret string
param cosmosName string
param acsName string
param openAiName string
param webPubSubName string
param appConfigurationName string
@description('Empty when AI Search is not deployed.')
param searchName string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' existing = {
  name: cosmosName
}
resource acs 'Microsoft.Communication/communicationServices@2023-04-01' existing = {
  name: acsName
}
resource openai 'Microsoft.CognitiveServices/accounts@2024-10-01' existing = {
  name: openAiName
}
resource webPubSub 'Microsoft.SignalRService/webPubSub@2024-03-01' existing = {
  name: webPubSubName
}
resource appConfiguration 'Microsoft.AppConfiguration/configurationStores@2024-05-01' existing = {
  name: appConfigurationName
}
resource search 'Microsoft.Search/searchServices@2023-11-01' existing = if (!empty(searchName)) {
  name: searchName
}

// App Configuration's listKeys returns Primary, Secondary, Primary Read Only, Secondary Read Only, in that
// order. The app only reads flags, so it gets the primary read-only key.
var appConfigurationReadOnly = appConfiguration.listKeys().value[2].connectionString

// The names only, kept apart from the values so that the outputs below never touch a secret.
var secretNames = [
  'callback-secret'
  'report-secret'
  'cosmos-key'
  'acs-connection-string'
  'openai-api-key'
  'web-pubsub-connection-string'
  'app-configuration-connection-string'
]

var secrets = [
  { name: secretNames[0], value: callbackSecret }
  { name: secretNames[1], value: reportSecret }
  { name: secretNames[2], value: cosmos.listKeys().primaryMasterKey }
  { name: secretNames[3], value: acs.listKeys().primaryConnectionString }
  { name: secretNames[4], value: openai.listKeys().key1 }
  { name: secretNames[5], value: webPubSub.listKeys().primaryConnectionString }
  { name: secretNames[6], value: appConfigurationReadOnly }
]

resource secretItems 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [
  for secret in secrets: {
    parent: vault
    name: secret.name
    properties: {
      value: secret.value
    }
  }
]

// A query key is enough: the app only reads the index.
resource searchKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(searchName)) {
  parent: vault
  name: 'search-api-key'
  properties: {
    value: empty(searchName) ? '' : search.listQueryKeys().value[0].key
  }
}

output name string = vault.name
output id string = vault.id
// Versionless secret URIs (https://<vault>.vault.azure.net/secrets/<name>): the app gets the current version.
// Built from the names so that no secret value is ever part of an output.
// keyvaultDns is '.vault.azure.net' in the public cloud, as in the sample.
var vaultUri = 'https://${vault.name}${environment().suffixes.keyvaultDns}'
output secretUris object = toObject(secretNames, (n) => n, (n) => '${vaultUri}/secrets/${n}')
output searchKeyUri string = empty(searchName) ? '' : '${vaultUri}/secrets/search-api-key'
