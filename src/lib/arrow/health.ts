/**
 * Health detection's results (typed-array columns, `domain/health.ts`) -> Arrow IPC
 * streams for the tables of `db/sql/health.ts`, and `replaceHealth`, which swaps one
 * run's rows into DuckDB and rebuilds the imputation tables in one transaction.
 *
 * Each stream carries a `store_idx` column first (the results are per store), then the
 * result's columns in the order of `HEALTH_COLUMNS` (an append matches by position).
 * Integer and float columns wrap the typed arrays without copying; a float column that
 * holds NaN ("no history", "no siblings") gets a validity bitmap so DuckDB reads NULL,
 * which its aggregates skip, instead of NaN, which would poison them.
 */
import {
	Float64,
	Int32,
	Table,
	Uint16,
	Uint8,
	makeData,
	makeVector,
	tableToIPC,
	type DataType,
	type Vector
} from 'apache-arrow';
import type { DbClient } from '../db/client';
import {
	HEALTH_COLUMNS,
	HEALTH_DAYS,
	HEALTH_HOURS,
	HEALTH_STORE_DAYS,
	clearHealthSql,
	imputedSql
} from '../db/sql/health';
import type { HourFlags, SensorDays, StoreDays, StoreHealth } from '../domain/health';

type Column = Uint8Array | Uint16Array | Int32Array | Float64Array;

function checkStoreIdx(storeIdx: number, what: string): void {
	if (!(Number.isInteger(storeIdx) && storeIdx >= 0 && storeIdx <= 255)) {
		throw new RangeError(`${what}: store index must be an integer 0-255, got ${storeIdx}`);
	}
}

/** The first `n` values of a column; throws naming the column when it is shorter. */
function cut<A extends Column>(what: string, name: string, a: A, n: number): A {
	if (!a || a.length < n) {
		throw new RangeError(`${what}: column ${name} has ${a?.length ?? 0} < ${n} values`);
	}
	return (a.length === n ? a : a.subarray(0, n)) as A;
}

/** A validity bitmap (bit set = valid) for the NaN entries of `a`, or null when there are none. */
function nanBitmap(a: Float64Array): { bitmap: Uint8Array; nulls: number } | null {
	let nulls = 0;
	for (let i = 0; i < a.length; i++) if (a[i] !== a[i]) nulls++;
	if (nulls === 0) return null;
	const bitmap = new Uint8Array((a.length + 7) >> 3);
	for (let i = 0; i < a.length; i++) if (a[i] === a[i]) bitmap[i >> 3] |= 1 << (i & 7);
	return { bitmap, nulls };
}

function vector(type: 'u8' | 'u16' | 'i32' | 'f64', data: Column): Vector<DataType> {
	const length = data.length;
	switch (type) {
		case 'u8':
			return makeVector(makeData({ type: new Uint8(), length, data: data as Uint8Array }));
		case 'u16':
			return makeVector(makeData({ type: new Uint16(), length, data: data as Uint16Array }));
		case 'i32':
			return makeVector(makeData({ type: new Int32(), length, data: data as Int32Array }));
		case 'f64': {
			const f = data as Float64Array;
			const nan = nanBitmap(f);
			return makeVector(
				makeData({
					type: new Float64(),
					length,
					data: f,
					...(nan ? { nullBitmap: nan.bitmap, nullCount: nan.nulls } : {})
				})
			);
		}
	}
}

/** Arrow type of each DuckDB column type used by the health tables. */
const ARROW_OF = {
	UTINYINT: 'u8',
	USMALLINT: 'u16',
	INTEGER: 'i32',
	DOUBLE: 'f64'
} as const;

/** The result field holding each table column (after store_idx). */
const FIELD_OF: Record<string, string> = {
	open_hours: 'openHours',
	sibling_ratio: 'siblingRatio'
};

function toIPC(
	table: keyof typeof HEALTH_COLUMNS,
	storeIdx: number,
	cols: { length: number } & object
): Uint8Array {
	const what = `${table} of store ${storeIdx}`;
	checkStoreIdx(storeIdx, what);
	const n = cols.length;
	if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what}: bad length ${n}`);
	const vectors: Record<string, Vector<DataType>> = {
		store_idx: vector('u8', new Uint8Array(n).fill(storeIdx))
	};
	for (const [name, type] of HEALTH_COLUMNS[table].slice(1)) {
		const field = FIELD_OF[name] ?? name;
		const arr = (cols as Record<string, Column>)[field];
		vectors[name] = vector(ARROW_OF[type], cut(what, field, arr, n));
	}
	return tableToIPC(new Table(vectors), 'stream');
}

/** `HourFlags` of one store -> IPC for `health_hours`. */
export function hourFlagsToIPC(storeIdx: number, flags: HourFlags): Uint8Array {
	return toIPC(HEALTH_HOURS, storeIdx, flags);
}

/** `SensorDays` of one store -> IPC for `health_days`. */
export function sensorDaysToIPC(storeIdx: number, days: SensorDays): Uint8Array {
	return toIPC(HEALTH_DAYS, storeIdx, days);
}

/** `StoreDays` of one store -> IPC for `health_store_days`. */
export function storeDaysToIPC(storeIdx: number, days: StoreDays): Uint8Array {
	return toIPC(HEALTH_STORE_DAYS, storeIdx, days);
}

/**
 * Replaces the health rows of the stores in `results` (rows of other stores stay) and
 * rebuilds the imputation tables, in one transaction: on failure it is rolled back and
 * the previous health stays. The tables must exist (`materializeSql()` creates them).
 * Returns the rows appended per table.
 */
export async function replaceHealth(
	db: DbClient,
	results: readonly StoreHealth[]
): Promise<{ hours: number; days: number; storeDays: number }> {
	const sorted = [...results].sort((a, b) => a.storeIdx - b.storeIdx);
	for (let i = 1; i < sorted.length; i++) {
		if (sorted[i].storeIdx === sorted[i - 1].storeIdx) {
			throw new RangeError(`replaceHealth: store index ${sorted[i].storeIdx} appears twice`);
		}
	}
	// Encode before touching the database: a bad column fails with nothing changed.
	const batches = sorted.flatMap(
		(h) =>
			[
				{
					table: HEALTH_HOURS,
					key: 'hours',
					n: h.hours.length,
					ipc: hourFlagsToIPC(h.storeIdx, h.hours)
				},
				{
					table: HEALTH_DAYS,
					key: 'days',
					n: h.days.length,
					ipc: sensorDaysToIPC(h.storeIdx, h.days)
				},
				{
					table: HEALTH_STORE_DAYS,
					key: 'storeDays',
					n: h.storeDays.length,
					ipc: storeDaysToIPC(h.storeIdx, h.storeDays)
				}
			] as const
	);
	const appended = { hours: 0, days: 0, storeDays: 0 };
	let open = false;
	try {
		await db.exec('BEGIN TRANSACTION');
		open = true;
		for (const sql of clearHealthSql(sorted.map((h) => h.storeIdx))) await db.exec(sql);
		for (const b of batches) {
			if (b.n === 0) continue;
			await db.insertArrowIPC(b.table, b.ipc, { create: false });
			appended[b.key] += b.n;
		}
		for (const sql of imputedSql()) await db.exec(sql);
		await db.exec('COMMIT');
	} catch (e) {
		if (open) await db.exec('ROLLBACK').catch(() => {});
		throw e;
	}
	return appended;
}
