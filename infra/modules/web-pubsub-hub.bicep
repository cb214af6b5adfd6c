// The Web PubSub hub the calls' transcriptions stream through, with its event handler: the Functions Web
// PubSub extension endpoint, authenticated by the host's `webpubsub_extension` system key. That key is
// created by the host once it runs a Web PubSub trigger, so this is deployed after the code
// (infra/events.bicep, run by the azd postdeploy hook).
// Follows: Azure/azure-webpubsub samples/javascript/scoreboard/deploy/modules/webpsubsub/hub/createOrUpdate.bicep
// (a hub with its event handler), a Web PubSub + Functions template reading the extension key with listKeys
// on the host (FinOCE/SweeperSmackdown .bicep/resources/azWebPubSubHub.bicep), and Azure/bicep-types-az
// webpubsub 2024-03-01 (hubs: eventHandlers with urlTemplate, userEventPattern, systemEvents).

param webPubSubName string
param functionAppName string
param hubName string

resource webPubSub 'Microsoft.SignalRService/webPubSub@2024-03-01' existing = {
  name: webPubSubName
}
resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

// POST .../host/default/listKeys: { masterKey, functionKeys, systemKeys: { webpubsub_extension, ... } }.
var extensionKey = listKeys('${app.id}/host/default', '2024-04-01').systemKeys.webpubsub_extension

resource hub 'Microsoft.SignalRService/webPubSub/hubs@2024-03-01' = {
  parent: webPubSub
  name: hubName
  properties: {
    // ACS connects with a client access token naming the call; nobody connects anonymously.
    anonymousConnectPolicy: 'deny'
    eventHandlers: [
      {
        urlTemplate: 'https://${app.properties.defaultHostName}/runtime/webhooks/webpubsub?code=${extensionKey}'
        // `message` carries the transcription frames (functions/voice.ts: voiceTranscription).
        userEventPattern: 'message'
        // voiceConnect refuses a token whose call is not live; voiceDisconnected ends its transcription.
        systemEvents: [
          'connect'
          'disconnected'
        ]
      }
    ]
  }
}

output name string = hub.name
