import { chmodSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { dataPath, type Config } from '../shared/config';
import type { RouteDeps } from '../shared/http/routes';
import { createLogger } from '../shared/log';
import { openSqliteDatabase } from '../shared/providers/sqlite';
import { LocalPhoneNetwork } from '../shared/providers/telephony/local';
import { createServices, type ServiceOverrides, type Services } from '../shared/services';
import { isInProgress } from '../shared/domain/call';
import type { Logger } from '../shared/log';
import { CALL_ORCHESTRATION } from '../shared/workflow/call-contract';
import { raiseLineEvent } from '../shared/workflow/call-orchestration';
import { createActivities, ORCHESTRATORS } from '../shared/workflow/catalog';
import { startInboundCall } from '../shared/workflow/start-call';
import { lockDataDir } from './data-lock';
import { LocalWorkflowRunner } from '../shared/workflow/runner';

/**
 * The whole product in one process: services on the embedded defaults, the local workflow runner with
 * every orchestrator and activity, and the local phone network wired to the orchestrations.
 */
export interface LocalApp {
  readonly services: Services;
  readonly runner: LocalWorkflowRunner;
  readonly phones: LocalPhoneNetwork;
  /** What the HTTP handlers get. */
  readonly deps: RouteDeps;
  close(): Promise<void>;
}

export async function startLocalApp(config: Config, overrides: ServiceOverrides = {}): Promise<LocalApp> {
  const log = overrides.log ?? createLogger(config.log.level);
  // The data folder holds call transcripts and secrets: the owner's only (0700), even if it existed.
  mkdirSync(resolve(config.data_dir), { recursive: true, mode: 0o700 });
  chmodSync(resolve(config.data_dir), 0o700);
  const unlock = lockDataDir(resolve(config.data_dir));
  const phones = new LocalPhoneNetwork(log);
  // The local phone network unless ACS is configured (the local host as a media bridge on Azure).
  const telephony = config.telephony.backend === 'local' ? phones : undefined;
  const services = await createServices(config, { log, ...(telephony ? { telephony } : {}), ...overrides });

  // Workflow history lives in the embedded database; with Cosmos as the store, in a file of its own.
  const workflowDb = services.sqlite ?? openSqliteDatabase(resolve(dataPath(config, 'workflow.sqlite')));
  const runner = new LocalWorkflowRunner({ db: workflowDb, log });
  for (const [name, orchestrator] of Object.entries(ORCHESTRATORS)) {
    runner.registerOrchestrator(name, orchestrator);
  }
  for (const [name, handler] of Object.entries(createActivities(services))) {
    runner.registerActivity(name, handler);
  }
  const deps: RouteDeps = {
    ...services,
    workflow: runner,
    ports: { ...services.ports, workflow: runner.kind },
  };

  const stopForwarding = phones.onLineEvent((event) => {
    raiseLineEvent(runner, event).catch((error: unknown) =>
      log.warn('line event not delivered', {
        call_id: event.callId,
        event: event.type,
        error: String(error),
      }),
    );
  });
  // A phone dialling the bot is the local network's IncomingCall event.
  const stopAnswering = phones.onIncomingCall((incoming) => {
    startInboundCall(incoming, deps).catch((error: unknown) => {
      phones.cancelDial(incoming.incomingCallContext);
      log.warn('inbound call not started', { error: String(error) });
    });
  });
  // Before the runner resumes anything: the calls the previous process had on the line are gone.
  if (telephony) await endCallsLostByRestart(runner, services, log);
  await runner.start();

  return {
    services,
    runner,
    phones,
    deps,
    async close() {
      stopForwarding();
      stopAnswering();
      await runner.stop();
      if (workflowDb !== services.sqlite) workflowDb.close();
      await services.close();
      unlock();
    },
  };
}

/**
 * The local phone network lives in this process's memory, so a call the previous process left ringing
 * or connected is over: nobody can hear it, and waiting for its maximum duration would keep the number
 * busy (409) and its post-call work and callbacks on hold for an hour. Each such call's orchestration
 * is told the line dropped (`host_restarted`) before the runner resumes, so it ends the call and runs
 * its post-call work once, as after any hang-up. A call not yet placed (`created`) is placed as usual.
 */
async function endCallsLostByRestart(runner: LocalWorkflowRunner, services: Services, log: Logger) {
  let ended = 0;
  for (const { instanceId } of runner.unfinishedInstances(CALL_ORCHESTRATION)) {
    const call = await services.store.get(instanceId);
    if (!call || !isInProgress(call)) continue;
    await raiseLineEvent(runner, { type: 'disconnected', callId: instanceId, reason: 'host_restarted' });
    ended += 1;
  }
  if (ended > 0) log.warn('calls left on the line by the previous process are ended', { calls: ended });
}
