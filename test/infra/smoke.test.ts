import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';

/** `npm run smoke` (infra/smoke.mjs) run as a user would, against the real local host. */

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function smoke(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['infra/smoke.mjs', ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

let host: RunningLocalHost;

beforeAll(async () => {
  host = await startLocalHost();
});

afterAll(async () => {
  await host?.close();
});

describe('npm run smoke', () => {
  it('passes with --local against a local host, printing each port and its backend', async () => {
    const run = await smoke(host.baseUrl, '--local');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('/api/health: 200 ok');
    expect(run.stdout).toMatch(/store\s+sqlite\s+ok/);
    expect(run.stdout).toMatch(/telephony\s+local\s+ok/);
    expect(run.stdout).toMatch(/voice\s+local\s+ok/);
    expect(run.stdout).toMatch(/flags\s+config-file\s+ok/);
    expect(run.stdout).toMatch(/stt\s+pocketsphinx\s+ok/);
    expect(run.stdout).toMatch(/tts\s+flite(\+espeak-ng)?\s+ok/);
    expect(run.stdout).toContain('Smoke check passed.');
  });

  it('fails against the local host when the Azure backends are expected, naming each port that is not', async () => {
    const run = await smoke(`${host.baseUrl}/api/`);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('store is sqlite, expected cosmos');
    expect(run.stderr).toContain('sms is outbox, expected acs');
    expect(run.stderr).toContain('llm is offline agent, expected azure-openai');
    expect(run.stderr).toContain('stt is pocketsphinx, expected azure-speech');
    expect(run.stderr).toContain('voice is local, expected web-pubsub');
    expect(run.stderr).toContain('flags is config-file, expected app-configuration');
  });

  it('places a call with --call, which the host then has', async () => {
    const number = '+33612345678';
    const run = await smoke(host.baseUrl, '--local', '--call', number);
    expect(run.code).toBe(0);
    const callId = run.stdout.match(/call_id (\S+)/)?.[1];
    expect(callId).toBeDefined();
    // The number itself stays out of the output.
    expect(run.stdout).not.toContain(number);
    const stored = await fetch(`${host.baseUrl}/api/call/${callId}`);
    expect(stored.status).toBe(200);
    expect(((await stored.json()) as { initiate: { phone_number: string } }).initiate.phone_number).toBe(
      number,
    );
  });

  it('refuses bad arguments with what is wrong, before any request', async () => {
    expect(await smoke()).toMatchObject({ code: 2, stderr: expect.stringContaining('base-url is required') });
    expect(await smoke('ftp://example.com')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('base-url: expected http(s)://'),
    });
    expect(await smoke(host.baseUrl, '--call', '0612345678')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--call: expected a phone number in E.164 form'),
    });
  });

  it('accepts the backend names the app reports on Azure: a host on ACS, Web PubSub, ACS SMS and a model', async () => {
    // Configured as app-settings.bicep configures the Functions app, minus Cosmos DB and App Configuration
    // (the local host cannot reach them here): nothing below is contacted to answer /api/health.
    const secret = Buffer.alloc(32, 7).toString('base64');
    const azureLike = await startLocalHost({
      host: { public_url: 'https://callcenter.example.net' },
      security: { callback_secret: secret, report_secret: secret },
      telephony: {
        backend: 'acs',
        acs: {
          connection_string: `endpoint=https://contoso.communication.azure.com/;accesskey=${secret}`,
          phone_number: '+33100000000',
          resource_id: '1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9',
          cognitive_services_endpoint: 'https://contoso-ai.cognitiveservices.azure.com/',
          web_pubsub: {
            connection_string: `Endpoint=https://contoso.webpubsub.azure.com;AccessKey=${secret};Version=1.0;`,
          },
        },
      },
      sms: { backend: 'acs' },
      llm: {
        fast: {
          endpoint: 'https://contoso.openai.azure.com/',
          api_key: 'key',
          model: 'gpt-4o-mini',
          azure_api_version: '2024-10-21',
        },
      },
    });
    try {
      const run = await smoke(azureLike.baseUrl);
      expect(run.stdout).toMatch(/telephony\s+acs\s+ok/);
      expect(run.stdout).toMatch(/voice\s+web-pubsub\s+ok/);
      expect(run.stdout).toMatch(/sms\s+acs\s+ok/);
      expect(run.stdout).toMatch(/llm\s+azure-openai\s+ok/);
      expect(run.stdout).toMatch(/stt\s+azure-speech\s+ok/);
      expect(run.stdout).toMatch(/tts\s+azure-speech\s+ok/);
      // Only the two backends this host does not have are reported.
      expect(run.code).toBe(1);
      expect(run.stderr.match(/^ {2}- .*$/gm)).toEqual([
        '  - store is sqlite, expected cosmos',
        '  - flags is config-file, expected app-configuration',
      ]);
    } finally {
      await azureLike.close();
    }
  });

  it('fails when nothing answers', async () => {
    const run = await smoke('http://127.0.0.1:9', '--local');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Smoke check failed');
  });
});
