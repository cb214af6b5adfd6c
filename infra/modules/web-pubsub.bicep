// Azure Web PubSub: ACS connects to it as a plain WebSocket client and streams each call's real-time
// transcription; the service's upstream invokes the app's Web PubSub triggers (functions/voice.ts) for
// every frame. The hub `calls` and its event handler are set by infra/events.bicep after the code is
// deployed, because the handler URL carries the Functions host's `webpubsub_extension` system key, which
// only exists once the app runs a Web PubSub trigger.
// Follows: Azure/azure-webpubsub sdk/webpubsub-socketio-extension/examples/chat-serverless-typescript/infra
// (app/socketio.bicep: webPubSub@2024-03-01 behind a Functions app deployed with azd; main.bicep: the Web
// PubSub Service Owner role) and Azure/bicep-types-az generated/webpubsub/microsoft.signalrservice/2024-03-01.

param location string
param tags object
param name string
@description('Free_F1 (20 connections, 20,000 messages a day: a demo) or Standard_S1 (1,000 connections and 1,000,000 messages a day per unit).')
param sku string
param capacity int

resource webPubSub 'Microsoft.SignalRService/webPubSub@2024-03-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
    capacity: capacity
  }
  properties: {
    // The app signs client tokens and checks upstream signatures with the access key
    // (WEB_PUBSUB_CONNECTION_STRING), so local auth stays on.
    disableLocalAuth: false
    publicNetworkAccess: 'Enabled'
  }
}

output name string = webPubSub.name
output id string = webPubSub.id
