/**
 * The wearable page's workers: the only `new Worker(...)` of the detection and ingest
 * workers.
 *
 * - Detection: a pool of comlink-wrapped `DetectApi` workers (one per core, at most 4),
 *   started on first use and kept. `detectAll` splits the device-days into batches of
 *   about the same work (the PPG dominates), hands each free worker the next batch and
 *   returns the results in input order, reporting progress per batch. Records are copied
 *   to the workers (the page keeps its own for the charts); results come back transferred.
 * - Ingest: one `IngestApi` worker that reads dropped files, plans them, and generates the
 *   demo fleet and its zip.
 *
 * A worker that crashed makes the next call start a fresh one.
 */
import * as Comlink from 'comlink';
import type {
	DetectApi,
	DetectedDeviceDay,
	IngestApi,
	IngestSource,
	PendingTableInfo,
	PlannedFiles
} from '../../../workers/api';
import type { DetectionParams, DeviceDay } from '../domain/wearables';
import type { IngestOptions, TableMapping } from '../ingest/types';

export type { DetectedDeviceDay, IngestSource, PendingTableInfo, PlannedFiles };

export interface DetectionProgress {
	/** Device-days done, of `total`. */
	done: number;
	total: number;
}

/** Thrown by `detectAll` when `cancelled()` turned true: a newer run replaced this one. */
export class DetectionCancelled extends Error {
	constructor() {
		super('detection run replaced by a newer one');
		this.name = 'DetectionCancelled';
	}
}

interface Handle<T> {
	api: Comlink.Remote<T>;
	/** Rejects when the worker itself fails (e.g. its module cannot load). */
	crashed: Promise<never>;
	worker: Worker;
	dead: boolean;
	/** Calls sent and not answered yet. */
	busy: number;
}

const MAX_WORKERS = 4;
/** PPG samples (plus 16 per temperature sample) per batch: about 0.05-0.1 s of work. */
const BATCH_SAMPLES = 600_000;

let pool: Handle<DetectApi>[] | null = null;
let ingest: Handle<IngestApi> | null = null;

/** Number of detection workers: the machine's cores, between 1 and 4. */
export function poolSize(cores: number | undefined): number {
	const n = Math.floor(cores ?? 1);
	return Number.isFinite(n) ? Math.min(MAX_WORKERS, Math.max(1, n)) : 1;
}

function handle<T>(worker: Worker, what: string): Handle<T> {
	const entry: Handle<T> = {
		api: Comlink.wrap<T>(worker),
		crashed: new Promise<never>((_, reject) => {
			worker.addEventListener('error', (e) => {
				e.preventDefault();
				entry.dead = true;
				reject(new Error(`The ${what} worker failed: ${e.message || 'it could not start'}`));
			});
		}),
		worker,
		dead: false,
		busy: 0
	};
	entry.crashed.catch(() => {}); // observed by every call through Promise.race
	return entry;
}

function startDetectWorker(): Handle<DetectApi> {
	const worker = new Worker(new URL('../../../workers/detect.worker.ts', import.meta.url), {
		type: 'module'
	});
	return handle<DetectApi>(worker, 'detection');
}

function startIngestWorker(): Handle<IngestApi> {
	const worker = new Worker(new URL('../../../workers/ingest.worker.ts', import.meta.url), {
		type: 'module'
	});
	return handle<IngestApi>(worker, 'file reading');
}

function end<T>(h: Handle<T>) {
	h.api[Comlink.releaseProxy]();
	h.worker.terminate();
}

function getPool(): Handle<DetectApi>[] {
	if (pool?.some((w) => w.dead)) {
		for (const w of pool) end(w);
		pool = null;
	}
	pool ??= Array.from({ length: poolSize(hardwareConcurrency()) }, startDetectWorker);
	return pool;
}

function getIngest(): Handle<IngestApi> {
	if (ingest?.dead) {
		end(ingest);
		ingest = null;
	}
	ingest ??= startIngestWorker();
	return ingest;
}

/** Starts the detection workers ahead of the first run (their modules load meanwhile). */
export function warmDetection(): void {
	getPool();
}

