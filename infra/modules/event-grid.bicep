// Event Grid: the system topic of the ACS resource and three subscriptions delivering straight to the app's
// Event Grid triggers (functions/event-grid.ts), with endpoint type AzureFunction, so no URL or key is
// involved and Event Grid validates nothing over HTTP. A subscription to a function can only be created
// once that function exists, which is why infra/events.bicep deploys this after the code (azd postdeploy).
// Follows: Azure-Samples/call-center-voice-agent-accelerator (infra/modules/eventgrid.bicep: system topic on
// ACS, IncomingCall filter, one event per batch) and Azure-Samples/functions-quickstart-typescript-azd-eventgrid-blob
// (system topic + subscription created after deployment).

param tags object
param acsName string
param functionAppName string
@description('The bot\'s number (E.164). When set, each subscription only delivers events addressed to it.')
param phoneNumber string

resource acs 'Microsoft.Communication/communicationServices@2023-04-01' existing = {
  name: acsName
}
resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: '${acsName}-events'
  location: 'global'
  tags: tags
  properties: {
    source: acs.id
    topicType: 'Microsoft.Communication.CommunicationServices'
  }
}

var subscriptions = [
  {
    name: 'incoming-call'
    eventType: 'Microsoft.Communication.IncomingCall'
    functionName: 'eventGridIncomingCallTrigger'
    // IncomingCall: data.to is a CommunicationIdentifier; a phone number is under phoneNumber.value.
    toKey: 'data.to.phoneNumber.value'
    // A call rings for about 30 s: a delivery later than a minute could only answer a dead call.
    ttlMinutes: 1
  }
  {
    name: 'sms-received'
    eventType: 'Microsoft.Communication.SMSReceived'
    functionName: 'eventGridSmsTrigger'
    toKey: 'data.to'
    ttlMinutes: 1440
  }
  {
    name: 'recording-files'
    eventType: 'Microsoft.Communication.RecordingFileStatusUpdated'
    functionName: 'eventGridRecordingTrigger'
    // Names only the recording, no number: the app skips recordings none of its calls started.
    toKey: ''
    ttlMinutes: 1440
  }
]

resource subscriptionItems 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = [
  for sub in subscriptions: {
    parent: topic
    name: sub.name
    properties: {
      destination: {
        endpointType: 'AzureFunction'
        properties: {
          resourceId: '${app.id}/functions/${sub.functionName}'
          maxEventsPerBatch: 1
          preferredBatchSizeInKilobytes: 64
        }
      }
      filter: {
        includedEventTypes: [
          sub.eventType
        ]
        advancedFilters: empty(phoneNumber) || empty(sub.toKey) ? [] : [
          {
            operatorType: 'StringIn'
            key: sub.toKey
            values: [
              phoneNumber
            ]
          }
        ]
      }
      eventDeliverySchema: 'EventGridSchema'
      retryPolicy: {
        maxDeliveryAttempts: 30
        eventTimeToLiveInMinutes: sub.ttlMinutes
      }
    }
  }
]

output topicName string = topic.name
