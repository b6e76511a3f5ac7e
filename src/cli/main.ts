/**
 * Entry point of `npm run --silent cli -- <command> [options]` (tsx src/cli/main.ts).
 * Output goes through process streams and the exit code through process.exitCode, so
 * that stdout is flushed completely before Node exits (process.exit can truncate pipes).
 */
import { runCli } from './run.ts';

const code = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  warn: (text) => process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
});
process.exitCode = code;
