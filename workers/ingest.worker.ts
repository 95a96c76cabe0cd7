/**
 * Ingest worker: exposes `IngestApi` over comlink. Reads dropped `File`s here, off the
 * page's thread, through one `IngestSession` (pure, `src/lib/ingest/session.ts`): files
 * already read (same path, size, lastModified) come from its cache, large CSV/TSV/NDJSON
 * tables are read in `Blob.slice`s; also generates the demo fleet and its zip. Buffers go
 * back transferred, not copied.
 *
 * Every file read whole is hashed (SHA-256 with WebCrypto, native) and the plan carries the
 * hashes, so the page can name the files in a link without reading them all again and
 * hashing them in JavaScript on its own thread. Where WebCrypto is missing (a page on plain
 * http off localhost) the plan has no hashes and the page hashes as before.
 *
 * With two cores or more, about half of the original-layout files of a plan are read,
 * hashed and parsed by a helper worker this worker starts (`ingest-helper.worker.ts`)
 * while it reads the others: the plan is the same, made in about half the time.
 *
 * Parquet: `src/lib/arrow/parquet.ts` (apache-arrow and parquet-wasm's code and wasm) is
 * imported and loaded the first time a Parquet file asks for it (the session calls
 * `loadParquet` and reads that file again), never before.
 */
import * as Comlink from 'comlink';
import type { IngestApi, IngestSource, PendingTableInfo, PlannedFiles } from './api';
import type { IngestHelperApi } from './ingest-helper.worker';
import type { DeviceDay } from '../src/lib/domain/wearables';
import {
	IngestSession,
	subtleDigest,
	type ByteSource,
	type PartHelper,
	type ParquetDecoder,
	type PendingTable
} from '../src/lib/ingest';
import { generateFleet } from '../src/lib/simulation/fleet';
import { fleetZip } from '../src/lib/simulation/fleet-zip';

/** Distinct values of a text column shown in the mapping form. */
const MAX_VALUES = 200;

function recordBuffers(records: DeviceDay[]): ArrayBuffer[] {
	const all = new Set<ArrayBuffer>();
	for (const r of records) {
		for (const a of [r.onWrist, r.temperature, r.ppg]) all.add(a.buffer as ArrayBuffer);
	}
	return [...all];
}

type ParquetModule = typeof import('../src/lib/arrow/parquet');

/** The Parquet reader once loaded, or why it could not be. */
let parquet: { reader: ParquetModule } | { error: string } | null = null;
let parquetLoading: Promise<void> | null = null;

/** Loads the Parquet reader (once; after a failure, again on the next call). */
function loadParquet(): Promise<void> {
	if (parquet && 'reader' in parquet) return Promise.resolve();
	parquetLoading ??= (async () => {
		try {
			const reader = await import('../src/lib/arrow/parquet');
			await reader.initParquet();
			parquet = { reader };
		} catch (e) {
			parquet = { error: e instanceof Error ? e.message : String(e) };
		} finally {
			parquetLoading = null;
		}
	})();
	return parquetLoading;
}

/** Decodes with the loaded reader; asks to be loaded (`wanted`) until it is. */
const decodeParquet: ParquetDecoder = (path, bytes) => {
	if (parquet && 'reader' in parquet) return parquet.reader.decodeParquet(path, bytes);
	if (parquet) return { error: `could not be read: ${parquet.error}`, wanted: true };
	return { error: 'could not be read: the Parquet reader is not loaded', wanted: true };
};

const session = new IngestSession({
	decodeParquet,
	loadParquet,
	digest: subtleDigest(globalThis.crypto?.subtle)
});

/** The helper worker's API and its crash, once started (null again after a crash). */
let helperWorker: { api: Comlink.Remote<IngestHelperApi>; crashed: Promise<never> } | null = null;

/** The helper, started now if need be; a crashed one is replaced on the next use. */
function startHelper(): NonNullable<typeof helperWorker> {
	if (helperWorker) return helperWorker;
	const worker = new Worker(new URL('./ingest-helper.worker.ts', import.meta.url), {
		type: 'module'
	});
	const crashed = new Promise<never>((_, reject) =>
		worker.addEventListener('error', (e) => {
			e.preventDefault();
			worker.terminate();
			helperWorker = null;
			reject(new Error(`the ingest helper worker failed: ${e.message || 'it could not start'}`));
		})
	);
	crashed.catch(() => {}); // observed by every call through Promise.race
	helperWorker = { api: Comlink.wrap<IngestHelperApi>(worker), crashed };
	return helperWorker;
}

/**
 * A `PartHelper` over the helper worker for one plan's sources, when there are two cores
 * or more (with one, the two workers would only take turns). A failed helper makes the
 * session read the files itself.
 */
function partHelper(sources: IngestSource[]): PartHelper | undefined {
	if ((globalThis.navigator?.hardwareConcurrency ?? 1) < 2) return undefined;
	return {
		read(indices, options) {
			const helper = startHelper();
			const files = indices.map((i) => sources[i]);
			return Promise.race([helper.api.read(files, options), helper.crashed]);
		}
	};
}

/** A dropped `File` as slices: `Blob.slice` reads only the bytes asked for. */
function fileSource(path: string, file: File): ByteSource {
	return {
		path,
		size: file.size,
		lastModified: file.lastModified,
		read: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer())
	};
}

function tableInfo(t: PendingTable): PendingTableInfo {
	return {
		path: t.path,
		format: t.table.format,
		rows: t.table.rows,
		columns: t.table.columns.map((c) => ({
			name: c.name,
			kind: c.kind,
			values: c.kind === 'text' ? c.dict.slice(0, MAX_VALUES) : []
		})),
		problems: t.table.problems,
		proposal: t.proposal,
		applied: t.applied
	};
}

const api: IngestApi = {
	async plan(sources, mappings, options = {}) {
		const plan = await session.plan(
			sources.map(({ path, file }) => fileSource(path, file)),
			mappings,
			options,
			partHelper(sources)
		);
		const out: PlannedFiles = { ...plan, tables: plan.tables.map(tableInfo) };
		return Comlink.transfer(out, recordBuffers(plan.deviceDays.map((d) => d.record)));
	},
	async demoFleet() {
		const fleet = generateFleet();
		return Comlink.transfer(fleet, recordBuffers(fleet));
	},
	async demoZip() {
		const zip = fleetZip(generateFleet());
		return Comlink.transfer(zip, [zip.buffer as ArrayBuffer]);
	}
};

Comlink.expose(api);
