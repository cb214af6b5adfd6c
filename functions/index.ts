import { app, type HttpRequest, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { handleRoute, ROUTES } from '../shared/http/routes';
import { ACTIVITY_NAMES, ORCHESTRATORS } from '../shared/workflow/catalog';
import { depsFor, getActivities } from './app-services';
import { toWorkflowClient } from './durable-client';
import './event-grid';
import './voice';

/**
 * The Azure Functions app (Node v4 programming model): every HTTP route of `shared/http/routes`, and
 * every orchestrator and activity of `shared/workflow/catalog`, registered once here; the Event Grid
 * triggers (`event-grid.ts`) and the serverless voice loop's Web PubSub triggers (`voice.ts`) beside.
 * Outside the Functions host these registrations are skipped (the library's test mode); the handlers
 * themselves are plain functions tested directly and mounted by the local host too.
 */

export { getServices } from './app-services';

for (const route of ROUTES) {
  if (route.localOnly) continue;
  app.http(route.name, {
    route: route.route,
    methods: route.methods.filter((method) => method !== 'OPTIONS'),
    authLevel: route.authLevel,
    extraInputs: [df.input.durableClient()],
    handler: async (request: HttpRequest, context: InvocationContext) =>
      handleRoute(route, request, await depsFor(context)),
  });
}

for (const [name, orchestrator] of Object.entries(ORCHESTRATORS)) {
  df.app.orchestration(name, orchestrator);
}

// Handlers need the services, which are built on first use rather than at load.
for (const name of ACTIVITY_NAMES) {
  df.app.activity(name, {
    extraInputs: [df.input.durableClient()],
    handler: async (input: unknown, context: InvocationContext) => {
      const handler = (await getActivities())[name];
      if (!handler) throw new Error(`No activity named ${name}`);
      return handler(input, { workflow: toWorkflowClient(df.getClient(context)) });
    },
  });
}
