// `--config file.json`: an object whose keys are a command's option names (camelCase, as in
// `--batch-size` → `batchSize`). Values from the file fill options the command line left at
// their defaults; flags given on the command line always win.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { usageError } from './cli-error';

/** Applies the config file named by `--config` (if any) to `cmd`'s option values. */
export function applyConfigFile(cmd: Command): void {
  const path = cmd.getOptionValue('config') as string | undefined;
  if (!path) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (error as Error).message.split('\n')[0];
    throw usageError(`--config ${path} could not be read: ${why}.`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw usageError(`--config ${path} must hold a JSON object of option values, got ${Array.isArray(parsed) ? 'an array' : typeof parsed}.`);
  }
  const known = new Map(cmd.options.map((o) => [o.attributeName(), o]));
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    const option = known.get(key);
    if (!option || key === 'config') {
      const names = [...known.keys()].filter((k) => k !== 'config' && k !== 'help').join(', ');
      throw usageError(`--config ${path} has an unknown key "${key}"; the ${cmd.name()} command takes: ${names}.`);
    }
    const source = cmd.getOptionValueSource(key);
    if (source === 'cli' || source === 'env') continue;
    let v: unknown = value;
    // Flags with a parser (numbers, choices) get the same validation as on the command line.
    const parse = (option as unknown as { parseArg?: (value: string, previous: unknown) => unknown }).parseArg;
    if (parse && (typeof value === 'string' || typeof value === 'number')) v = parse(String(value), undefined);
    cmd.setOptionValueWithSource(key, v, 'config');
  }
}
