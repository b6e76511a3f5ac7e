export * from './types.ts';
export { DB_NAME, SCHEMA_V1, LensDb, getDb, openLensDb } from './db.ts';
export type { ChunkKey, DictionaryKey } from './db.ts';
export {
  DEFAULT_CHUNK_ROWS,
  WRITE_PHASES,
  deleteDataset,
  deleteEverything,
  getDataset,
  listDatasets,
  prepareWrite,
  readColumn,
  readRows,
  readTable,
  renameDataset,
  validateTable,
  writeDataset,
} from './datasets.ts';
export type { PreparedWrite, TableProblem, WriteOptions } from './datasets.ts';
export { getSetting, setSetting, deleteSetting } from './settings.ts';
export { requestPersistence, storageInfo } from './storage.ts';
export { deleteSegment, listSegments, saveSegment } from './segments.ts';
export type { NewSegment, SavedSegment, SegmentKind } from './segments.ts';
