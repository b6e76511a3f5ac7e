/**
 * Reading an input file from the CLI: the common input options (--encoding, --delimiter,
 * --no-header, --format, --sheet), the file as a ByteSource read in slices, and a
 * transactions file typed through the same import pipeline as the app.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import {
  ENCODINGS,
  type ByteSource,
  type EncodingName,
  type FileFormat,
  type ParseOptions,
} from '../core/ingest/types.ts';
import { parseFile } from '../core/ingest/parse-file.ts';
import { guessSpecs, nameCdnowColumns, typeAndReport } from '../core/ingest/pipeline.ts';
import type { TaskContext } from '../core/task.ts';
import type { ColumnRole, Table } from '../core/table/index.ts';
import { UsageError, type OptionSpec } from './args.ts';
import { DataError, type Command } from './command.ts';

const FORMATS: readonly FileFormat[] = ['delimited', 'whitespace', 'baskets', 'xlsx'];

export const INPUT_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'encoding',
    type: 'string',
    description: `text encoding (${ENCODINGS.join(', ')}); detected when omitted`,
    placeholder: 'E',
  },
  {
    name: 'delimiter',
    type: 'string',
    description: "field delimiter: ',', ';', '|', 'tab'; sniffed when omitted",
    placeholder: 'C',
  },
  {
    name: 'header',
    type: 'boolean',
    description:
      'the first line holds column names (--no-header: it does not); detected when omitted',
  },
  {
    name: 'format',
    type: 'string',
    description: 'csv, tsv, whitespace, cdnow (whitespace, no header), baskets, xlsx',
    placeholder: 'F',
  },
  {
    name: 'sheet',
    type: 'string',
    description: 'Excel: the sheet to read (default: the first)',
    placeholder: 'NAME',
  },
];

/** A file on disk as a ByteSource, read in slices so a large file never sits in memory whole. */
export function fileSource(path: string): { source: ByteSource; close: () => void } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new DataError(
      `cannot open '${path}': ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const size = fstatSync(fd).size;
  return {
    source: {
      name: basename(path),
      size,
      read: async (offset, length) => {
        const buffer = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
        let done = 0;
        while (done < buffer.length) {
          const n = readSync(fd, buffer, done, buffer.length - done, offset + done);
          if (n === 0) break;
          done += n;
        }
        return buffer.subarray(0, done);
      },
    },
    close: () => closeSync(fd),
  };
}

export function parseOptionsFrom(opts: Parameters<Command['run']>[0]): ParseOptions {
  const out: ParseOptions = {};
  if (opts.has('encoding')) {
    const e = opts.string('encoding').toLowerCase();
    const alias: Record<string, EncodingName> = {
      gbk: 'gb18030',
      utf8: 'utf-8',
      cp1252: 'windows-1252',
      latin1: 'windows-1252',
    };
    const name = (alias[e] ?? e) as EncodingName;
    if (!ENCODINGS.includes(name))
      throw new UsageError(`unknown encoding '${e}' (use ${ENCODINGS.join(', ')})`);
    out.encoding = name;
  }
  if (opts.has('delimiter')) {
    const d = opts.string('delimiter');
    out.delimiter = d === 'tab' || d === '\\t' ? '\t' : d;
    if (out.delimiter.length !== 1)
      throw new UsageError(`--delimiter must be one character or 'tab'`);
    out.format = 'delimited';
  }
  if (opts.has('header')) out.header = opts.flag('header');
  if (opts.has('format')) {
    const f = opts.string('format');
    if (f === 'csv') out.format = 'delimited';
    else if (f === 'tsv') Object.assign(out, { format: 'delimited', delimiter: '\t' });
    else if (f === 'cdnow')
      Object.assign(out, { format: 'whitespace', header: out.header ?? false });
    else if ((FORMATS as readonly string[]).includes(f)) out.format = f as FileFormat;
    else
      throw new UsageError(
        `unknown format '${f}' (use csv, tsv, whitespace, cdnow, baskets, xlsx)`,
      );
  }
  if (opts.has('sheet')) out.sheet = opts.string('sheet');
  return out;
}

/** A transactions (or any) file parsed, typed with the guessed roles, as the app would store it. */
export async function readTransactionsFile(
  path: string,
  parseOptions: ParseOptions,
  ctx: TaskContext = {},
  cdnow = false,
): Promise<{ table: Table; roles: Record<string, ColumnRole> }> {
  const { source, close } = fileSource(path);
  try {
    const parsed = await parseFile(source, parseOptions, ctx);
    if (cdnow && !parsed.dialect.header) nameCdnowColumns(parsed.table);
    const specs = guessSpecs(parsed.table, parsed.dialect.format);
    const { typed } = typeAndReport(parsed, specs, ctx);
    return { table: typed.table, roles: typed.roles };
  } finally {
    close();
  }
}
