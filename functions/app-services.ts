import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { loadConfig } from '../shared/config';
import type { RouteDeps } from '../shared/http/routes';
import { createServices, type Services } from '../shared/services';
import { createActivities } from '../shared/workflow/catalog';
import type { ActivityHandler } from '../shared/workflow/context';
import { toWorkflowClient } from './durable-client';

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
export function getActivities(): Promise<Record<string, ActivityHandler>> {
  activities ??= getServices().then(createActivities);
  return activities;
}

/** The services plus this invocation's Durable client (every trigger declares the durableClient input). */
export async function depsFor(context: InvocationContext): Promise<RouteDeps> {
  const base = await getServices();
  const workflow = toWorkflowClient(df.getClient(context));
  return { ...base, workflow, ports: { ...base.ports, workflow: workflow.kind } };
}
