import type { Command } from '../command.ts';

/** Each entry loads its module only when the command runs, so `--help` stays fast. */
export const COMMANDS: ReadonlyArray<{ name: string; summary: string; load: () => Promise<Command> }> = [
];
