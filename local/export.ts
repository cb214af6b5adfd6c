import { ConfigError } from '../shared/config';
import { runExport, UsageError } from './export-calls';

/** `npm run export`: see export-calls.ts (and --help). */
runExport(process.argv.slice(2), { stdout: process.stdout, stderr: (line) => console.error(line) })
  .then((written) => {
    if (written !== undefined) console.error(`Done: ${written} examples.`);
  })
  .catch((error: unknown) => {
    if (error instanceof ConfigError || error instanceof UsageError) console.error(error.message);
    else console.error(`The export stopped: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  });
