/**
 * The simulation workers: the only `new Worker(...)` of the footfall page. A pool
 * (`pool.ts`) of comlink-wrapped `SimulateApi` workers (one per core, at most 4) is
 * started on first use and kept for later runs (a worker that crashed makes the next run
 * start a fresh pool). `runSimulation` plans the chunks (about 4 per worker), hands each
 * free worker the next one and yields each chunk's Arrow IPC bytes in plan order, so the
 * caller can append them to the database as they arrive.
 */
import type { SimulateApi, SimulationChunk } from '../../../workers/api';
import type { SimulationParams } from '../domain/footfall';
import { countReadings, planChunks } from '../simulation/footfall';
import { hardwareConcurrency, poolSize, WorkerPool, workerMember } from './pool';

export interface SimulationProgress {
	chunksDone: number;
	chunks: number;
	readingsDone: number;
	/** Readings of the whole simulation. */
	readingsTotal: number;
}

export interface SimulatedChunk {
	chunk: SimulationChunk;
	/** Arrow IPC stream bytes of the chunk's readings (transferred from the worker). */
	ipc: Uint8Array;
	length: number;
}

/** Chunks per worker: small chunks balance the pool and reach the database sooner. */
const CHUNKS_PER_WORKER = 4;

const pool = new WorkerPool(() =>
	workerMember<SimulateApi>(
		new Worker(new URL('../../../workers/simulate.worker.ts', import.meta.url), {
			type: 'module'
		}),
		'simulation'
	)
);

export { poolSize };

/** Stop every worker; the next run starts new ones. */
export function terminateSimulation(): void {
	pool.terminate();
}

/**
 * Simulate `params` (plain data, not a Svelte proxy) on the worker pool. Yields every
 * chunk in plan order (store, then sensor range) as soon as it and all chunks before it
 * are done. Throws the simulator's message when the parameters are invalid or a worker
 * fails; stopping the iteration early lets running chunks finish and starts no more.
 */
export async function* runSimulation(
	params: SimulationParams,
	onProgress?: (p: SimulationProgress) => void
): AsyncGenerator<SimulatedChunk> {
	const plan = planChunks(params, poolSize(hardwareConcurrency()) * CHUNKS_PER_WORKER);
	const progress: SimulationProgress = {
		chunksDone: 0,
		chunks: plan.length,
		readingsDone: 0,
		readingsTotal: countReadings(params)
	};
	onProgress?.({ ...progress });
	const results = pool.ordered(plan.length, (api, i) => api.simulateIPC(params, plan[i]), {
		onDone: (r) => {
			progress.chunksDone++;
			progress.readingsDone += r.length;
			onProgress?.({ ...progress });
		}
	});
	let i = 0;
	for await (const r of results) {
		yield { chunk: plan[i++], ipc: r.ipc, length: r.length };
	}
}
