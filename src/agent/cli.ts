import { COMMANDS } from './commands/index.ts';
import { processIo, UsageError, type Io } from './command.ts';

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
  ].join('\n');
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name ? 0 : 1;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.err(`perfcast: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`perfcast ${name}: ${error.message}`);
      return 1;
    }
    io.err(`perfcast ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}
