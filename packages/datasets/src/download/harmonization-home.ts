import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The cache folder shared by data and weights: `$HARMONIZATION_HOME` when set, else
 * `$XDG_CACHE_HOME/harmonization`, else `~/.cache/harmonization`. Read at each call, so a
 * program may set the variable after import.
 */
export function harmonizationHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HARMONIZATION_HOME) return env.HARMONIZATION_HOME;
  const cache = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'harmonization');
}
