/**
 * The counters worker: the only `new Worker(...)` of counter-file reading. One
 * comlink-wrapped `CountersApi` worker, started on first use and kept (a worker that
 * crashed makes the next call start a fresh one). Reading runs there, off the page's
 * thread; the readings come back as columns and as Arrow IPC bytes, both transferred.
 */
import type { CounterFilesRead, CountersApi, IngestSource } from '../../../workers/api';
import type { CounterMapping } from '../ingest/counters/types';
import { WorkerPool, workerMember } from './pool';

export type { CounterFilesRead, IngestSource };

/** A pool of one. */
const pool = new WorkerPool(
	() =>
		workerMember<CountersApi>(
			new Worker(new URL('../../../workers/counters.worker.ts', import.meta.url), {
				type: 'module'
			}),
			'counter-file'
		),
	() => 1
);

/** Stop the worker; the next call starts a new one. */
export function terminateCounters(): void {
	pool.terminate();
}

/**
 * Read dropped counter files in the worker (`readCounters` of `ingest/counters`): the data
 * (stores, hourly reading columns, first and last day, a report per file), the readings as
 * Arrow IPC for DuckDB (`ipc`, null without data), each table's proposed and applied
 * mapping, and an error per file that could not be used, naming it. `mappings` (by the
 * normalised path of the reports) replaces the proposed mapping of those files. Rejects
 * only when the worker itself fails.
 */
export function readCounterFiles(
	sources: IngestSource[],
	mappings: Record<string, CounterMapping> = {},
	options: { maxFileBytes?: number; maxHours?: number } = {}
): Promise<CounterFilesRead> {
	return pool.callAny((api) => api.read(sources, mappings, options));
}
