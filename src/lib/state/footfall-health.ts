/**
 * The footfall page's health step, as plain async functions over a `DbClient`: read each
 * store's readings out of DuckDB as columns (one row per sensor holding its hours and
 * counts as Arrow lists, which arrive as typed arrays: no object per reading is made)
 * and lay them out as the dense sensor x hour matrices health detection takes.
 * No Svelte: Node tests drive these with a fake client or DuckDB-WASM.
 */
import type { DbClient, Query, Row } from '../db/client';
import { READINGS } from '../db/sql';
import type { StoreMatrix } from '../domain/health';
import { toStoreMatrix } from '../health/matrix';
import { dayIndex, type DataExtent } from './view';

/**
 * One store's readings, a row per sensor: `hours` and `counts` are lists in hour order.
 * DuckDB hands a list column over as one Arrow vector per row, which becomes a typed
 * array without a JS value per reading.
 */
export function storeReadingsQuery(storeIdx: number): Query {
	if (!Number.isInteger(storeIdx) || storeIdx < 0 || storeIdx > 255) {
		throw new RangeError(`storeReadingsQuery: bad store index ${storeIdx}`);
	}
	return {
		sql: `SELECT CAST(sensor AS INTEGER) AS sensor,
  list(hour ORDER BY hour) AS hours,
  list(count ORDER BY hour) AS counts
FROM ${READINGS}
WHERE store_idx = CAST(? AS UTINYINT)
GROUP BY sensor
ORDER BY sensor`,
		params: [storeIdx]
	};
}

/** A list cell as numbers: an Arrow vector (`toArray()`), a typed array or a plain array. */
export function listValues(v: unknown): ArrayLike<number> {
	if (v === null || v === undefined) return [];
	if (ArrayBuffer.isView(v)) return v as unknown as ArrayLike<number>;
	if (Array.isArray(v)) return v.map(Number);
	if (typeof v === 'object' && 'toArray' in v && typeof v.toArray === 'function') {
		return listValues(v.toArray());
	}
	throw new TypeError(`expected a list of numbers, got ${typeof v}`);
}

/**
 * The store's matrix over the loaded days (`extent.start` 00:00 to `extent.end` 23:00),
 * from the rows of `storeReadingsQuery` (`toStoreMatrix` of `health/`: a row per sensor, a
 * column per hour, MISSING where the data has no reading; it names a bad row).
 */
export function storeMatrix(
	rows: readonly Row[],
	store: { storeIdx: number; name: string; sensors: number },
	extent: Pick<DataExtent, 'start' | 'end'>
): StoreMatrix {
	const lists = rows.map((r) => ({
		sensor: Number(r.sensor),
		hours: listValues(r.hours),
		counts: listValues(r.counts)
	}));
	const n = lists.reduce((a, l) => a + l.hours.length, 0);
	const columns = { sensor: new Int32Array(n), hour: new Int32Array(n), count: new Int32Array(n) };
	let at = 0;
	for (const l of lists) {
		const len = l.hours.length;
		columns.sensor.fill(l.sensor, at, at + len);
		columns.hour.set(l.hours, at);
		columns.count.set(l.counts, at);
		at += len;
	}
	const startHour = dayIndex(extent.start) * 24;
	const hours = (dayIndex(extent.end) - dayIndex(extent.start) + 1) * 24;
	const shape = {
		storeIdx: store.storeIdx,
		store: store.name,
		sensors: store.sensors,
		startHour,
		hours
	};
	return toStoreMatrix(shape, columns).matrix;
}

/** Every store's matrix, one query per store (each reads only its store's row groups). */
export async function fetchMatrices(db: DbClient, extent: DataExtent): Promise<StoreMatrix[]> {
	const out: StoreMatrix[] = [];
	for (let i = 0; i < extent.stores.length; i++) {
		const s = extent.stores[i];
		const rows = await db.query(storeReadingsQuery(i));
		out.push(storeMatrix(rows, { storeIdx: i, name: s.name, sensors: s.sensors }, extent));
	}
	return out;
}