/** Stop every worker; the next call starts new ones. */
export function terminateDetection(): void {
	for (const w of pool ?? []) end(w);
	if (ingest) end(ingest);
	pool = null;
	ingest = null;
}

/** Turns whatever a worker threw (comlink rebuilds Errors) into an Error with a message. */
function asError(e: unknown): Error {
	if (e instanceof Error) return e;
	if (e && typeof e === 'object' && 'message' in e) return new Error(String(e.message));
	return new Error(String(e));
}

async function call<T, R>(h: Handle<T>, run: (api: Comlink.Remote<T>) => Promise<R>): Promise<R> {
	h.busy++;
	try {
		return await Promise.race([run(h.api), h.crashed]);
	} catch (e) {
		throw asError(e);
	} finally {
		h.busy--;
	}
}

/** Consecutive slices of `records` of about `budget` samples each (at least one record). */
export function batches(records: readonly DeviceDay[], budget = BATCH_SAMPLES): [number, number][] {
	const out: [number, number][] = [];
	let from = 0;
	let load = 0;
	for (let i = 0; i < records.length; i++) {
		load += records[i].ppg.length + 16 * records[i].temperature.length + 1;
		if (load >= budget || i === records.length - 1) {
			out.push([from, i + 1]);
			from = i + 1;
			load = 0;
		}
	}
	return out;
}

export interface DetectAllOptions {
	onProgress?: (p: DetectionProgress) => void;
	/** Checked before each batch: when true, no more batches start and the run throws. */
	cancelled?: () => boolean;
}

/**
 * Both modes on every record, on the worker pool, results in the order of `records`.
 * `params` must be plain data (not a Svelte proxy). Throws the kernel's message when the
 * parameters are invalid or a worker fails, `DetectionCancelled` when cancelled.
 */
export async function detectAll(
	records: readonly DeviceDay[],
	params: DetectionParams,
	options: DetectAllOptions = {}
): Promise<DetectedDeviceDay[]> {
	const results = new Array<DetectedDeviceDay>(records.length);
	const plan = batches(records);
	const progress: DetectionProgress = { done: 0, total: records.length };
	options.onProgress?.({ ...progress });
	if (records.length === 0) return results;
	let next = 0;
	let failed: Error | null = null;
	const cancelled = () => options.cancelled?.() ?? false;

	async function drain(w: Handle<DetectApi>) {
		while (!failed && next < plan.length) {
			if (cancelled()) {
				failed = new DetectionCancelled();
				return;
			}
			const [from, to] = plan[next++];
			try {
				const out = await call(w, (api) => api.detect(records.slice(from, to), params));
				for (let i = 0; i < out.length; i++) results[from + i] = out[i];
				progress.done += to - from;
				if (!failed && !cancelled()) options.onProgress?.({ ...progress });
			} catch (e) {
				failed ??= asError(e);
			}
		}
	}
	await Promise.all(getPool().map(drain));
	if (failed) throw failed;
	return results;
}

/** Both modes on one record with the temperature chart series, on the least busy worker. */
export function detectWithSeries(
	record: DeviceDay,
	params: DetectionParams
): Promise<DetectedDeviceDay> {
	const w = getPool().reduce((a, b) => (b.busy < a.busy ? b : a));
	return call(w, (api) => api.detectWithSeries(record, params));
}

/** Read and plan dropped files in the ingest worker, applying corrected table mappings. */
export function planFiles(
	sources: IngestSource[],
	mappings: Record<string, TableMapping>,
	options?: IngestOptions
): Promise<PlannedFiles> {
	return call(getIngest(), (api) => api.plan(sources, mappings, options));
}

/** The demo fleet, generated in the ingest worker. */
export function demoFleet(): Promise<DeviceDay[]> {
	return call(getIngest(), (api) => api.demoFleet());
}

/** The demo fleet as a zip of its files in the original layout. */
export function demoZip(): Promise<Uint8Array> {
	return call(getIngest(), (api) => api.demoZip());
}

function hardwareConcurrency(): number | undefined {
	return typeof navigator === 'undefined' ? undefined : navigator.hardwareConcurrency;
}
