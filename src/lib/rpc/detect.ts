/**
 * The wearable page's workers: the only `new Worker(...)` of the detection and ingest
 * workers.
 *
 * - Detection: a pool (`pool.ts`) of comlink-wrapped `DetectApi` workers (one per core,
 *   at most 4), started on first use and kept. `detectAll` splits the device-days into batches of
 *   about the same work (the PPG dominates), hands each free worker the next batch and
 *   returns the results in input order, reporting progress per batch. Records go to the
 *   workers as copies made here and transferred (the page keeps its own for the charts):
 *   one memcpy per array instead of structured clone's serialise and deserialise, which
 *   took about 0.6 s of the page's thread for 100 device-days. Results come back
 *   transferred.
 * - Ingest: one `IngestApi` worker (a pool of one) that reads dropped files, plans them,
 *   and generates the demo fleet and its zip.
 *
 * A worker that crashed makes the next call start a fresh one.
 */
import type {
	DetectApi,
	DetectedDeviceDay,
	IngestApi,
	IngestSource,
	PendingTableInfo,
	PlannedFiles
} from '../../../workers/api';
import * as Comlink from 'comlink';
import type { DetectionParams, DeviceDay } from '../domain/wearables';
import type { IngestOptions, TableMapping } from '../ingest/types';
import { poolSize, WorkerPool, workerMember } from './pool';

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

/**
 * Work per batch, in PPG samples (a temperature sample weighs a quarter): 20-40 ms. Measured
 * in one thread (`bench/detection.ts`): PPG quality about 65 ns per PPG sample, both modes'
 * temperature rules about 10 ns per temperature sample. A day without PPG is then a
 * seventh of a batch, not a batch of its own: 100 such days go in 15 round trips, not 100.
 */
const BATCH_SAMPLES = 600_000;

const detection = new WorkerPool(() =>
	workerMember<DetectApi>(
		new Worker(new URL('../../../workers/detect.worker.ts', import.meta.url), {
			type: 'module'
		}),
		'detection'
	)
);

/** A pool of one: the ingest worker. */
const ingest = new WorkerPool(
	() =>
		workerMember<IngestApi>(
			new Worker(new URL('../../../workers/ingest.worker.ts', import.meta.url), {
				type: 'module'
			}),
			'file reading'
		),
	() => 1
);

/** Number of detection workers: the machine's cores, between 1 and 4. */
export { poolSize };

/** Starts the detection workers ahead of the first run (their modules load meanwhile). */
export function warmDetection(): void {
	detection.members();
}

/** Stop every worker; the next call starts new ones. */
export function terminateDetection(): void {
	detection.terminate();
	ingest.terminate();
}

/** Consecutive slices of `records` of about `budget` samples each (at least one record). */
export function batches(records: readonly DeviceDay[], budget = BATCH_SAMPLES): [number, number][] {
	const out: [number, number][] = [];
	let from = 0;
	let load = 0;
	for (let i = 0; i < records.length; i++) {
		load += records[i].ppg.length + records[i].temperature.length / 4 + 1;
		if (load >= budget || i === records.length - 1) {
			out.push([from, i + 1]);
			from = i + 1;
			load = 0;
		}
	}
	return out;
}

/** Copies of `records` with their own buffers, marked for transfer (the originals stay). */
export function transferableCopies(records: readonly DeviceDay[]): DeviceDay[] {
	const copies = records.map((r) => ({
		...r,
		onWrist: r.onWrist.slice(),
		temperature: r.temperature.slice(),
		ppg: r.ppg.slice()
	}));
	const buffers = copies.flatMap((r) => [r.onWrist.buffer, r.temperature.buffer, r.ppg.buffer]);
	return Comlink.transfer(copies, buffers as ArrayBuffer[]);
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
	const plan = batches(records);
	const progress: DetectionProgress = { done: 0, total: records.length };
	options.onProgress?.({ ...progress });
	if (records.length === 0) return [];
	const cancelled = () => options.cancelled?.() ?? false;
	const out = await detection.map(
		plan.length,
		(api, b) => api.detect(transferableCopies(records.slice(plan[b][0], plan[b][1])), params),
		{
			stopWith: () => (cancelled() ? new DetectionCancelled() : null),
			onDone: (_, b) => {
				progress.done += plan[b][1] - plan[b][0];
				if (!cancelled()) options.onProgress?.({ ...progress });
			}
		}
	);
	return out.flat();
}

/** Both modes on one record with the temperature chart series, on the least busy worker. */
export function detectWithSeries(
	record: DeviceDay,
	params: DetectionParams
): Promise<DetectedDeviceDay> {
	return detection.callAny((api) => api.detectWithSeries(record, params));
}

/** Read and plan dropped files in the ingest worker, applying corrected table mappings. */
export function planFiles(
	sources: IngestSource[],
	mappings: Record<string, TableMapping>,
	options?: IngestOptions
): Promise<PlannedFiles> {
	return ingest.callAny((api) => api.plan(sources, mappings, options));
}

/** The demo fleet, generated in the ingest worker. */
export function demoFleet(): Promise<DeviceDay[]> {
	return ingest.callAny((api) => api.demoFleet());
}

/** The demo fleet as a zip of its files in the original layout. */
export function demoZip(): Promise<Uint8Array> {
	return ingest.callAny((api) => api.demoZip());
}
