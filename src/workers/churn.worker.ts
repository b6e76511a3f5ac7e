/**
 * The churn worker: exposes ChurnApi (see `churn.ts`) to the page via Comlink. Its own
 * worker so that cancelling a run can terminate it without touching the others.
 */
import { expose } from 'comlink';
import './errors-transfer.ts';
import './task-transfer.ts';
import { createChurnApi } from './churn.ts';
import { getDb } from '../store/index.ts';

expose(createChurnApi(getDb, __APP_VERSION__));
