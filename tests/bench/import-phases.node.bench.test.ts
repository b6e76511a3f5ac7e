/**
 * Import phases of the core in Node, on Online Retail (541,909 lines, 45 MB): the same
 * functions the import worker calls between "Read the whole file" and the IndexedDB
 * write (parse → type → quality report → default cleaning → chunking, stats and content
 * hash), each timed on its own, median of several runs. Prints a table; never fails on
 * time. The browser benchmark (import.app.bench.test.ts) measures the whole user path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { defaultCleaningConfig } from '../../src/core/ingest/clean.ts';
import { duplicateRowMask } from '../../src/core/ingest/duplicates.ts';
import { bytesSource, parseFile, previewFile } from '../../src/core/ingest/parse-file.ts';
import {
  cleanAndReport,
  cleaningIsOn,
  guessSpecs,
  typeAndReport,
} from '../../src/core/ingest/pipeline.ts';
import { buildQualityReport } from '../../src/core/ingest/quality.ts';
import { typeTable } from '../../src/core/ingest/typing.ts';
import { hashTable } from '../../src/core/table/hash.ts';
import { describeColumn } from '../../src/core/table/stats.ts';
import { medianOf } from '../support/wide-table.ts';

const RUNS = 5;
const ONLINE_RETAIL = resolve(
  import.meta.dirname,
  '../../../shared/data/online_retail/online_retail.csv',
);

it.skipIf(!existsSync(ONLINE_RETAIL))(
  'import phases: Online Retail in Node (median of 5)',
  async () => {
    const bytes = new Uint8Array(readFileSync(ONLINE_RETAIL));
    const source = bytesSource('online_retail.csv', bytes);
    const preview = await previewFile(source);
    const specs = guessSpecs(preview.sample!, preview.dialect.format);
    const phases: Record<string, number[]> = {};
    const time = async <T>(name: string, fn: () => T | Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const out = await fn();
      (phases[name] ??= []).push(performance.now() - t0);
      return out;
    };
    let rows = 0;
    for (let run = 0; run < RUNS; run++) {
      const parsed = await time('parse (decode, records, staging)', () => parseFile(source));
      const headerOffset = parsed.dialect.header ? 1 : 0;
      const typed = await time('type (values → columns)', () =>
        typeTable(parsed.table, specs, headerOffset),
      );
      await time('quality report (before)', () =>
        buildQualityReport(typed, parsed.records - headerOffset),
      );
      await time('  of which duplicate mask', () => duplicateRowMask(typed.table));
      await time('typeAndReport (worker parse step)', () => typeAndReport(parsed, specs));
      const config = defaultCleaningConfig(typed);
      const cleaned = await time('clean + after report (save)', () =>
        cleaningIsOn(config) ? cleanAndReport(typed, config) : null,
      );
      const table = cleaned?.table ?? typed.table;
      await time('column stats (store)', () => table.columns.map((c) => describeColumn(c)));
      await time('content hash (store)', () => hashTable(table));
      rows = table.rowCount;
    }
    const lines = [
      'import phases in Node: Online Retail (541,909 lines), median of 5',
      ...Object.entries(phases).map(
        ([name, ms]) =>
          `${name.padEnd(36)} ${medianOf(ms).toFixed(0).padStart(6)} ms  ${ms.map((x) => x.toFixed(0)).join(' ')}`,
      ),
    ];
    console.info(lines.join('\n'));
    expect(rows).toBeGreaterThan(0);
  },
);
