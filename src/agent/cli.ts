import { COMMANDS } from './commands/index.ts';
import { processIo, UsageError, type Command, type Io } from './command.ts';
import { ModelError } from '../services/model.ts';
import { oneLineError } from './io/errors.ts';
import { OutputError } from './io/output-file.ts';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 4);
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'perfcast: benchmark, predict and compare ML model performance',
    '',
    'Usage: perfcast <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    "Run 'perfcast <command> --help' for a command's options.",
    'Errors are one line; add --debug to any command to see the stack trace as well.',
  ].join('\n');
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const debug = argv.includes('--debug');
  const [name, ...rest] = argv.filter((a) => a !== '--debug');
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name ? 0 : 1;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.err(`perfcast: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  let command;
  try {
    command = await entry.load();
  } catch (error) {
    io.err(`perfcast ${name}: cannot load the command: ${oneLineError(error)}`);
    if (debug) io.err(String((error as Error)?.stack ?? error));
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return 0;
  }
  return runCommand(command, rest, io, debug);
}

/**
 * Runs one command: a UsageError, OutputError or ModelError prints its message; anything else prints one
 * line (file-system codes in words) with a hint, and the stack only under --debug. Exit 1.
 */
export async function runCommand(command: Command, argv: string[], io: Io, debug = false): Promise<number> {
  try {
    return await command.run(argv, io);
  } catch (error) {
    // A model that cannot answer as asked is the user's input, not a bug: its message is enough.
    if (error instanceof UsageError || error instanceof OutputError || error instanceof ModelError) {
      io.err(`perfcast ${command.name}: ${error.message}`);
    } else {
      io.err(`perfcast ${command.name}: ${oneLineError(error)}${debug ? '' : ' (run again with --debug for the stack trace)'}`);
    }
    if (debug) io.err(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }
}
