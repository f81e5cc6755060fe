// Entry point shared by bin.ts and tests: parse, run, map every outcome to an exit code
// (0 ok, 1 failure, 2 usage) and one sentence on stderr.
import { CommanderError } from 'commander';
import { buildProgram } from './program';
import { CliError } from './util/cli-error';
import { installInterruptHandler } from './util/interrupt';

function oneSentence(message: string): string {
  const line = (message.split('\n')[0] ?? '').trim();
  return /[.!?]$/.test(line) ? line : `${line}.`;
}

export async function main(argv: string[] = process.argv): Promise<number> {
  installInterruptHandler();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2; // commander already printed its message
    }
    if (error instanceof CliError) {
      process.stderr.write(`harmonize: ${oneSentence(error.message)}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`harmonize: ${oneSentence(message)}\n`);
    if (process.env.HARMONIZE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}
