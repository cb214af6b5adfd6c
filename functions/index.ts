import { app, type HttpRequest, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { loadConfig } from '../shared/config';
import { handleRoute, ROUTES, type RouteDeps } from '../shared/http/routes';
import { createServices, type Services } from '../shared/services';
import { ACTIVITY_NAMES, createActivities, ORCHESTRATORS } from '../shared/workflow/catalog';
import type { ActivityHandler } from '../shared/workflow/context';
import { toWorkflowClient } from './durable-client';

/**
 * The Azure Functions app (Node v4 programming model): every HTTP route of `shared/http/routes`, and
 * every orchestrator and activity of `shared/workflow/catalog`, registered once here. Outside the
 * Functions host these registrations are skipped (the library's test mode); the handlers themselves
 * are plain functions tested directly and mounted by the local host too.
 */

let services: Promise<Services> | undefined;
/**
 * One set of services per worker process, created on first use (config errors surface in the logs).
 * A failed creation is not cached: a store that was briefly unreachable must not break the worker for good.
 */
export function getServices(): Promise<Services> {
  services ??= createServices(loadConfig()).catch((error: unknown) => {
    services = undefined;
    throw error;
  });
  return services;
}

let activities: Promise<Record<string, ActivityHandler>> | undefined;
function getActivities(): Promise<Record<string, ActivityHandler>> {
  activities ??= getServices().then(createActivities);
  return activities;
}

async function routeDeps(context: InvocationContext): Promise<RouteDeps> {
  const base = await getServices();
  const workflow = toWorkflowClient(df.getClient(context));
  return { ...base, workflow, ports: { ...base.ports, workflow: workflow.kind } };
}

for (const route of ROUTES) {
  app.http(route.name, {
    route: route.route,
    methods: [...route.methods],
    authLevel: route.authLevel,
    extraInputs: [df.input.durableClient()],
    handler: async (request: HttpRequest, context: InvocationContext) =>
      handleRoute(route, request, await routeDeps(context)),
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
