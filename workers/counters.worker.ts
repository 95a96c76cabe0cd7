/**
 * Counters worker: exposes `CountersApi` over comlink. Reads dropped counter files as
 * bytes here, off the page's thread, hands them to the pure `readCounters`, and encodes
 * the readings as Arrow IPC for DuckDB. Buffers go back transferred, not copied.
 *
 * Parquet: `src/lib/arrow/parquet.ts` (parquet-wasm's code and wasm) is imported and
 * loaded only when a dropped file starts with `PAR1`, never before.
 */
import * as Comlink from 'comlink';
import type { CountersApi } from './api';
import { readingsToIPC } from '../src/lib/arrow/readings';
import { isParquet, type IngestFile, type ParquetDecoder } from '../src/lib/ingest';
import { DEFAULT_MAX_COUNTER_BYTES, readCounters } from '../src/lib/ingest/counters';

/** parquet-wasm's decoder once loaded (or why it could not be). */
let parquet: Promise<ParquetDecoder> | null = null;

function loadParquet(): Promise<ParquetDecoder> {
	parquet ??= import('../src/lib/arrow/parquet').then(
		async (m) => {
			await m.initParquet();
			return m.decodeParquet;
		},
		(e) => {
			parquet = null; // try again on the next drop
			throw e;
		}
	);
	return parquet;
}

const api: CountersApi = {
	async read(sources, mappings = {}, options = {}) {
		const max = options.maxFileBytes ?? DEFAULT_MAX_COUNTER_BYTES;
		const unreadable: { path: string; message: string }[] = [];
		const read = await Promise.all(
			sources.map(async ({ path, file }): Promise<IngestFile | null> => {
				// a file over the limit is reported by readCounters from its size, never read
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
		const files = read.filter((f): f is IngestFile => f !== null);
		let decodeParquet: ParquetDecoder | undefined;
		if (files.some((f) => isParquet(f.bytes))) {
			try {
				decodeParquet = await loadParquet();
			} catch (e) {
				const why = e instanceof Error ? e.message : String(e);
				decodeParquet = () => ({
					error: `could not be read: the Parquet reader failed to load (${why})`
				});
			}
		}
		const result = readCounters(files, { ...options, mappings, decodeParquet });
		result.errors.unshift(...unreadable);
		const ipc = result.data ? readingsToIPC(result.data.columns) : null;
		const buffers = new Set<ArrayBuffer>();
		if (ipc) buffers.add(ipc.buffer as ArrayBuffer);
		if (result.data) {
			const c = result.data.columns;
			for (const a of [c.store, c.sensor, c.hour, c.count, c.truth])
				buffers.add(a.buffer as ArrayBuffer);
		}
		return Comlink.transfer({ ...result, ipc }, [...buffers]);
	}
};

Comlink.expose(api);
