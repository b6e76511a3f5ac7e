/**
 * A small, strict option parser for the command line. Strict because a typo in a batch
 * job (`--seeed 7`) must stop the job with exit code 2, not silently use a default.
 *
 * Accepted forms: `--name value`, `--name=value`, `--flag`, and `--no-flag` for booleans.
 * Positional arguments are refused unless the command declares them.
 */

/** Bad command line: exit code 2, message on stderr. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type OptionType = 'string' | 'int' | 'number' | 'boolean';

export interface OptionSpec {
  name: string;
  type: OptionType;
  description: string;
  required?: boolean;
  default?: string | number | boolean;
  /** Inclusive bounds for int and number options. */
  min?: number;
  max?: number;
  /** Shown in help: `--out DIR`. */
  placeholder?: string;
}

type Value = string | number | boolean;

export class ParsedOptions {
  constructor(
    private readonly values: ReadonlyMap<string, Value>,
    readonly positionals: readonly string[],
  ) {}

  has(name: string): boolean {
    return this.values.has(name);
  }

  string(name: string): string {
    const v = this.values.get(name);
    if (typeof v !== 'string')
      throw new Error(`option --${name} is not a string option or has no value`);
    return v;
  }

  optionalString(name: string): string | undefined {
    return this.values.has(name) ? this.string(name) : undefined;
  }

  number(name: string): number {
    const v = this.values.get(name);
    if (typeof v !== 'number')
      throw new Error(`option --${name} is not a numeric option or has no value`);
    return v;
  }

  flag(name: string): boolean {
    return this.values.get(name) === true;
  }
}

function convert(spec: OptionSpec, raw: string): Value {
  const name = `--${spec.name}`;
  switch (spec.type) {
    case 'string':
      if (raw === '') throw new UsageError(`${name} needs a non-empty value`);
      return raw;
    case 'boolean':
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      throw new UsageError(`${name} takes no value (or =true / =false), got '${raw}'`);
    case 'int':
    case 'number': {
      const ok =
        spec.type === 'int'
          ? /^[+-]?\d+$/.test(raw)
          : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw);
      const v = Number(raw);
      if (!ok || !Number.isFinite(v) || (spec.type === 'int' && !Number.isSafeInteger(v))) {
        throw new UsageError(
          `${name} must be ${spec.type === 'int' ? 'an integer' : 'a number'}, got '${raw}'`,
        );
      }
      if (spec.min !== undefined && v < spec.min)
        throw new UsageError(`${name} must be at least ${spec.min}, got ${raw}`);
      if (spec.max !== undefined && v > spec.max)
        throw new UsageError(`${name} must be at most ${spec.max}, got ${raw}`);
      return v;
    }
  }
}

/**
 * Parses `argv` (the arguments after the command name). `help` is true when --help or -h
 * was given; then required options are not enforced.
 */
export function parseOptions(
  argv: readonly string[],
  specs: readonly OptionSpec[],
  allowPositionals = false,
): { options: ParsedOptions; help: boolean } {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const values = new Map<string, Value>();
  const positionals: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg.length > 1) throw new UsageError(`unknown option '${arg}'`);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    let name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    let inline: string | undefined = eq >= 0 ? arg.slice(eq + 1) : undefined;
    let spec = byName.get(name);
    if (!spec && name.startsWith('no-') && inline === undefined) {
      const negated = byName.get(name.slice(3));
      if (negated?.type === 'boolean') {
        spec = negated;
        name = negated.name;
        inline = 'false';
      }
    }
    if (!spec) throw new UsageError(`unknown option '--${name}'`);
    if (values.has(spec.name)) throw new UsageError(`option --${spec.name} given more than once`);
    let raw: string;
    if (inline !== undefined) raw = inline;
    else if (spec.type === 'boolean') raw = 'true';
    else {
      const next = argv[i + 1];
      // `--out --seed 3`: the value was forgotten; do not swallow the next option.
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(
          `option --${spec.name} needs a value${spec.placeholder ? ` (${spec.placeholder})` : ''}`,
        );
      }
      raw = next;
      i++;
    }
    values.set(spec.name, convert(spec, raw));
  }
  if (positionals.length > 0 && !allowPositionals && !help) {
    throw new UsageError(`unexpected argument '${positionals[0]}'`);
  }
  if (!help) {
    for (const spec of specs) {
      if (values.has(spec.name)) continue;
      if (spec.default !== undefined) values.set(spec.name, spec.default);
      else if (spec.required) throw new UsageError(`missing required option --${spec.name}`);
    }
  }
  return { options: new ParsedOptions(values, positionals), help };
}

/** The option list of a command's help text. */
export function formatOptions(specs: readonly OptionSpec[]): string {
  const rows = specs.map((s) => {
    const value = s.type === 'boolean' ? '' : ` ${s.placeholder ?? s.type.toUpperCase()}`;
    const extra = s.required
      ? ' (required)'
      : s.default !== undefined
        ? ` (default ${String(s.default)})`
        : '';
    return [`  --${s.name}${value}`, `${s.description}${extra}`];
  });
  const width = Math.max(0, ...rows.map((r) => r[0].length)) + 2;
  return rows.map(([a, b]) => a.padEnd(width) + b).join('\n');
}
