// Azure AI Search (optional, parameter enableSearch): the index the `search_document` tool queries. The
// service only: an index is data-plane, so infra/hooks/postdeploy.mjs creates it from
// infra/search-index.json (the fields the app reads: title, content, source).
// Follows: Azure/azure-quickstart-templates quickstarts/microsoft.search/azure-search-create.

param location string
param tags object
param name string

resource search 'Microsoft.Search/searchServices@2023-11-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'basic'
  }
  properties: {
    replicaCount: 1
    partitionCount: 1
    hostingMode: 'default'
    // Keys and Entra ID both accepted: the app queries with a query key (AZURE_SEARCH_API_KEY).
    authOptions: {
      aadOrApiKey: {
        aadAuthFailureMode: 'http401WithBearerChallenge'
      }
    }
  }
}

output name string = search.name
output id string = search.id
output endpoint string = 'https://${search.name}.search.windows.net'
