/* global process, console -- Node globals: eslint.config.mjs declares none for plain .mjs files */
// azd preprovision hook: generates the app's two signing secrets once (32 random bytes, base64) into the
// azd environment, from which infra/main.parameters.json passes them to the template, which stores them in
// Key Vault. Generated once and reused: a new callback secret would break the callbacks of calls in
// progress, a new report secret the report links already sent.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

for (const name of ['CALLBACK_SECRET', 'REPORT_SECRET']) {
  // azd passes the environment's values to its hooks as environment variables.
  if (process.env[name]) continue;
  execFileSync('azd', ['env', 'set', name, randomBytes(32).toString('base64')], { stdio: 'inherit' });
  console.log(`Generated ${name} into the azd environment (.azure/<env>/.env): keep it.`);
}
