/**
 * The health workers: the only `new Worker(...)` of footfall sensor health. A small pool
 * of comlink-wrapped `HealthApi` workers (one per core, at most 4, the size rule of the
 * simulation pool) is started on first use and kept; a worker that crashed makes the
 * next run start a fresh pool. `runHealth` hands each free worker the next store, the
 * biggest first (a store is one `storeHealth` call: its work is not split), and returns
 * the results in input order. The matrices' count buffers are transferred to the
 * workers, not copied (a matrix whose counts are a view into a bigger buffer is copied
 * first): the caller's matrices are empty afterwards.
 */
import * as Comlink from 'comlink';
import type { HealthApi } from '../../../workers/api';
import type { HealthParams, StoreHealth, StoreMatrix } from '../domain/health';
import { poolSize } from './simulate';

export interface HealthProgress {
	/** Stores done, of `total`. */
	done: number;
	total: number;
}

interface PoolWorker {
	api: Comlink.Remote<HealthApi>;
	/** Rejects when the worker itself fails (e.g. its module cannot load). */
	crashed: Promise<never>;
	worker: Worker;
	dead: boolean;
}

let pool: PoolWorker[] | null = null;

function startWorker(): PoolWorker {
	const worker = new Worker(new URL('../../../workers/health.worker.ts', import.meta.url), {
		type: 'module'
	});
	const entry: PoolWorker = {
		api: Comlink.wrap<HealthApi>(worker),
		crashed: new Promise<never>((_, reject) => {
			worker.addEventListener('error', (e) => {
				e.preventDefault();
				entry.dead = true;
				reject(new Error(`The health worker failed: ${e.message || 'it could not start'}`));
			});
		}),
		worker,
		dead: false
	};
	entry.crashed.catch(() => {}); // observed by every call through Promise.race
	return entry;
}

function getPool(): PoolWorker[] {
	if (pool?.some((w) => w.dead)) terminateHealth();
	pool ??= Array.from({ length: poolSize(hardwareConcurrency()) }, startWorker);
	return pool;
}

/** Starts the health workers ahead of the first run (their modules load meanwhile). */
export function warmHealth(): void {
	getPool();
}

/** Stop every worker; the next run starts new ones. */
export function terminateHealth(): void {
	for (const w of pool ?? []) {
		w.api[Comlink.releaseProxy]();
		w.worker.terminate();
	}
	pool = null;
}

/** Turns whatever a worker threw (comlink rebuilds Errors) into an Error with a message. */
function asError(e: unknown): Error {
	if (e instanceof Error) return e;
	if (e && typeof e === 'object' && 'message' in e) return new Error(String(e.message));
	return new Error(String(e));
}

/** Indexes of `matrices`, the most cells first (the longest jobs start first). */
export function healthOrder(matrices: readonly StoreMatrix[]): number[] {
	return matrices
		.map((m, i) => ({ i, cells: m.sensors * m.hours }))
		.sort((a, b) => b.cells - a.cells || a.i - b.i)
		.map((x) => x.i);
}

/**
 * `storeHealth` of every store on the worker pool, stores in parallel, results in the
 * order of `matrices`. `params` must be plain data (not a Svelte proxy). The matrices'
 * counts buffers are transferred (detached here afterwards). Throws the kernel's
 * message when a matrix or the parameters are invalid, or when a worker fails.
 */
export async function runHealth(
	matrices: StoreMatrix[],
	params: HealthParams,
	onProgress?: (p: HealthProgress) => void
): Promise<StoreHealth[]> {
	const results = new Array<StoreHealth>(matrices.length);
	const progress: HealthProgress = { done: 0, total: matrices.length };
	onProgress?.({ ...progress });
	if (matrices.length === 0) return results;
	const order = healthOrder(matrices);
	let next = 0;
	let failed: Error | null = null;
	const plain = { ...params };

	async function drain(w: PoolWorker) {
		while (!failed && next < order.length) {
			const i = order[next++];
			const m = matrices[i];
			try {
				// a view into a bigger buffer is copied: transferring would detach the rest
				const counts =
					m.counts.byteLength === m.counts.buffer.byteLength ? m.counts : m.counts.slice();
				const sent = Comlink.transfer({ ...m, counts }, [counts.buffer as ArrayBuffer]);
				results[i] = await Promise.race([w.api.health(sent, plain), w.crashed]);
				progress.done++;
				if (!failed) onProgress?.({ ...progress });
			} catch (e) {
				failed ??= asError(e);
			}
		}
	}
	await Promise.all(getPool().map(drain));
	if (failed) throw failed;
	return results;
}

function hardwareConcurrency(): number | undefined {
	return typeof navigator === 'undefined' ? undefined : navigator.hardwareConcurrency;
}
