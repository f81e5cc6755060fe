// The real third-party files live beside the project in ../shared/fixtures/real. A user's clone
// does not have them: tests that need them skip, and say so.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

export function realFixturesDir(): string | null {
  const dir = process.env.HARMONIZATION_REAL_FIXTURES ?? join(repoRoot, '..', 'shared', 'fixtures', 'real');
  return existsSync(dir) ? dir : null;
}

/** Path of a file under fixtures/real, or null when the folder is absent. */
export function realFixture(...parts: string[]): string | null {
  const dir = realFixturesDir();
  return dir ? join(dir, ...parts) : null;
}

let warned = false;
/** True when real fixtures are missing; prints one visible note the first time. */
export function skipWithoutRealFixtures(): boolean {
  if (realFixturesDir()) return false;
  if (!warned) {
    console.warn('[harmonization tests] ../shared/fixtures/real is absent: tests on real third-party files are SKIPPED.');
    warned = true;
  }
  return true;
}
