import type { DurableClient } from 'durable-functions';
import type { OrchestrationStatus, WorkflowClient } from '../shared/workflow/context';

const RUNNING_STATES = new Set(['Pending', 'Running', 'ContinuedAsNew']);

/** durable-functions' client, seen through our `WorkflowClient` port. */
export function toWorkflowClient(client: DurableClient): WorkflowClient {
  return {
    kind: 'durable-functions',
    async startNew(name, { instanceId, input }) {
      // Same rule as the local runner: a finished instance restarts, a running one is not replaced.
      const existing = await getStatusOrUndefined(client, instanceId);
      if (existing && RUNNING_STATES.has(existing.runtimeStatus)) {
        throw Object.assign(new Error(`Orchestration ${instanceId} is still running`), {
          code: 'instance_running',
        });
      }
      return client.startNew(name, { instanceId, input });
    },
    raiseEvent: (instanceId, eventName, eventData) => client.raiseEvent(instanceId, eventName, eventData),
    async getStatus(instanceId) {
      const status = await getStatusOrUndefined(client, instanceId);
      if (!status) return undefined;
      const runtimeStatus = (
        status.runtimeStatus === 'ContinuedAsNew' ? 'Running' : status.runtimeStatus
      ) as OrchestrationStatus['runtimeStatus'];
      return {
        instanceId: status.instanceId,
        name: status.name,
        runtimeStatus,
        input: status.input,
        output: status.output,
        customStatus: status.customStatus,
        createdTime: new Date(status.createdTime),
        lastUpdatedTime: new Date(status.lastUpdatedTime),
      };
    },
    terminate: (instanceId, reason) => client.terminate(instanceId, reason),
  };
}

/** durable-functions throws for an unknown instance; for us that is "no status". */
async function getStatusOrUndefined(client: DurableClient, instanceId: string) {
  try {
    const status = await client.getStatus(instanceId);
    return status?.instanceId ? status : undefined;
  } catch (error) {
    if (/not found|404/i.test(String(error))) return undefined;
    throw error;
  }
}
