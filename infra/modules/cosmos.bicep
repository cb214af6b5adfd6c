// Cosmos DB for NoSQL, serverless: a call center's traffic is bursty and mostly idle, so paying per request
// beats provisioned RU/s. One item per call, partitioned by call_id (shared/providers/store/cosmos.ts). The
// database and container are created here, so the app never needs rights to create them.
// Follows: Azure/azure-quickstart-templates quickstarts/microsoft.documentdb/cosmosdb-sql-serverless and
// cosmosdb-sql-role-based-access-control (the data-plane role assignment, in roles.bicep).

param location string
param tags object
param name string
param databaseName string
param containerName string

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    capabilities: [
      {
        name: 'EnableServerless'
      }
    ]
    consistencyPolicy: {
      // The default level: each client reads its own writes; the store's ETag checks catch concurrent updates.
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    minimalTlsVersion: 'Tls12'
    // Keys off: the app connects with its managed identity (data-plane role in roles.bicep).
    disableLocalAuth: true
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: cosmos
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

// No throughput options: serverless accounts reject them.
resource container 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: containerName
  properties: {
    resource: {
      id: containerName
      partitionKey: {
        paths: [
          '/call_id'
        ]
        kind: 'Hash'
        version: 2
      }
    }
  }
}

output name string = cosmos.name
output endpoint string = cosmos.properties.documentEndpoint
output databaseName string = database.name
output containerName string = container.name
