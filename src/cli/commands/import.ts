/**
 * `import FILE`: reads a file through the same import pipeline as the app (sniffing,
 * streaming parse, type and role guesses, typing) and prints its data-quality report.
 */
import { parseFile } from '../../core/ingest/parse-file.ts';
import { guessSpecs, nameCdnowColumns, typeAndReport } from '../../core/ingest/pipeline.ts';
import { UsageError } from '../args.ts';
import type { Command } from '../command.ts';
import { INPUT_OPTIONS, fileSource, parseOptionsFrom } from '../input.ts';
import { progressPrinter } from '../messages.ts';

export const importCommand: Command = {
  name: 'import',
  arguments: 'FILE',
  summary: 'read a CSV/TSV/text/Excel file and print its data-quality report',
  options: INPUT_OPTIONS,
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
