// Reference values computed by the Python generators in tools/reference/ (numpy / scipy /
// PyTorch from Debian) and committed as JSON.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const fixturesDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../reference/fixtures');

export function loadReference<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(resolve(fixturesDir, `${name}.json`), 'utf8')) as T;
}
