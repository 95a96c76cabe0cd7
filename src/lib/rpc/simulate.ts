/**
 * The simulation workers: the only `new Worker(...)` of the footfall page. A small pool
 * of comlink-wrapped `SimulateApi` workers (one per core, at most 4) is started on first
 * use and kept for later runs (a worker that crashed makes the next run start a fresh
 * pool). `runSimulation` plans the chunks (about 4 per worker), hands each free worker
 * the next one and yields each chunk's Arrow IPC bytes in plan order, so the caller can
 * append them to the database as they arrive.
 */
import * as Comlink from 'comlink';
import type { SimulateApi, SimulationChunk } from '../../../workers/api';
import type { SimulationParams } from '../domain/footfall';
import { countReadings, planChunks } from '../simulation/footfall';

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

interface PoolWorker {
	api: Comlink.Remote<SimulateApi>;
	/** Rejects when the worker itself fails (e.g. its module cannot load). */
	crashed: Promise<never>;
	worker: Worker;
	dead: boolean;
}

const MAX_WORKERS = 4;
/** Chunks per worker: small chunks balance the pool and reach the database sooner. */
const CHUNKS_PER_WORKER = 4;
let pool: PoolWorker[] | null = null;

/** Number of workers: the machine's cores, between 1 and 4. */
export function poolSize(cores: number | undefined): number {
	const n = Math.floor(cores ?? 1);
	return Number.isFinite(n) ? Math.min(MAX_WORKERS, Math.max(1, n)) : 1;
}

function startWorker(): PoolWorker {
	const worker = new Worker(new URL('../../../workers/simulate.worker.ts', import.meta.url), {
		type: 'module'
	});
	const entry: PoolWorker = {
		api: Comlink.wrap<SimulateApi>(worker),
		crashed: new Promise<never>((_, reject) => {
			worker.addEventListener('error', (e) => {
				e.preventDefault();
				entry.dead = true;
				reject(new Error(`The simulation worker failed: ${e.message || 'it could not start'}`));
			});
		}),
		worker,
		dead: false
	};
	entry.crashed.catch(() => {}); // observed by every call through Promise.race
	return entry;
}

function getPool(): PoolWorker[] {
	if (pool?.some((w) => w.dead)) terminateSimulation();
	if (!pool) pool = Array.from({ length: poolSize(hardwareConcurrency()) }, startWorker);
	return pool;
}

/** Stop every worker; the next run starts new ones. */
export function terminateSimulation(): void {
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

interface Deferred<T> {
	promise: Promise<T>;
	resolve: (v: T) => void;
	reject: (e: unknown) => void;
}

function deferred<T>(): Deferred<T> {
	let resolve!: (v: T) => void;
	let reject!: (e: unknown) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	promise.catch(() => {}); // every rejection is surfaced by the consumer loop
	return { promise, resolve, reject };
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
	const workers = getPool();
	const done = plan.map(() => deferred<SimulatedChunk>());
	const failed = deferred<never>();
	const progress: SimulationProgress = {
		chunksDone: 0,
		chunks: plan.length,
		readingsDone: 0,
		readingsTotal: countReadings(params)
	};
	let next = 0;
	let stopped = false;
	onProgress?.({ ...progress });

	// Each worker takes the next unstarted chunk whenever it is free.
	async function drain(w: PoolWorker) {
		while (!stopped && next < plan.length) {
			const i = next++;
			const chunk = plan[i];
			try {
				const r = await Promise.race([w.api.simulateIPC(params, chunk), w.crashed]);
				progress.chunksDone++;
				progress.readingsDone += r.length;
				if (!stopped) onProgress?.({ ...progress });
				done[i].resolve({ chunk, ipc: r.ipc, length: r.length });
			} catch (e) {
				stopped = true;
				done[i].reject(asError(e));
				failed.reject(asError(e));
			}
		}
	}
	for (const w of workers) void drain(w);

	try {
		for (let i = 0; i < plan.length; i++) {
			yield await Promise.race([done[i].promise, failed.promise]);
		}
	} finally {
		stopped = true;
	}
}

function hardwareConcurrency(): number | undefined {
	return typeof navigator === 'undefined' ? undefined : navigator.hardwareConcurrency;
}
