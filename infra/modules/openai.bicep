// Azure OpenAI with two chat deployments: a fast one for the conversation and a slow, stronger one for
// post-call insights and for `slow_llm_for_chat` (llm.fast / llm.slow in shared/config.ts; each model is
// the other's fallback). Model names, versions, SKU and capacity (thousands of tokens per minute) are
// parameters: quotas differ by subscription and region.
// Follows: Azure/azure-quickstart-templates quickstarts/microsoft.cognitiveservices/cognitive-services-openai
// (account) and the Azure-Samples azd OpenAI templates (deployments with a GlobalStandard SKU).

param location string
param tags object
param name string
param fastModel object
param slowModel object

resource openai 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: {
    name: 'S0'
  }
  properties: {
    customSubDomainName: name
    publicNetworkAccess: 'Enabled'
    // Keys off: the app uses Entra ID ("Cognitive Services OpenAI User" in roles.bicep).
    disableLocalAuth: true
  }
}

resource fast 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: openai
  name: fastModel.deployment
  sku: {
    name: fastModel.sku
    capacity: fastModel.capacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: fastModel.name
      version: fastModel.version
    }
  }
}

// One deployment at a time: the service rejects concurrent deployment operations on one account.
resource slow 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: openai
  name: slowModel.deployment
  sku: {
    name: slowModel.sku
    capacity: slowModel.capacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: slowModel.name
      version: slowModel.version
    }
  }
  dependsOn: [
    fast
  ]
}

output name string = openai.name
output id string = openai.id
output endpoint string = openai.properties.endpoint
output fastDeployment string = fast.name
output slowDeployment string = slow.name
