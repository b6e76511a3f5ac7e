/** Writing result files from the CLI: streamed in chunks, with size and SHA-256 on the way. */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { tableToCsvChunks, type CsvWriteOptions } from '../core/table/csv.ts';
import type { Table } from '../core/table/index.ts';
import { DataError } from './command.ts';

export interface WrittenFile {
  path: string;
  /** Data rows (the header not counted). */
  rows: number;
  bytes: number;
  /** SHA-256 of the file's bytes, hex. */
  sha256: string;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function ensureDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new DataError(`cannot create directory '${dir}': ${describe(err)}`);
  }
}

export function writeCsvFile(
  path: string,
  table: Table,
  options: CsvWriteOptions = {},
): WrittenFile {
  const hash = createHash('sha256');
  let bytes = 0;
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (err) {
    throw new DataError(`cannot write '${path}': ${describe(err)}`);
  }
  try {
    for (const chunk of tableToCsvChunks(table, 20_000, options)) {
      const data = Buffer.from(chunk, 'utf8');
      hash.update(data);
      let off = 0;
      while (off < data.length) off += writeSync(fd, data, off);
      bytes += data.length;
    }
  } catch (err) {
    throw new DataError(`cannot write '${path}': ${describe(err)}`);
  } finally {
    closeSync(fd);
  }
  return { path, rows: table.rowCount, bytes, sha256: hash.digest('hex') };
}
