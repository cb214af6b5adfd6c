'use strict';
// The serverless voice loop under the real Azure Functions Node worker (functions-host harness):
//   npm run build && bash test/functions-host/harness.sh run "$PWD/test/functions-host/scenarios/voice.cjs"
//
// The app configured as on Azure with ACS and Web PubSub (SQLite instead of Cosmos). What the trigger
// extensions and services would send is fed by this scenario: Event Grid's IncomingCall to
// `eventGridIncomingCallTrigger`, Web PubSub events (ACS's transcription frames) to the `voice*`
// triggers, ACS callbacks signed with a local key set; ACS's REST API is a local fake (voice-support.cjs).
// An inbound and an outbound call each talk: hello, two caller turns answered by plays in order, a
// barge-in that cancels the bot, keypad digits, a silence prompt, hang-up and post-call work.
// Prints `ok - ...` per check, and exits non-zero on any `FAIL - ...`.
const fs = require('node:fs');
const path = require('node:path');
const S = require('./voice-support.cjs');

const { PUBLIC_URL, BOT, CALLER, TICKS_PER_MS, acsRequests, check } = S;
const UNKNOWN_USER = '00000000-0000-4000-8000-000000000000';

exports.setup = (ctx) => S.startFakes(ctx);
exports.teardown = () => S.stopFakes();

