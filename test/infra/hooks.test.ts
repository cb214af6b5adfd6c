import { execFile } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/tmp';

/**
 * The azd hooks (infra/hooks/*.mjs) run as azd runs them, with `azd` and `az` replaced on PATH by scripts
 * that record their arguments (the CLIs are the boundary) and answer like the real ones.
 */

const dirs: Array<{ remove(): void }> = [];
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));

/** A PATH whose `azd` and `az` append their arguments, one call per line, to calls.log. */
function fakeClis(azOutput = ''): { path: string; calls: () => string[] } {
  const tmp = makeTempDir();
  dirs.push(tmp);
  const log = join(tmp.dir, 'calls.log');
  for (const cli of ['azd', 'az']) {
    const file = join(tmp.dir, cli);
    const answer = cli === 'az' ? `printf '%s' '${azOutput}'` : 'true';
    writeFileSync(file, `#!/bin/sh\necho "${cli} $*" >> '${log}'\n${answer}\n`);
    chmodSync(file, 0o755);
  }
  return {
    path: `${tmp.dir}:${process.env.PATH}`,
    calls: () => {
      try {
        return readFileSync(log, 'utf8').trim().split('\n');
      } catch {
        return [];
      }
    },
  };
}

function run(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script], { env, timeout: 20_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('preprovision hook', () => {
  it('generates each signing secret once: 32 random bytes, base64, into the azd environment', async () => {
    const clis = fakeClis();
    const first = await run('infra/hooks/preprovision.mjs', { PATH: clis.path });
    expect(first.code).toBe(0);
    const sets = clis.calls();
    expect(sets.map((line) => line.split(' ').slice(0, 4).join(' '))).toEqual([
      'azd env set CALLBACK_SECRET',
      'azd env set REPORT_SECRET',
    ]);
    const values = sets.map((line) => line.split(' ')[4] as string);
    for (const value of values) expect(Buffer.from(value, 'base64')).toHaveLength(32);
    expect(values[0]).not.toBe(values[1]);
  });

  it('keeps secrets the environment already has', async () => {
    const clis = fakeClis();
    const again = await run('infra/hooks/preprovision.mjs', {
      PATH: clis.path,
      CALLBACK_SECRET: 'kept',
      REPORT_SECRET: 'kept too',
    });
    expect(again.code).toBe(0);
    expect(clis.calls()).toEqual([]);
  });
});

describe('postdeploy hook', () => {
  const env = {
    AZURE_RESOURCE_GROUP: 'rg-callcenter',
    AZURE_FUNCTION_APP_NAME: 'callcenter-func-abc',
    AZURE_ACS_NAME: 'callcenter-acs-abc',
    AZURE_WEB_PUBSUB_NAME: 'callcenter-wps-abc',
    WEB_PUBSUB_HUB: 'calls',
    SERVICE_API_URL: 'https://callcenter-func-abc.azurewebsites.net',
  };

  it("deploys events.bicep with the environment's names, then prints the URL, the key command and the number step", async () => {
    const clis = fakeClis();
    const result = await run('infra/hooks/postdeploy.mjs', { PATH: clis.path, ...env });
    expect(result.code).toBe(0);
    expect(clis.calls()).toEqual([
      'az deployment group create -g rg-callcenter -n events -f infra/events.bicep -o none -p functionAppName=callcenter-func-abc acsName=callcenter-acs-abc webPubSubName=callcenter-wps-abc webPubSubHub=calls acsPhoneNumber=',
    ]);
    expect(result.stdout).toContain('API:           https://callcenter-func-abc.azurewebsites.net/api');
    expect(result.stdout).toContain(
      'az functionapp keys list -g rg-callcenter -n callcenter-func-abc --query functionKeys.default -o tsv',
    );
    expect(result.stdout).toContain('npm run smoke -- https://callcenter-func-abc.azurewebsites.net');
    expect(result.stdout).toContain('azd env set ACS_PHONE_NUMBER');
  });

  it('filters Event Grid on the number once there is one, and says it answers', async () => {
    const clis = fakeClis();
    const result = await run('infra/hooks/postdeploy.mjs', {
      PATH: clis.path,
      ...env,
      ACS_PHONE_NUMBER: '+18005550100',
    });
    expect(result.code).toBe(0);
    expect(clis.calls()[0]).toMatch(/acsPhoneNumber=\+18005550100$/);
    expect(result.stdout).toContain('+18005550100 answers calls.');
  });

  it('stops, naming what is missing, outside an azd environment', async () => {
    const clis = fakeClis();
    const result = await run('infra/hooks/postdeploy.mjs', { PATH: clis.path });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'AZURE_RESOURCE_GROUP, AZURE_FUNCTION_APP_NAME, AZURE_ACS_NAME, AZURE_WEB_PUBSUB_NAME',
    );
    expect(clis.calls()).toEqual([]);
  });
});
