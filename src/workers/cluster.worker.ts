/**
 * The clustering worker: exposes ClusterApi (see `cluster.ts`) to the page via Comlink.
 * Its own worker so that cancelling a run can terminate it without touching the others.
 */
import { expose } from 'comlink';
import './errors-transfer.ts';
import './task-transfer.ts';
import { createClusterApi } from './cluster.ts';
import { getDb } from '../store/index.ts';

expose(createClusterApi(getDb, __APP_VERSION__));
