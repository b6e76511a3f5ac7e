/**
 * The analysis worker: exposes AnalysisApi (see `analysis.ts`) to the page via Comlink.
 * Created by `client.ts`; never imported by page code directly.
 */
import { expose } from 'comlink';
import './errors-transfer.ts';
import './task-transfer.ts';
import { createAnalysisApi } from './analysis.ts';
import { getDb } from '../store/index.ts';

expose(createAnalysisApi(getDb, __APP_VERSION__));
