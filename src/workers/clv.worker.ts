/**
 * The lifetime-value worker: exposes ClvApi (see `clv.ts`) to the page via Comlink. Its
 * own worker so that cancelling a fit can terminate it without touching the others.
 */
import { expose } from 'comlink';
import './errors-transfer.ts';
import './task-transfer.ts';
import { createClvApi } from './clv.ts';
import { getDb } from '../store/index.ts';

expose(createClvApi(getDb, __APP_VERSION__));
