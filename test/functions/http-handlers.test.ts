import { HttpRequest } from '@azure/functions';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handleRoute, ROUTES, type Route } from '../../shared/http/routes';
import { ACTIVITY_NAMES, ORCHESTRATORS } from '../../shared/workflow/catalog';
import { EXAMPLE_REQUEST } from '../support/calls';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';

/**
 * The Functions app hands @azure/functions' own HttpRequest to our handlers. These tests build that
 * object exactly as the Functions host would (the library's documented test constructor) and check
 * the handlers read it correctly: headers, query, route params, body.
 */
let host: RunningLocalHost;
beforeAll(async () => {
  host = await startLocalHost();
});
afterAll(async () => host?.close());

const route = (name: string) => ROUTES.find((r) => r.name === name) as Route;

describe('handlers under the Functions request type', () => {
  it('creates a call from a Functions HttpRequest and reads it back by route param', async () => {
    const created = await handleRoute(
      route('callCreate'),
      new HttpRequest({
        method: 'POST',
        url: 'http://localhost:7071/api/call',
        headers: { 'content-type': 'application/json' },
        body: { string: JSON.stringify({ ...EXAMPLE_REQUEST, phone_number: '+33655555555' }) },
      }),
      host.app.deps,
    );
    expect(created.status).toBe(201);
    const callId = (created.jsonBody as { call_id: string }).call_id;

    const read = await handleRoute(
      route('callGet'),
      new HttpRequest({
        method: 'GET',
        url: `http://localhost:7071/api/call/${callId}`,
        params: { call_id: callId },
      }),
      host.app.deps,
    );
    expect(read.status).toBe(200);
    expect((read.jsonBody as { call_id: string }).call_id).toBe(callId);
  });

  it('reads the query string of a Functions HttpRequest', async () => {
    const listed = await handleRoute(
      route('callList'),
      new HttpRequest({
        method: 'GET',
        url: 'http://localhost:7071/api/call?phone_number=%2B33655555555',
        query: { phone_number: '+33655555555' },
      }),
      host.app.deps,
    );
    expect(listed.status).toBe(200);
    expect((listed.jsonBody as unknown[]).length).toBeGreaterThan(0);
  });

  it('answers the error shape for a bad body', async () => {
    const response = await handleRoute(
      route('callCreate'),
      new HttpRequest({
        method: 'POST',
        url: 'http://localhost:7071/api/call',
        headers: { 'content-type': 'application/json' },
        body: { string: '{"bot_company":' },
      }),
      host.app.deps,
    );
    expect(response.status).toBe(400);
    expect(response.jsonBody).toMatchObject({ error: { details: [{ field: 'body' }] } });
  });
});

describe('the Functions entry point', () => {
  it('registers every route, orchestrator and activity, and builds no service at load', async () => {
    // Outside the Functions host the library skips each registration with a warning naming it.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const entry = await import('../../functions/index.js');
      expect(typeof entry.getServices).toBe('function');
      const registered = warn.mock.calls
        .map((args) => /register function "([^"]+)"/.exec(String(args[0]))?.[1])
        .filter((name): name is string => name !== undefined);
      expect(registered.sort()).toEqual(
        [
          ...ROUTES.filter((r) => !r.localOnly).map((r) => r.name),
          ...Object.keys(ORCHESTRATORS),
          ...ACTIVITY_NAMES,
          // Event Grid and Web PubSub triggers: ACS's system topic, and the serverless voice loop.
          'eventGridIncomingCallTrigger',
          'eventGridSmsTrigger',
          'eventGridRecordingTrigger',
          'voiceConnect',
          'voiceTranscription',
          'voiceDisconnected',
        ].sort(),
      );
    } finally {
      warn.mockRestore();
    }
  });
});
