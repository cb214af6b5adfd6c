// What can only be wired once the code runs (deployed by infra/hooks/postdeploy.mjs after `azd deploy`, or
// by hand with `az deployment group create -f infra/events.bicep`; see infra/README.md):
// - the Web PubSub hub's event handler, whose URL carries the host's webpubsub_extension system key;
// - the Event Grid subscriptions to the app's Event Grid triggers, which must exist to be subscribed to.
// Redeploying it is harmless: both are declarative and keep no state of their own.

targetScope = 'resourceGroup'

param functionAppName string
param acsName string
param webPubSubName string
param webPubSubHub string = 'calls'
@description('The bot\'s number (E.164) once bought: the subscriptions then deliver only events addressed to it.')
param acsPhoneNumber string = ''
param tags object = {}

module hub 'modules/web-pubsub-hub.bicep' = {
  name: 'web-pubsub-hub'
  params: {
    webPubSubName: webPubSubName
    functionAppName: functionAppName
    hubName: webPubSubHub
  }
}

module eventGrid 'modules/event-grid.bicep' = {
  name: 'event-grid'
  params: {
    tags: tags
    acsName: acsName
    functionAppName: functionAppName
    phoneNumber: acsPhoneNumber
  }
}

output webPubSubHub string = hub.outputs.name
output eventGridTopic string = eventGrid.outputs.topicName
