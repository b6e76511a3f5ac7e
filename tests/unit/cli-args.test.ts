import { describe, expect, it } from 'vitest';
import { formatOptions, parseOptions, UsageError, type OptionSpec } from '../../src/cli/args.ts';
import { DataError, type Command } from '../../src/cli/command.ts';
import { runCli, type CliOutput } from '../../src/cli/run.ts';
import { LensError } from '../../src/core/errors.ts';

const specs: OptionSpec[] = [
  { name: 'customers', type: 'int', description: 'n', default: 5000, min: 1, max: 100 },
  { name: 'rate', type: 'number', description: 'r' },
  { name: 'out', type: 'string', description: 'dir', required: true, placeholder: 'DIR' },
  { name: 'header', type: 'boolean', description: 'h', default: true },
];

function usage(argv: string[]): string {
  try {
    parseOptions(argv, specs);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
}

describe('parseOptions', () => {
  it('reads --name value, --name=value, flags, --no-flag and defaults', () => {
    const a = parseOptions(['--customers', '42', '--out=dir/x', '--rate', '-0.5'], specs).options;
    expect(a.number('customers')).toBe(42);
    expect(a.string('out')).toBe('dir/x');
    expect(a.number('rate')).toBe(-0.5);
    expect(a.flag('header')).toBe(true);
    const b = parseOptions(['--out', 'o', '--no-header'], specs).options;
    expect(b.number('customers')).toBe(5000);
    expect(b.flag('header')).toBe(false);
    expect(b.has('rate')).toBe(false);
    expect(parseOptions(['--out', 'o', '--header=false'], specs).options.flag('header')).toBe(
      false,
    );
  });

  it('refuses bad command lines with a clear message', () => {
    expect(usage(['--customers', 'abc', '--out', 'o'])).toBe(
      "--customers must be an integer, got 'abc'",
    );
    expect(usage(['--customers', '2.5', '--out', 'o'])).toBe(
      "--customers must be an integer, got '2.5'",
    );
    expect(usage(['--customers', '0', '--out', 'o'])).toBe('--customers must be at least 1, got 0');
    expect(usage(['--customers', '101', '--out', 'o'])).toBe(
      '--customers must be at most 100, got 101',
    );
    expect(usage(['--rate', '1e', '--out', 'o'])).toBe("--rate must be a number, got '1e'");
    expect(usage(['--out'])).toBe('option --out needs a value (DIR)');
    expect(usage(['--out', '--customers', '3'])).toBe('option --out needs a value (DIR)');
    expect(usage([])).toBe('missing required option --out');
    expect(usage(['--out', 'o', '--seeed', '3'])).toBe("unknown option '--seeed'");
    expect(usage(['--out', 'o', '-x'])).toBe("unknown option '-x'");
    expect(usage(['--out', 'o', 'extra'])).toBe("unexpected argument 'extra'");
    expect(usage(['--out', 'o', '--out', 'p'])).toBe('option --out given more than once');
    expect(usage(['--out', 'o', '--header=yes'])).toBe(
      "--header takes no value (or =true / =false), got 'yes'",
    );
    expect(usage(['--out='])).toBe('--out needs a non-empty value');
  });

  it('does not enforce required options under --help', () => {
    expect(parseOptions(['--help'], specs).help).toBe(true);
    expect(parseOptions(['-h', 'x'], specs).help).toBe(true);
  });

  it('formats the option list for help', () => {
    const text = formatOptions(specs);
    expect(text).toContain('--customers INT');
    expect(text).toContain('(default 5000)');
    expect(text).toContain('--out DIR');
    expect(text).toContain('(required)');
    expect(text).toMatch(/--header\s+h \(default true\)/);
  });
});

describe('runCli (in process)', () => {
  function capture(): CliOutput & { stdout: string; stderr: string } {
    const io = {
      stdout: '',
      stderr: '',
      interactive: false,
      out(text: string) {
        io.stdout += text;
      },
      warn(text: string) {
        io.stderr += text;
      },
    };
    return io;
  }

  const echo = (fail?: () => never): Command => ({
    name: 'echo',
    summary: 'echo the options',
    options: [{ name: 'n', type: 'int', description: 'a number', default: 1 }],
    async run(opts) {
      if (fail) fail();
      return { n: opts.number('n') };
    },
  });

  it('prints one JSON document and exits 0', async () => {
    const io = capture();
    expect(await runCli(['echo', '--n', '3'], io, [echo()])).toBe(0);
    expect(JSON.parse(io.stdout)).toEqual({ n: 3 });
    expect(io.stderr).toBe('');
  });

  it('maps usage errors to 2 and bad data to 1, with messages on stderr only', async () => {
    const cases: [string[], Command, number, RegExp][] = [
      [[], echo(), 2, /no command given/],
      [['nope'], echo(), 2, /unknown command 'nope' \(commands: echo\)/],
      [['echo', '--n', 'x'], echo(), 2, /echo: --n must be an integer, got 'x'/],
      [
        ['echo'],
        echo(() => {
          throw new DataError('row 3: no date');
        }),
        1,
        /echo: row 3: no date/,
      ],
      [
        ['echo'],
        echo(() => {
          throw new LensError('error.some.code', { row: 3 });
        }),
        1,
        /echo: .*error\.some\.code.*row=3/,
      ],
      [
        ['echo'],
        echo(() => {
          throw new TypeError('boom');
        }),
        1,
        /internal error in echo: TypeError: boom/,
      ],
    ];
    for (const [argv, command, code, message] of cases) {
      const io = capture();
      expect(await runCli(argv, io, [command]), argv.join(' ')).toBe(code);
      expect(io.stderr).toMatch(message);
      expect(io.stdout).toBe('');
    }
  });

  it('prints help on stdout with exit 0', async () => {
    const io = capture();
    expect(await runCli(['--help'], io, [echo()])).toBe(0);
    expect(io.stdout).toContain('echo  echo the options');
    const io2 = capture();
    expect(await runCli(['echo', '--help'], io2, [echo()])).toBe(0);
    expect(io2.stdout).toContain('--n INT');
  });
});
