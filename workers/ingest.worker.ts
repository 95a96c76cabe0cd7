/**
 * Ingest worker: exposes `IngestApi` over comlink. Reads dropped `File`s as bytes here,
 * off the page's thread, and hands them to the pure `planIngest` / `remapTable`; also
 * generates the demo fleet and its zip. Buffers go back transferred, not copied.
 *
 * Parquet: `src/lib/arrow/parquet.ts` (apache-arrow and parquet-wasm's code and wasm) is
 * imported and loaded the first time a Parquet file arrives, never before, and then
 * decodes Parquet files (and zip entries) inside `planIngest`.
 */
import * as Comlink from 'comlink';
import type { IngestApi, PendingTableInfo, PlannedFiles } from './api';
import type { DeviceDay } from '../src/lib/domain/wearables';
import {
	DEFAULT_MAX_FILE_BYTES,
	isParquet,
	planIngest,
	remapTable,
	type IngestFile,
	type IngestPlan,
	type ParquetDecoder,
	type PendingTable,
	type PlanOptions
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

/**
 * Plans `files`, reading Parquet with the loaded reader. The reader is loaded first when a
 * file is Parquet; a Parquet file found only inside a zip loads it and plans once more.
 */
async function planWithParquet(files: IngestFile[], options: PlanOptions): Promise<IngestPlan> {
	if (files.some((f) => isParquet(f.bytes))) await loadParquet();
	let wanted = false;
	const decodeParquet: ParquetDecoder = (path, bytes) => {
		if (parquet && 'reader' in parquet) return parquet.reader.decodeParquet(path, bytes);
		if (parquet) return { error: `could not be read: ${parquet.error}` };
		wanted = true;
		return { error: 'could not be read: the Parquet reader is not loaded' };
	};
	const plan = planIngest(files, { ...options, decodeParquet });
	if (!wanted) return plan;
	await loadParquet();
	return planIngest(files, { ...options, decodeParquet });
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
		const max = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
		const unreadable: { path: string; message: string }[] = [];
		const read = await Promise.all(
			sources.map(async ({ path, file }): Promise<IngestFile | null> => {
				// a file over the limit is reported by planIngest from its size, never read
				if (file.size > max) return { path, size: file.size, bytes: new Uint8Array(0) };
				try {
					return { path, size: file.size, bytes: new Uint8Array(await file.arrayBuffer()) };
				} catch (e) {
					const why = e instanceof Error ? e.message : String(e);
					unreadable.push({ path, message: `${path}: the browser could not read it (${why})` });
					return null;
				}
			})
		);
		let plan = await planWithParquet(
			read.filter((f): f is IngestFile => f !== null),
			options
		);
		for (const [path, mapping] of Object.entries(mappings)) {
			if (plan.tables.some((t) => t.path === path)) plan = remapTable(plan, path, mapping);
		}
		plan = { ...plan, errors: [...unreadable, ...plan.errors] };
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
