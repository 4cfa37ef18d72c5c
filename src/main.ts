// Entry point: `node dist/main.js [all|api|bot|worker|migrate|backup]` (or
// APP_ROLE), `restore FILE`, `healthcheck [role]`; the program is cli.ts.
// This file only holds V8's young generation small while the program loads
// (runtime/young-generation.ts): it must run before any other module is
// loaded, and Node loads a module's whole static import graph before the
// module's first line runs, hence the dynamic import.
import { holdYoungGeneration } from './runtime/young-generation.js';

holdYoungGeneration();
import('./cli.js').then(
  (cli) => cli.run(),
  (err: unknown) => {
    process.stderr.write(`finance-bot failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
