/**
 * What a CLI command is. Each capability adds its command in its own file under
 * commands/ and lists it in commands/index.ts; main.ts knows none of them by name.
 */
import type { OptionSpec, ParsedOptions } from './args.ts';

/** Where a command writes; tests pass their own to capture output. */
export interface CliIo {
  /** Progress and warnings (stderr). The result goes back as the return value of run(). */
  warn(text: string): void;
  /** True when stderr is a terminal, so live progress is worth printing. */
  interactive: boolean;
}

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  options: readonly OptionSpec[];
  /** Positional arguments for the usage line, e.g. 'FILE'; omitted = none accepted. */
  arguments?: string;
  /** Longer help text printed after the option list. */
  details?: string;
  /**
   * Runs the command and returns the JSON-serialisable result that main prints as the
   * ONE document on stdout. Throw UsageError for a bad command line (exit 2), LensError
   * or DataError for bad data (exit 1).
   */
  run(options: ParsedOptions, io: CliIo): Promise<unknown>;
}

/** Bad input data or an unusable file: exit code 1, message on stderr. */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}
