/* global process, console, fetch -- Node globals: eslint.config.mjs declares none for plain .mjs files */
// azd postdeploy hook: what needs the deployed code, then the next steps.
// 1. infra/events.bicep: the Web PubSub hub's event handler (its URL carries the host's webpubsub_extension
//    system key, created when the host first runs) and the Event Grid subscriptions to the app's triggers.
// 2. The AI Search index, when search is enabled (data plane: not in a template).
// 3. The summary: API URL, how to get a function key, the phone number step, the smoke check.
// Needs the Azure CLI, logged in to the same subscription as azd (`az login`).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const env = process.env;
const required = [
  'AZURE_RESOURCE_GROUP',
  'AZURE_FUNCTION_APP_NAME',
  'AZURE_ACS_NAME',
  'AZURE_WEB_PUBSUB_NAME',
];
const missing = required.filter((name) => !env[name]);
if (missing.length > 0) {
  console.error(`postdeploy: ${missing.join(', ')} not in the azd environment; run \`azd provision\` first.`);
  process.exit(1);
}
const group = env.AZURE_RESOURCE_GROUP;
const app = env.AZURE_FUNCTION_APP_NAME;
// On Windows the CLI is az.cmd, which only a shell finds (the arguments here carry no spaces or quotes).
const az = (args) =>
  execFileSync('az', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    shell: process.platform === 'win32',
  }).trim();

// The system key and the functions appear once the host has started on the new package: retry a while.
const parameters = [
  `functionAppName=${app}`,
  `acsName=${env.AZURE_ACS_NAME}`,
  `webPubSubName=${env.AZURE_WEB_PUBSUB_NAME}`,
  `webPubSubHub=${env.WEB_PUBSUB_HUB || 'calls'}`,
  `acsPhoneNumber=${env.ACS_PHONE_NUMBER || ''}`,
];
for (let attempt = 1; ; attempt++) {
  try {
    console.log(`Wiring Web PubSub and Event Grid to ${app} (infra/events.bicep), attempt ${attempt}...`);
    az([
      'deployment',
      'group',
      'create',
      '-g',
      group,
      '-n',
      'events',
      '-f',
      'infra/events.bicep',
      '-o',
      'none',
      '-p',
      ...parameters,
    ]);
    break;
  } catch (error) {
    if (attempt >= 6) throw error;
    // Waking the host creates the extension's system key.
    await fetch(
      `https://${az(['functionapp', 'show', '-g', group, '-n', app, '--query', 'defaultHostName', '-o', 'tsv'])}/api/health`,
    ).catch(() => {});
    await sleep(20_000);
  }
}

if (env.AZURE_SEARCH_NAME) {
  const service = env.AZURE_SEARCH_NAME;
  const index = env.AZURE_SEARCH_INDEX || 'documents';
  const adminKey = az([
    'search',
    'admin-key',
    'show',
    '-g',
    group,
    '--service-name',
    service,
    '--query',
    'primaryKey',
    '-o',
    'tsv',
  ]);
  const schema = { ...JSON.parse(readFileSync('infra/search-index.json', 'utf8')), name: index };
  const response = await fetch(
    `https://${service}.search.windows.net/indexes/${index}?api-version=2023-11-01`,
    {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'api-key': adminKey },
      body: JSON.stringify(schema),
    },
  );
  if (!response.ok)
    throw new Error(`Creating search index ${index}: ${response.status} ${await response.text()}`);
  console.log(
    `Search index ${index} ready on ${service}: upload documents with fields title, content, source.`,
  );
}

const url = env.SERVICE_API_URL ?? '(see azd show)';
const number = env.ACS_PHONE_NUMBER;
console.log(`
Deployed.
  API:           ${url}/api   (health: ${url}/api/health)
  Function key:  az functionapp keys list -g ${group} -n ${app} --query functionKeys.default -o tsv
  Smoke check:   FUNCTION_KEY=$(az functionapp keys list -g ${group} -n ${app} --query functionKeys.default -o tsv) npm run smoke -- ${url}
${
  number
    ? `  Phone number:  ${number} answers calls.${env.ACS_PHONE_NUMBER_HAS_SMS === 'true' ? ' Texts go out from it.' : ''}`
    : `  Phone number:  none yet. The one manual step: buy a number on ACS resource ${env.AZURE_ACS_NAME}
                 (portal: Phone numbers > Get, with inbound and outbound calling, and SMS if you want texts), then
                   azd env set ACS_PHONE_NUMBER +<number>
                   azd env set ACS_PHONE_NUMBER_HAS_SMS true   # if it has SMS
                   azd up`
}`);
