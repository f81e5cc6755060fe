/**
 * An error the CLI reports as one sentence, with its exit code: 1 for a failure, 2 for a
 * usage mistake (bad flag value, missing argument, unknown config key).
 */
export class CliError extends Error {
  readonly exitCode: 1 | 2;
  constructor(message: string, exitCode: 1 | 2 = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A usage mistake: exit code 2. */
export function usageError(message: string): CliError {
  return new CliError(message, 2);
}
