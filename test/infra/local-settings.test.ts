import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config';
import { makeTempDir } from '../support/tmp';
import { configKeyOf, RUNTIME_SETTINGS } from './drift';

/**
 * local.settings.example.json is what `func start` gets after `cp local.settings.example.json
 * local.settings.json`: its Values become the app's environment, and it must start as is.
 */

const values = (
  JSON.parse(readFileSync('local.settings.example.json', 'utf8')) as { Values: Record<string, string> }
).Values;

const dirs: Array<{ remove(): void }> = [];
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));

describe('local.settings.example.json', () => {
  it('loads as is: the config validates, with the embedded backends until the blanks are filled in', () => {
    const tmp = makeTempDir();
    dirs.push(tmp);
    const config = loadConfig({ env: { ...values }, cwd: tmp.dir });
    expect(config.store.cosmos.endpoint).toBeUndefined();
    expect(config.telephony.backend).toBe('local');
    expect(config.sms.backend).toBe('outbox');
    expect(config.telephony.acs.web_pubsub.hub).toBe('calls');
    expect(config.llm.fast.model).toBe('gpt-4o-mini');
  });

  it('names only settings the app or the Functions runtime reads', () => {
    const unread = Object.keys(values).filter((name) => !RUNTIME_SETTINGS.has(name) && !configKeyOf(name));
    expect(unread).toEqual([]);
  });

  it('loads with the Azure settings filled in, as infra/README.md describes', () => {
    const tmp = makeTempDir();
    dirs.push(tmp);
    const filled = {
      ...values,
      COSMOS_ENDPOINT: 'https://example.documents.azure.com:443/',
      COSMOS_KEY: 'a-key',
      LLM__FAST__ENDPOINT: 'https://example.openai.azure.com/',
      TELEPHONY__BACKEND: 'acs',
      PUBLIC_URL: 'https://example.ngrok.app',
      ACS_PHONE_NUMBER: '+33123456789',
      COGNITIVE_SERVICES_ENDPOINT: 'https://example.cognitiveservices.azure.com/',
      SMS__BACKEND: 'acs',
    };
    const config = loadConfig({ env: filled, cwd: tmp.dir });
    expect(config.telephony.backend).toBe('acs');
    expect(config.store.cosmos.endpoint).toBe('https://example.documents.azure.com:443/');
  });
});