exports.run = async (host) => {
  const post = (route, body, { headers = {}, params = {} } = {}) => {
    const allHeaders = { 'content-type': 'application/json', ...headers };
    return host.http('POST', `${PUBLIC_URL}/api/${route}`, { headers: allHeaders, body, params });
  };
  const since = (n) => acsRequests.slice(n);
  const playsSince = (n) =>
    since(n)
      .filter((q) => q.path.endsWith(':play'))
      .map(S.playOf);
  const opsSince = (n, op) => since(n).filter((q) => q.path.endsWith(`:${op}`));

  /** One call's line, seen from ACS and Web PubSub: signed callbacks, transcription frames, plays heard. */
  function line(callId, connectionId, callbackUri) {
    const secret = new URL(callbackUri).searchParams.get('secret');
    let clock = 0; // the transcription stream's clock, in ticks since the call started
    const callback = (type, data, { token = S.acsToken(), secretOverride } = {}) => {
      const event = {
        ...host.fixture('callback-call-connected.sdkjs-recording.json')[0],
        type,
        id: `${type}-${clock}-${acsRequests.length}`,
      };
      event.data = { ...event.data, ...data, callConnectionId: connectionId, publicEventType: type };
      event.source = event.subject = `calling/callConnections/${connectionId}`;
      const route = `callbacks/${callId}?secret=${encodeURIComponent(secretOverride ?? secret)}`;
      const headers = token ? { authorization: `Bearer ${token}` } : {};
      return host.invoke('acsCallback', post(route, [event], { params: { call_id: callId }, headers }));
    };
    const wps = (fn, eventName, extra, userId = callId) =>
      host.invoke(fn, host.typed(S.wpsEvent(eventName, userId, extra)));
    const frame = (text, status, durationMs) =>
      wps('voiceTranscription', 'message', {
        data: JSON.stringify(S.transcriptionFrame(text, status, clock, durationMs)),
        dataType: 'text',
      });
    return {
      callback,
      wps,
      frame,
      /** A short Intermediate hypothesis (under the barge-in cutoff), then the Final transcript. */
      async say(text) {
        const ms = 300 * text.split(' ').length;
        await frame(text.split(' ').slice(0, 2).join(' '), 'Intermediate', 200);
        const r = await frame(text, 'Final', ms);
        clock += (ms + 500) * TICKS_PER_MS;
        return r;
      },
      pause: (ms) => (clock += ms * TICKS_PER_MS),
      /** ACS plays what it was asked, in order: PlayStarted then PlayCompleted of each (up to `upTo`). */
      async hear(plays, upTo = plays.length) {
        for (const p of plays.slice(0, upTo)) {
          await callback('Microsoft.Communication.PlayStarted', { operationContext: p.context });
          const done = { code: 200, subCode: 0, message: 'Action completed successfully.' };
          await callback('Microsoft.Communication.PlayCompleted', {
            operationContext: p.context,
            resultInformation: done,
          });
        }
      },
      async stored() {
        const r = await host.invoke(
          'callGet',
          host.http('GET', `${PUBLIC_URL}/api/call/${callId}`, { params: { call_id: callId } }),
        );
        return JSON.parse(r.returnValue.body);
      },
    };
  }

  /** Everything one call does once ACS accepted it, up to the stored record after hang-up. */
  async function converse(label, callId, connectionId, callbackUri, name) {
    const L = line(callId, connectionId, callbackUri);
    console.log(`\n== ${label}: CallConnected -> the hello, keypad recognition ==`);
    let r = await L.callback(
      'Microsoft.Communication.CallConnected',
      { operationContext: callId },
      { token: null },
    );
    check(`${label}: a callback without ACS's JWT is refused`, r.returnValue?.status === 401, r.returnValue);
    r = await L.callback('Microsoft.Communication.CallConnected', {}, { secretOverride: 'x'.repeat(43) });
    check(
      `${label}: a callback with a wrong secret is refused`,
      r.returnValue?.status === 401,
      r.returnValue,
    );
    r = await L.callback(
      'Microsoft.Communication.CallConnected',
      {},
      { token: S.acsToken({ aud: UNKNOWN_USER }) },
    );
    check(
      `${label}: a callback signed for another ACS resource is refused`,
      r.returnValue?.status === 401,
      r.returnValue,
    );
    let mark = acsRequests.length;
    r = await L.callback('Microsoft.Communication.CallConnected', { operationContext: callId });
    check(`${label}: signed CallConnected accepted`, r.returnValue?.status === 200, r.returnValue);
    await host.durable.pump(callId);
    let plays = playsSince(mark);
    const hello =
      plays.length === 1 && plays[0].ssml.startsWith('<speak') && /<voice name="/.test(plays[0].ssml);
    check(`${label}: the hello is played with SSML`, hello && plays[0].text.length > 0, plays);
    check(
      `${label}: continuous DTMF recognition starts`,
      opsSince(mark, 'startContinuousDtmfRecognition').length === 1,
      since(mark).map((q) => q.path),
    );
    await L.hear(plays);

    console.log(`\n== ${label}: Web PubSub connect (ACS's transcription socket) ==`);
    r = await L.wps('voiceConnect', 'connect', {});
    check(
      `${label}: connect as the call's user is accepted`,
      r.ok && r.returnValue && !r.returnValue.code,
      r.returnValue ?? r.exception,
    );
    r = await L.wps('voiceConnect', 'connect', {}, UNKNOWN_USER);
    check(
      `${label}: connect as an unknown user is refused`,
      r.returnValue?.code === 'unauthorized',
      r.returnValue ?? r.exception,
    );
    const metadata = JSON.stringify(host.fixture('media-transcription-metadata.sdkjs-test.json'));
    r = await L.wps('voiceTranscription', 'message', { data: metadata, dataType: 'text' });
    check(`${label}: the TranscriptionMetadata frame is taken`, r.ok, r.exception);

    console.log(`\n== ${label}: the caller says two things -> the answers are played in order ==`);
    const said = [`My name is ${name}`, 'I am calling about a broken window'];
    const answers = [];
    for (const text of said) {
      mark = acsRequests.length;
      r = await L.say(text);
      check(`${label}: "${text}" taken (message event)`, r.ok, r.exception);
      await host.durable.pump(callId);
      plays = playsSince(mark);
      const contexts = plays.map((p) => p.context);
      const inOrder = contexts.every((c, i) => c === `${contexts[0].replace(/:\d+$/, '')}:${i}`);
      check(
        `${label}: the answer to "${text}" arrives as play requests, sentence by sentence in order`,
        plays.length >= 1 && inOrder,
        contexts,
      );
      answers.push(contexts);
      await L.hear(plays);
    }
    const at = (context) => acsRequests.findIndex((q) => S.playOf(q).context === context);
    check(
      `${label}: the second answer is played after the first`,
      at(answers[1][0]) > at(answers[0].at(-1)),
      answers,
    );

    console.log(`\n== ${label}: talking over the bot -> cancel, and only what was heard is kept ==`);
    mark = acsRequests.length;
    await L.say('It happened yesterday evening');
    await host.durable.pump(callId);
    plays = playsSince(mark);
    check(
      `${label}: an answer of several sentences is being played`,
      plays.length >= 3,
      plays.map((p) => p.text),
    );
    await L.hear(plays, 1); // the caller heard the first sentence, and the start of the second
    await L.callback('Microsoft.Communication.PlayStarted', { operationContext: plays[1]?.context });
    mark = acsRequests.length;
    r = await L.frame('wait wait', 'Intermediate', 200);
    check(
      `${label}: a short noise (200 ms) does not interrupt`,
      r.ok && opsSince(mark, 'cancelAllMediaOperations').length === 0,
      since(mark).map((q) => q.path),
    );
    r = await L.frame('wait wait I have a question', 'Intermediate', 600);
    check(
      `${label}: speech past the cutoff over the bot cancels its media`,
      r.ok && opsSince(mark, 'cancelAllMediaOperations').length === 1,
      since(mark).map((q) => q.path),
    );
    L.pause(1100);
    await L.callback('Microsoft.Communication.PlayCanceled', { operationContext: plays[2]?.context });
    let call = await L.stored();
    const lastBot = call.messages
      .filter((m) => m.persona === 'assistant')
      .at(-1)
      ?.content.replace(/\s+/g, ' ')
      .trim();
    const heard = plays
      .slice(0, 2)
      .map((p) => p.text)
      .join(' ');
    check(`${label}: the stored answer is cut to the two sentences heard`, lastBot === heard, {
      stored: lastBot,
      heard,
    });

    console.log(`\n== ${label}: a 64 KB "transcript" is not a turn ==`);
    const raised = host.durableCalls.length;
    r = await L.frame('blah '.repeat(13_000), 'Final', 2000);
    check(
      `${label}: the oversized Final frame raises no turn`,
      r.ok && host.durableCalls.length === raised,
      host.durableCalls.slice(raised),
    );

    console.log(`\n== ${label}: keypad digits, then # -> a turn ==`);
    mark = acsRequests.length;
    for (const tone of ['four', 'two', 'pound']) {
      await L.callback('Microsoft.Communication.ContinuousDtmfRecognitionToneReceived', {
        tone,
        sequenceId: 1,
      });
    }
    const st = await host.durable.pump(callId);
    const digitTurns = st.activityLog.filter((a) => a.activity === 'voiceTurn').map((a) => a.input.text);
    check(
      `${label}: "42#" is answered as the turn "42", without waiting for the pause`,
      digitTurns.at(-1) === '42',
      digitTurns,
    );
    plays = playsSince(mark);
    check(
      `${label}: the digits' answer is played`,
      plays.length >= 1,
      since(mark).map((q) => q.path),
    );
    await L.hear(plays);

    console.log(`\n== ${label}: silence -> the durable timer fires -> a silence prompt ==`);
    mark = acsRequests.length;
    const firedAt = await S.fireEarliestTimer(host, callId);
    const prompted = host.durable.state.get(callId).activityLog.at(-1);
    check(
      `${label}: the silence timer (due ${firedAt}) prompts`,
      prompted?.activity === 'voicePrompt' && prompted.input?.kind === 'silence',
      prompted,
    );
    plays = playsSince(mark);
    check(`${label}: the silence prompt is played`, plays.length === 1 && plays[0].text.length > 0, plays);
    await L.hear(plays);

    console.log(`\n== ${label}: hang-up -> post-call ==`);
    const hungUp = { code: 0, subCode: 0, message: 'The conversation has ended.' };
    r = await L.callback('Microsoft.Communication.CallDisconnected', { resultInformation: hungUp });
    check(`${label}: CallDisconnected accepted`, r.returnValue?.status === 200, r.returnValue);
    r = await L.wps('voiceDisconnected', 'disconnected', { reason: 'closed by ACS' });
    check(`${label}: the transcription stream's disconnected event is taken`, r.ok, r.exception);
    const end = await host.durable.pump(callId);
    check(
      `${label}: the orchestration completes`,
      host.instances.get(callId).runtimeStatus === 'Completed',
      end.failed ?? end.waitingFor,
    );
    const ran = end.activityLog.map((a) => a.activity);
    check(
      `${label}: post-call activities ran`,
      ['finishCall', 'computeCallInsights', 'sendReportSms'].every((a) => ran.includes(a)),
      ran,
    );
    call = await L.stored();
    const human = call.messages.filter((m) => m.persona === 'human').map((m) => m.content);
    const turns = [...said, 'It happened yesterday evening', '42'];
    check(
      `${label}: every caller turn is stored, in order`,
      JSON.stringify(human.filter((h) => turns.includes(h))) === JSON.stringify(turns),
      human,
    );
    check(
      `${label}: the claim holds the name the caller gave`,
      Object.values(call.claim).includes(name),
      call.claim,
    );
    check(`${label}: the call is stored as ended`, call.lifecycle?.state === 'ended', call.lifecycle);
  }

  // ---------------------------------------------------------------- inbound
  console.log(
    "== Inbound: IncomingCall (docs sample, to the bot's number) -> eventGridIncomingCallTrigger ==",
  );
  const notOurs = host.fixture('eventgrid-incoming-call-acs-user.docs.json')[0];
  let r = await host.invoke('eventGridIncomingCallTrigger', host.typed(notOurs));
  check(
    'a call to another number of the resource is not answered',
    r.ok && acsRequests.length === 0 && host.instances.size === 0,
    r.exception ?? acsRequests,
  );
  const incoming = host.fixture('eventgrid-incoming-call-acs-user.docs.json')[0];
  incoming.data.to = { kind: 'phoneNumber', rawId: `4:${BOT}`, phoneNumber: { value: BOT } };
  incoming.data.from = { kind: 'phoneNumber', rawId: `4:${CALLER}`, phoneNumber: { value: CALLER } };
  r = await host.invoke('eventGridIncomingCallTrigger', host.typed(incoming));
  check('inbound: the Event Grid trigger runs', r.ok, r.exception);
  const answer = acsRequests.find((q) => q.path === '/calling/callConnections:answer');
  const inbound = [...host.instances.values()].find(
    (i) => i.name === 'callOrchestration' && i.input?.direction === 'inbound',
  );
  check(
    'inbound: answered from the trigger, one orchestration started',
    answer && inbound,
    acsRequests.map((q) => q.path),
  );
  if (!answer || !inbound) return;
  r = await host.invoke('eventGridIncomingCallTrigger', host.typed(incoming));
  const answers = acsRequests.filter((q) => q.path === '/calling/callConnections:answer').length;
  check(
    'inbound: a redelivered IncomingCall is not answered twice',
    r.ok && answers === 1 && host.instances.size === 1,
    { answers },
  );
  S.checkTranscriptionOptions('inbound answerCall', answer.body, inbound.instanceId);
  await host.durable.pump(inbound.instanceId);
  await converse('inbound', inbound.instanceId, 'conn-1', answer.body.callbackUri, 'Jane Doe');

  console.log('\n== RecordingFileStatusUpdated (docs sample) -> eventGridRecordingTrigger ==');
  const recording = acsRequests.find((q) => q.path === '/calling/recordings');
  check(
    'inbound: the call was recorded from CallConnected',
    recording?.body?.callConnectionId === 'conn-1',
    recording,
  );
  const filesEvent = JSON.parse(
    fs.readFileSync(
      path.join(__dirname, '../../fixtures/eventgrid/recording-file-status-updated.json'),
      'utf8',
    ),
  )[0];
  filesEvent.subject = '/recording/call/corr-1/serverCallId/server-call-1/recordingId/recording-of-conn-1';
  filesEvent.data.recordingStartTime = new Date().toISOString();
  r = await host.invoke('eventGridRecordingTrigger', host.typed(filesEvent));
  check('the recording trigger runs', r.ok, r.exception);
  r = await host.invoke(
    'callRecording',
    host.http('GET', `${PUBLIC_URL}/api/call/${inbound.instanceId}/recording`, {
      params: { call_id: inbound.instanceId },
    }),
  );
  const described = r.returnValue?.body ? JSON.parse(r.returnValue.body) : undefined;
  const [chunk] = filesEvent.data.recordingStorageInfo.recordingChunks;
  check(
    "the recording's content and metadata locations are on the call, for operators",
    described?.files?.[0]?.content_location === chunk.contentLocation &&
      described.files[0].metadata_location === chunk.metadataLocation,
    r.returnValue ?? r.exception,
  );

  // ---------------------------------------------------------------- outbound
  console.log('\n== Outbound: POST /api/call -> createCall with transcription ==');
  const mark = acsRequests.length;
  const claim = [
    { name: 'caller_name', type: 'text', description: 'Full name of the caller' },
    { name: 'incident_description', type: 'text' },
  ];
  const request = {
    bot_company: 'Contoso',
    bot_name: 'Amélie',
    phone_number: CALLER,
    task: 'Help with a claim',
    agent_phone_number: '+33699999999',
    claim,
  };
  r = await host.invoke('callCreate', post('call', request));
  check('outbound: callCreate answers 201', r.returnValue?.status === 201, r.returnValue);
  const outId = JSON.parse(r.returnValue.body).call_id;
  await host.durable.pump(outId);
  const create = since(mark).find((q) => q.path === '/calling/callConnections');
  check(
    'outbound: createCall reached ACS',
    create,
    since(mark).map((q) => q.path),
  );
  if (!create) return;
  S.checkTranscriptionOptions('outbound createCall', create.body, outId);
  await converse('outbound', outId, 'conn-2', create.body.callbackUri, 'John Smith');

  console.log('\n== SMSReceived (docs sample, From "15555555555") -> eventGridSmsTrigger ==');
  r = await host.invoke('eventGridSmsTrigger', host.typed(host.fixture('sms-received.docs.json')[0]));
  check('the SMS trigger takes a sender written without +', r.ok, r.exception);

  const unexpected = acsRequests.filter((q) => q.path.startsWith('webpubsub:'));
  check(
    'no request to the Web PubSub REST API (client tokens are signed locally)',
    unexpected.length === 0,
    unexpected,
  );

  // Last: readiness reaches ACS's and Web PubSub's endpoints (the fakes), which the check above forbids.
  console.log('\n== GET /api/health/ready -> healthReady ==');
  r = await host.invoke('healthReady', host.http('GET', `${PUBLIC_URL}/api/health/ready`));
  const ready = r.returnValue?.body ? JSON.parse(r.returnValue.body) : undefined;
  check(
    'readiness answers 200: the store, ACS and Web PubSub reachable',
    r.returnValue?.status === 200 &&
      ready?.checks?.store === 'ok' &&
      ready?.checks?.telephony === 'ok' &&
      ready?.checks?.web_pubsub === 'ok',
    r.returnValue ?? r.exception,
  );
  fs.writeFileSync(path.join(host.runDir, 'voice-scenario.json'), JSON.stringify({ acsRequests }, null, 2));
  console.log(`\nvoice scenario: ${S.tally.passed} checks passed, ${S.tally.failed} failed`);
};
