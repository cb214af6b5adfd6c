/* global process, console, fetch, URL, AbortSignal -- Node globals: eslint.config.mjs declares none for plain .mjs files */
// Smoke check of a deployed (or local) call center: `npm run smoke -- <base-url> [--local] [--call +E164]`.
//
// GET /api/health and print the backend serving each port; fail unless each is the one the deployment is
// meant to have: the Azure ones by default (what infra/main.bicep selects), the embedded ones with --local
// (`npm start` with no configuration). With --call, also place a call to that number (POST /api/call) and
// print its id. The function key comes from env FUNCTION_KEY (Azure), the local host's API key from env
// CALLCENTER_API_KEY (when it is exposed beyond loopback).

const EXPECTED = {
  azure: {
    store: ['cosmos'],
    llm: ['azure-openai'],
    sms: ['acs'],
    telephony: ['acs'],
    flags: ['app-configuration'],
    voice: ['web-pubsub'],
    // ACS speaks and transcribes with the AI Services resource the calls name.
    stt: ['azure-speech'],
    tts: ['azure-speech'],
  },
  local: {
    store: ['sqlite'],
    llm: ['offline agent'],
    sms: ['outbox'],
    telephony: ['local'],
    flags: ['config-file'],
    voice: ['local'],
    stt: ['pocketsphinx'],
    // espeak-ng joins Flite for other languages where it is installed.
    tts: ['flite', 'flite+espeak-ng'],
  },
};

const USAGE =
  'usage: npm run smoke -- <base-url> [--local] [--call +E164]   (env FUNCTION_KEY: the function key)';

function parseArgs(argv) {
  const options = { local: false, call: undefined, baseUrl: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--local') options.local = true;
    else if (arg === '--call') options.call = argv[++i];
    else if (arg === '--help' || arg === '-h') throw new UsageError('');
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (options.baseUrl === undefined) options.baseUrl = arg;
    else throw new UsageError(`unexpected argument ${arg}`);
  }
  if (!options.baseUrl) throw new UsageError('base-url is required');
  let url;
  try {
    url = new URL(options.baseUrl);
  } catch {
    throw new UsageError(`base-url: not a URL: ${options.baseUrl}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`base-url: expected http(s)://, got ${url.protocol}`);
  }
  // Either the site root or its /api: both are accepted.
  options.baseUrl = url.href.replace(/\/+$/, '').replace(/\/api$/, '');
  if (options.call !== undefined && !/^\+[1-9]\d{6,14}$/.test(options.call)) {
    throw new UsageError('--call: expected a phone number in E.164 form, like +33612345678');
  }
  return options;
}

class UsageError extends Error {}

function authHeaders() {
  const headers = {};
  if (process.env.FUNCTION_KEY) headers['x-functions-key'] = process.env.FUNCTION_KEY;
  if (process.env.CALLCENTER_API_KEY) headers['x-api-key'] = process.env.CALLCENTER_API_KEY;
  return headers;
}

async function checkHealth(options) {
  const url = `${options.baseUrl}/api/health`;
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  const body = await response.json().catch(() => undefined);
  console.log(`GET ${url}: ${response.status} ${body?.status ?? '(no JSON body)'}`);
  const problems = [];
  if (response.status !== 200)
    problems.push(
      `health answered ${response.status}${body?.failing ? ` (failing: ${body.failing.join(', ')})` : ''}`,
    );
  const ports = body?.ports ?? {};
  const expected = EXPECTED[options.local ? 'local' : 'azure'];
  for (const port of new Set([...Object.keys(expected), ...Object.keys(ports)])) {
    const actual = ports[port];
    const wanted = expected[port];
    let verdict = 'ok';
    if (wanted && !wanted.includes(actual)) {
      verdict = `expected ${wanted.join(' or ')}`;
      problems.push(`${port} is ${actual ?? 'missing'}, expected ${wanted.join(' or ')}`);
    } else if (!wanted) verdict = '(not checked)';
    console.log(`  ${port.padEnd(10)} ${String(actual ?? '-').padEnd(20)} ${verdict}`);
  }
  return problems;
}

async function placeCall(options) {
  const response = await fetch(`${options.baseUrl}/api/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify({
      bot_company: 'Contoso',
      bot_name: 'Amélie',
      phone_number: options.call,
      agent_phone_number: options.call,
      task: 'Smoke test: greet the person, ask how they are, and end the call politely.',
    }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = await response.json().catch(() => undefined);
  if (response.status !== 201) {
    return [`POST /api/call answered ${response.status}: ${body?.error?.message ?? JSON.stringify(body)}`];
  }
  // Never the full number in output that may end up in a CI log.
  console.log(
    `Call placed to …${options.call.slice(-2)}: call_id ${body.call_id} (GET /api/call/${body.call_id})`,
  );
  return [];
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message ? `${error.message}\n${USAGE}` : USAGE);
    return error.message ? 2 : 0;
  }
  const problems = await checkHealth(options);
  if (options.call && problems.length === 0) problems.push(...(await placeCall(options)));
  if (problems.length > 0) {
    console.error(`Smoke check failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    if (!options.local && problems.some((p) => p.startsWith('telephony'))) {
      console.error(
        '  (telephony, voice and sms are local until a phone number is set: see infra/README.md)',
      );
    }
    return 1;
  }
  console.log('Smoke check passed.');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`Smoke check failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
