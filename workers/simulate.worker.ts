/**
 * Simulation worker: exposes `SimulateApi` over comlink. All the work is in
 * `src/lib/simulation`; this file only moves the results out, transferring the column
 * buffers (or the Arrow IPC bytes) instead of copying them.
 */
import * as Comlink from 'comlink';
import type { SimulateApi } from './api';
import type { ReadingColumns } from '../src/lib/domain/footfall';
import { simulateChunk } from '../src/lib/simulation/footfall';
import { readingsToIPC } from '../src/lib/arrow/readings';

/** The distinct buffers behind the columns (a buffer may be listed once only). */
function buffers(cols: ReadingColumns): ArrayBuffer[] {
	const all = [cols.store, cols.sensor, cols.hour, cols.count, cols.truth].map((a) => a.buffer);
	return [...new Set(all)] as ArrayBuffer[];
}

const api: SimulateApi = {
	async simulate(params, chunk) {
		const cols = simulateChunk(params, chunk);
		return Comlink.transfer(cols, buffers(cols));
	},
	async simulateIPC(params, chunk) {
		const cols = simulateChunk(params, chunk);
		const ipc = readingsToIPC(cols);
		return Comlink.transfer({ ipc, length: cols.length }, [ipc.buffer as ArrayBuffer]);
	}
};

Comlink.expose(api);
