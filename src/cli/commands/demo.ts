/** `demo`: writes the seeded demo shop (core/demo) as transactions.csv and customers.csv. */
import { join } from 'node:path';
import { DEMO_DEFAULTS, DEMO_LIMITS, generateDemoShop } from '../../core/demo/index.ts';
import { LensError } from '../../core/errors.ts';
import { UsageError, type OptionSpec } from '../args.ts';
import type { Command } from '../command.ts';
import { ensureDirectory, writeCsvFile } from '../files.ts';
import { progressPrinter } from '../messages.ts';

const options: readonly OptionSpec[] = [
  {
    name: 'customers',
    type: 'int',
    description: 'number of customers',
    default: DEMO_DEFAULTS.customers,
    min: DEMO_LIMITS.customers.min,
    max: DEMO_LIMITS.customers.max,
    placeholder: 'N',
  },
  {
    name: 'seed',
    type: 'int',
    description: 'random seed',
    default: DEMO_DEFAULTS.seed,
    placeholder: 'S',
  },
  {
    name: 'months',
    type: 'int',
    description: 'months of history',
    default: DEMO_DEFAULTS.months,
    min: DEMO_LIMITS.months.min,
    max: DEMO_LIMITS.months.max,
    placeholder: 'M',
  },
  {
    name: 'end-date',
    type: 'string',
    description: 'last day of the data, YYYY-MM-DD (UTC)',
    default: DEMO_DEFAULTS.endDate,
    placeholder: 'DATE',
  },
  {
    name: 'out',
    type: 'string',
    description: 'output directory (created if missing)',
    required: true,
    placeholder: 'DIR',
  },
];

const FLAG_OF: Record<string, string> = {
  customers: 'customers',
  seed: 'seed',
  months: 'months',
  endDate: 'end-date',
};

export const demoCommand: Command = {
  name: 'demo',
  summary: 'generate the demo shop as transactions.csv and customers.csv',
  options,
  details:
    'The same seed always gives byte-identical files. Prints { customers, seed, months, endDate,\n' +
    'files: [{ path, rows, bytes, sha256 }], seconds }.',
  async run(opts, io) {
    const started = performance.now();
    let shop;
    try {
      shop = generateDemoShop(
        {
          customers: opts.number('customers'),
          seed: opts.number('seed'),
          months: opts.number('months'),
          endDate: opts.string('end-date'),
        },
        { onProgress: progressPrinter(io) },
      );
    } catch (err) {
      // The generator checks its options too (e.g. a non-existent end date): a usage error here.
      if (err instanceof LensError && err.code === 'error.demo.option') {
        const flag = FLAG_OF[String(err.params.option)] ?? String(err.params.option);
        throw new UsageError(`--${flag}: invalid value '${String(err.params.value)}'`);
      }
      throw err;
    }
    const dir = opts.string('out');
    ensureDirectory(dir);
    const files = [
      writeCsvFile(join(dir, 'transactions.csv'), shop.transactions),
      writeCsvFile(join(dir, 'customers.csv'), shop.customers),
    ];
    return {
      customers: shop.options.customers,
      seed: shop.options.seed,
      months: shop.options.months,
      endDate: shop.options.endDate,
      files,
      seconds: Math.round(performance.now() - started) / 1000,
    };
  },
};
