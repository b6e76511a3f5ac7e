/**
 * The command-line driver: picks the command, parses its options, runs it and maps the
 * outcome to the exit codes of ARCHITECTURE.md (0 success with one JSON document on
 * stdout, 2 usage error, 1 bad data), with the reason on stderr. Kept apart from main.ts
 * so that tests can run it in-process.
 */
import { isCancelled, LensError } from '../core/errors.ts';
import { formatOptions, parseOptions, UsageError } from './args.ts';
import { DataError, type CliIo, type Command } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { formatMessage } from './messages.ts';

export const PROGRAM = 'npm run --silent cli --';

export interface CliOutput extends CliIo {
  /** The result document and help text. */
  out(text: string): void;
}

export function generalUsage(commands: readonly Command[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    `Run '${PROGRAM} <command> --help' for a command's options.`,
    'Each command prints one JSON document on stdout; exit codes: 0 ok, 1 bad data, 2 usage error.',
    '',
  ].join('\n');
}

export function commandUsage(command: Command): string {
  const lines = [
    `Usage: ${PROGRAM} ${command.name}${command.arguments ? ` ${command.arguments}` : ''} [options]`,
    '',
    `${command.summary[0].toUpperCase()}${command.summary.slice(1)}.`,
    '',
    'Options:',
    formatOptions(command.options),
    '  --help          show this help',
  ];
  if (command.details) lines.push('', command.details);
  return lines.join('\n') + '\n';
}

/** Runs one command line; returns the exit code. */
export async function runCli(
  argv: readonly string[],
  io: CliOutput,
  commands: readonly Command[] = COMMANDS,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.warn(`error: no command given\n\n${generalUsage(commands)}`);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(generalUsage(commands));
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const known = commands.map((c) => c.name).join(', ');
    io.warn(
      `error: unknown command '${name}' (commands: ${known})\nRun '${PROGRAM} --help' for usage.\n`,
    );
    return 2;
  }
  try {
    const { options, help } = parseOptions(rest, command.options, command.arguments !== undefined);
    if (help) {
      io.out(commandUsage(command));
      return 0;
    }
    const result = await command.run(options, io);
    io.out(JSON.stringify(result, null, 2) + '\n');
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.warn(
        `error: ${command.name}: ${err.message}\nRun '${PROGRAM} ${command.name} --help' for usage.\n`,
      );
      return 2;
    }
    if (isCancelled(err)) {
      io.warn(`error: ${command.name}: cancelled\n`);
      return 1;
    }
    if (err instanceof LensError) {
      io.warn(`error: ${command.name}: ${formatMessage(err.code, err.params)}\n`);
      return 1;
    }
    if (err instanceof DataError) {
      io.warn(`error: ${command.name}: ${err.message}\n`);
      return 1;
    }
    // Anything else is a bug: show it whole so that it can be reported.
    io.warn(
      `internal error in ${command.name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return 1;
  }
}
