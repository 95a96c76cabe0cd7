/**
 * The counters worker: the only `new Worker(...)` of counter-file reading. One
 * comlink-wrapped `CountersApi` worker, started on first use and kept (a worker that
 * crashed makes the next call start a fresh one). Reading runs there, off the page's
 * thread; the readings come back as columns and as Arrow IPC bytes, both transferred.
 */
import * as Comlink from 'comlink';
import type { CounterFilesRead, CountersApi, IngestSource } from '../../../workers/api';
import type { CounterMapping } from '../ingest/counters/types';

export type { CounterFilesRead, IngestSource };

interface Handle {
	api: Comlink.Remote<CountersApi>;
	/** Rejects when the worker itself fails (e.g. its module cannot load). */
	crashed: Promise<never>;
	worker: Worker;
	dead: boolean;
}

let handle: Handle | null = null;

function start(): Handle {
	const worker = new Worker(new URL('../../../workers/counters.worker.ts', import.meta.url), {
		type: 'module'
	});
	const entry: Handle = {
		api: Comlink.wrap<CountersApi>(worker),
		crashed: new Promise<never>((_, reject) => {
			worker.addEventListener('error', (e) => {
				e.preventDefault();
				entry.dead = true;
				reject(new Error(`The counter-file worker failed: ${e.message || 'it could not start'}`));
			});
		}),
		worker,
		dead: false
	};
	entry.crashed.catch(() => {}); // observed by every call through Promise.race
	return entry;
}

/** Stop the worker; the next call starts a new one. */
export function terminateCounters(): void {
	if (!handle) return;
	handle.api[Comlink.releaseProxy]();
	handle.worker.terminate();
	handle = null;
}

/** Turns whatever a worker threw (comlink rebuilds Errors) into an Error with a message. */
function asError(e: unknown): Error {
	if (e instanceof Error) return e;
	if (e && typeof e === 'object' && 'message' in e) return new Error(String(e.message));
	return new Error(String(e));
}

/**
 * Read dropped counter files in the worker (`readCounters` of `ingest/counters`): the data
 * (stores, hourly reading columns, first and last day, a report per file), the readings as
 * Arrow IPC for DuckDB (`ipc`, null without data), each table's proposed and applied
 * mapping, and an error per file that could not be used, naming it. `mappings` (by the
 * normalised path of the reports) replaces the proposed mapping of those files. Rejects
 * only when the worker itself fails.
 */
export async function readCounterFiles(
	sources: IngestSource[],
	mappings: Record<string, CounterMapping> = {},
	options: { maxFileBytes?: number; maxHours?: number } = {}
): Promise<CounterFilesRead> {
	if (handle?.dead) terminateCounters();
	handle ??= start();
	const h = handle;
	try {
		return await Promise.race([h.api.read(sources, mappings, options), h.crashed]);
	} catch (e) {
		throw asError(e);
	}
}
