// Azure Communication Services: telephony (Call Automation) and SMS. A global resource: `location` must be
// 'global', and dataLocation picks the geography of data at rest. Its system-assigned identity is what
// ACS uses to reach the AI Services resource a call is linked to (role in roles.bicep). Phone numbers
// cannot be bought from a template (infra/README.md, "The one manual step").
// Follows: Azure-Samples/call-center-voice-agent-accelerator (infra/main.bicep, its ACS module) and
// Azure/bicep-types-az generated/communication/microsoft.communication/2023-04-01 (identity is supported).

param tags object
param name string
param dataLocation string

resource acs 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: name
  location: 'global'
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    dataLocation: dataLocation
  }
}

output name string = acs.name
output id string = acs.id
output principalId string = acs.identity.principalId
// The audience of the JWT ACS signs each callback with (ACS_RESOURCE_ID).
output immutableResourceId string = acs.properties.immutableResourceId
// The data-plane endpoint the app calls with its managed identity (ACS_ENDPOINT); hostName is
// `<name>.communication.azure.com`.
output endpoint string = 'https://${acs.properties.hostName}'
