/**
 * Hourly readings (typed-array columns) -> an Arrow IPC stream for DuckDB.
 *
 * IPC bytes, not an Arrow `Table`, cross into DuckDB: `insertArrowTable` with a table
 * built by another apache-arrow copy silently inserts nothing, while
 * `insertArrowFromIPCStream` works across versions (STACK-NOTES).
 */
import { Int32, Table, Uint16, Uint8, makeData, makeVector, tableToIPC } from 'apache-arrow';
import type { ReadingColumns } from '../domain/footfall';

/**
 * Encode readings as an Arrow IPC stream with columns store_idx (Uint8), sensor (Uint16),
 * hour (Int32, hours since 1970-01-01 00:00 wall-clock), count (Int32), truth (Uint8).
 * The Arrow vectors wrap the typed arrays without copying; only the IPC writer copies
 * them once into the output bytes. Arrays longer than `cols.length` are cut to it.
 */
export function readingsToIPC(cols: ReadingColumns): Uint8Array {
	const n = cols.length;
	if (!Number.isInteger(n) || n < 0) throw new RangeError(`readingsToIPC: bad length ${n}`);
	for (const [name, arr] of [
		['store', cols.store],
		['sensor', cols.sensor],
		['hour', cols.hour],
		['count', cols.count],
		['truth', cols.truth]
	] as const) {
		if (arr.length < n) {
			throw new RangeError(`readingsToIPC: column ${name} has ${arr.length} < ${n} values`);
		}
	}
	const cut = <A extends { length: number; subarray(a: number, b: number): A }>(a: A): A =>
		a.length === n ? a : a.subarray(0, n);
	const table = new Table({
		store_idx: makeVector(makeData({ type: new Uint8(), length: n, data: cut(cols.store) })),
		sensor: makeVector(makeData({ type: new Uint16(), length: n, data: cut(cols.sensor) })),
		hour: makeVector(makeData({ type: new Int32(), length: n, data: cut(cols.hour) })),
		count: makeVector(makeData({ type: new Int32(), length: n, data: cut(cols.count) })),
		truth: makeVector(makeData({ type: new Uint8(), length: n, data: cut(cols.truth) }))
	});
	return tableToIPC(table, 'stream');
}
