#!/usr/bin/env node
import { main } from './main';

// `harmonize zoo list | head`: a closed pipe is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`harmonize: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
