/**
 * `import FILE`: reads a file through the same import pipeline as the app (sniffing,
 * streaming parse, type and role guesses, typing) and prints its data-quality report.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import {
  ENCODINGS,
  type ByteSource,
  type EncodingName,
  type FileFormat,
  type ParseOptions,
} from '../../core/ingest/types.ts';
import { parseFile } from '../../core/ingest/parse-file.ts';
import { guessSpecs, nameCdnowColumns, typeAndReport } from '../../core/ingest/pipeline.ts';
import { UsageError, type OptionSpec } from '../args.ts';
import { DataError, type Command } from '../command.ts';
import { progressPrinter } from '../messages.ts';

const FORMATS: readonly FileFormat[] = ['delimited', 'whitespace', 'baskets', 'xlsx'];

const options: readonly OptionSpec[] = [
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
function fileSource(path: string): { source: ByteSource; close: () => void } {
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

function parseOptionsFrom(opts: Parameters<Command['run']>[0]): ParseOptions {
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

export const importCommand: Command = {
  name: 'import',
  arguments: 'FILE',
  summary: 'read a CSV/TSV/text/Excel file and print its data-quality report',
  options,
  details:
    'Prints { file, bytes, encoding, delimiter, format, header, lines, rows, columns: [{ name, type,\n' +
    'role, missing, distinct, invalid }], duplicateLines, missingCustomerId, cancellations,\n' +
    'negativeAmounts, dateRange: [from, to], score, reasons, warnings, seconds }.',
  async run(opts, io) {
    const [path, ...extra] = opts.positionals;
    if (!path) throw new UsageError('missing FILE');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const parseOptions = parseOptionsFrom(opts);
    const started = performance.now();
    const { source, close } = fileSource(path);
    try {
      const onProgress = progressPrinter(io);
      const parsed = await parseFile(source, parseOptions, { onProgress });
      if (opts.has('format') && opts.string('format') === 'cdnow' && !parsed.dialect.header) {
        nameCdnowColumns(parsed.table);
      }
      const specs = guessSpecs(parsed.table, parsed.dialect.format);
      const { report } = typeAndReport(parsed, specs, { onProgress });
      const iso = (ms: number): string => new Date(ms).toISOString();
      return {
        file: parsed.fileName,
        bytes: parsed.bytes,
        encoding: parsed.encoding.encoding,
        delimiter: parsed.dialect.format === 'delimited' ? parsed.dialect.delimiter : null,
        format: parsed.dialect.format,
        header: parsed.dialect.header,
        ...(parsed.sheet ? { sheet: parsed.sheet } : {}),
        lines: report.lines,
        rows: report.rows,
        columns: report.columns.map((c) => ({
          name: c.name,
          type: c.type,
          role: c.role,
          missing: c.missing,
          distinct: c.distinct,
          invalid: c.invalid,
          ...(c.invalidExamples.length > 0 ? { invalidExamples: c.invalidExamples } : {}),
        })),
        duplicateLines: report.duplicateLines,
        missingCustomerId: report.missingCustomerId,
        cancellations: report.cancellations,
        negativeAmounts: report.negativeAmounts,
        dateRange: report.dateRange ? [iso(report.dateRange[0]), iso(report.dateRange[1])] : null,
        score: report.score,
        reasons: report.reasons,
        warnings: parsed.warningCount,
        seconds: Math.round(performance.now() - started) / 1000,
      };
    } finally {
      close();
    }
  },
};
