import { createRequire } from 'node:module';

function readVersion(): string {
  // dist/*.js and src/*.ts both sit one level below the package root.
  try {
    return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** This package's version, from its package.json. */
export const CLI_VERSION = readVersion();
