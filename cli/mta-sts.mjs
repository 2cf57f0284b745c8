#!/usr/bin/env node
// The `mta-sts` bin (package.json "bin"; `npx mta-sts …`, `npm run -s mta-sts -- …`): loads the TypeScript
// entry through tsx and prints nothing but the command's own output.
import { tsImport } from 'tsx/esm/api';

const [{ main }, { createProcessIo }] = await Promise.all([
  tsImport('./main.ts', import.meta.url),
  tsImport('./io.ts', import.meta.url),
]);

let code = 2;
// A reader that goes away (`mta-sts … | head`) ends the run quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(code);
    throw error;
  });
}
try {
  code = await main(process.argv.slice(2), createProcessIo());
} catch (error) {
  process.stderr.write(`mta-sts: internal error: ${error?.stack ?? error}\n`);
  code = 2;
}
// Exit as soon as the output is written. main() leaves nothing running (lookups cancelled, connections closed:
// see cli/net.ts), so this only guards against a stray timer or socket keeping a finished run alive.
const flushed = (stream) => new Promise((resolve) => stream.write('', resolve));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
