/** A stored dataset as a VirtualTable row source: windows of rows read from IndexedDB. */
import { tableRows } from '../../core/table/index.ts';
import { getDb, readRows } from '../../store/index.ts';
import type { DatasetRecord } from '../../store/types.ts';
import type { RowSource } from '../../ui/virtual.ts';

export function datasetRowSource(record: DatasetRecord): RowSource {
  const id = record.id;
  if (id === undefined) throw new Error('datasetRowSource: the record has no id');
  const names = record.columns.map((c) => c.name);
  return {
    rowCount: record.rowCount,
    columns: record.columns.map((c) => ({
      name: c.name,
      type: c.type,
      ...(c.role ? { role: c.role } : {}),
    })),
    async fetchRows(start, end) {
      const table = await readRows(getDb(), id, start, end, names);
      return tableRows(table);
    },
  };
}
