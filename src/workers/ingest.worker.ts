/**
 * The import worker: exposes IngestApi (see `ingest.ts`) to the page via Comlink.
 * Created by `client.ts`; never imported by page code directly.
 */
import { expose } from 'comlink';
import './errors-transfer.ts';
import './task-transfer.ts';
import { createIngestApi } from './ingest.ts';
import { getDb } from '../store/index.ts';

expose(createIngestApi(getDb, __APP_VERSION__, true));
