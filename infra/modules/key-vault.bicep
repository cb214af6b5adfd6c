// Key Vault: the secrets the app reads, referenced from its app settings as @Microsoft.KeyVault(SecretUri=...)
// and resolved by the platform with the app's identity ("Key Vault Secrets User", roles.bicep). Our own two
// signing secrets come from parameters (generated once by the azd preprovision hook and kept in the azd
// environment, so every deployment writes the same value). The only service key is Web PubSub's: the
// Functions Web PubSub extension checks upstream signatures with its access key. Every other service is
// reached with the app's managed identity, so no other key is stored.
// Follows: Azure-Samples/call-center-voice-agent-accelerator (infra/modules/keyvault.bicep).

param location string
param tags object
param name string
@secure()
param callbackSecret string
@secure()
param reportSecret string
param webPubSubName string

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

resource webPubSub 'Microsoft.SignalRService/webPubSub@2024-03-01' existing = {
  name: webPubSubName
}

// The names only, kept apart from the values so that the outputs below never touch a secret.
var secretNames = [
  'callback-secret'
  'report-secret'
  'web-pubsub-connection-string'
]

var secrets = [
  { name: secretNames[0], value: callbackSecret }
  { name: secretNames[1], value: reportSecret }
  { name: secretNames[2], value: webPubSub.listKeys().primaryConnectionString }
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

output name string = vault.name
output id string = vault.id
// Versionless secret URIs (https://<vault>.vault.azure.net/secrets/<name>): the app gets the current version.
// Built from the names so that no secret value is ever part of an output.
// keyvaultDns is '.vault.azure.net' in the public cloud, as in the sample.
var vaultUri = 'https://${vault.name}${environment().suffixes.keyvaultDns}'
output secretUris object = toObject(secretNames, (n) => n, (n) => '${vaultUri}/secrets/${n}')
