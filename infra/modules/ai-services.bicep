// Azure AI Services (multi-service, kind AIServices): the speech ACS uses for a call's real-time
// transcription and for speaking the bot's SSML, once the call names this endpoint
// (cognitiveServicesEndpoint, app setting COGNITIVE_SERVICES_ENDPOINT). ACS reaches it with its managed
// identity ("Cognitive Services User", roles.bicep), which requires a custom subdomain.
// Follows: Azure-Samples/call-center-voice-agent-accelerator (infra/modules/aiservices.bicep).

param location string
param tags object
param name string

resource aiServices 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'AIServices'
  sku: {
    name: 'S0'
  }
  properties: {
    // Entra ID authentication (ACS's identity) needs a custom subdomain endpoint.
    customSubDomainName: name
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
    }
  }
}

output name string = aiServices.name
output id string = aiServices.id
output endpoint string = aiServices.properties.endpoint
