/**
 * The health workers: the only `new Worker(...)` of footfall sensor health. A pool
 * (`pool.ts`) of comlink-wrapped `HealthApi` workers (one per core, at most 4) is started
 * on first use and kept; a worker that crashed makes the next run start a fresh pool.
 * `runHealth` hands each free worker the next store, the biggest first (a store is one
 * `storeHealth` call: its work is not split), and returns the results in input order. The
 * matrices' count buffers are transferred to the workers, not copied (a matrix whose
 * counts are a view into a bigger buffer is copied first): the caller's matrices are empty
 * afterwards.
 */
import * as Comlink from 'comlink';
import type { HealthApi } from '../../../workers/api';
import type { HealthParams, StoreHealth, StoreMatrix } from '../domain/health';
import { ownBuffer, WorkerPool, workerMember } from './pool';

export interface HealthProgress {
	/** Stores done, of `total`. */
	done: number;
	total: number;
}

const pool = new WorkerPool(() =>
	workerMember<HealthApi>(
		new Worker(new URL('../../../workers/health.worker.ts', import.meta.url), {
			type: 'module'
		}),
		'health'
	)
);

/** Starts the health workers ahead of the first run (their modules load meanwhile). */
export function warmHealth(): void {
	pool.members();
}

/** Stop every worker; the next run starts new ones. */
export function terminateHealth(): void {
	pool.terminate();
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
	const progress: HealthProgress = { done: 0, total: matrices.length };
	onProgress?.({ ...progress });
	if (matrices.length === 0) return [];
	const order = healthOrder(matrices);
	const plain = { ...params };
	const out = await pool.map(
		order.length,
		(api, k) => {
			const m = matrices[order[k]];
			const counts = ownBuffer(m.counts);
			return api.health(Comlink.transfer({ ...m, counts }, [counts.buffer as ArrayBuffer]), plain);
		},
		{
			onDone: () => {
				progress.done++;
				onProgress?.({ ...progress });
			}
		}
	);
	const results = new Array<StoreHealth>(matrices.length);
	order.forEach((i, k) => (results[i] = out[k]));
	return results;
}
