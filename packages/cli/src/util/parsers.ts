// Argument parsers for commander: a bad value is a usage error (exit 2) in one sentence.
import { usageError } from './cli-error';

export function intArg(flag: string, min = 0): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw usageError(`${flag} must be an integer ≥ ${min}, got "${value}".`);
    return n;
  };
}

export function floatArg(flag: string, min = -Infinity): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min) throw usageError(`${flag} must be a number ≥ ${min}, got "${value}".`);
    return n;
  };
}

export function choiceArg<T extends string>(flag: string, choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value)) throw usageError(`${flag} must be one of ${choices.join(', ')}, got "${value}".`);
    return value as T;
  };
}
