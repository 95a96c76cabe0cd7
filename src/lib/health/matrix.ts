/**
 * Building a `StoreMatrix` (one store's readings as a dense sensor x hour matrix, the
 * input of `storeHealth`):
 *
 * - `toStoreMatrix`: from columns (sensor, hour, count) as they come out of DuckDB or a
 *   counter file: rows in any order, hours that are absent become MISSING, and several
 *   rows for one sensor-hour are merged by `mergeReadings` (the rule is documented
 *   there and in README.md).
 * - `storeMatricesFromReadings`: the fast path from the simulator's `ReadingColumns`,
 *   which are already dense and ordered by store, sensor, then hour (a block copy per
 *   store, no per-row work beyond a check of the order).
 *
 * Every problem is reported with the field and row it was found in.
 */
import { FAILED, SHOP_CLOSED, type ReadingColumns } from '../domain/footfall';
import { MISSING, type StoreMatrix } from '../domain/health';

/** Most cells of one matrix (sensors x hours): 256 MB of Int32. */
export const MAX_CELLS = 64_000_000;

/** What `toStoreMatrix` needs besides the columns. */
export interface StoreMatrixShape {
	storeIdx: number;
	store: string;
	/** Rows of the matrix: sensors 0 .. sensors - 1. */
	sensors: number;
	/** Hour index of column 0: a midnight (a multiple of 24). */
	startHour: number;
	/** Columns: whole days (a multiple of 24). */
	hours: number;
}

/** One store's rows as columns; `count` may hold NaN (a blank count: MISSING). */
export interface StoreColumns {
	sensor: ArrayLike<number>;
	hour: ArrayLike<number>;
	count: ArrayLike<number>;
}

/** How `toStoreMatrix` went: the matrix and what it had to merge. */
export interface StoreMatrixBuild {
	matrix: StoreMatrix;
	/** Rows that fell on a sensor-hour already filled (merged by `mergeReadings`). */
	duplicates: number;
}

/** Throws a RangeError naming the field and problem when the shape is unusable. */
export function checkShape(shape: StoreMatrixShape, what = 'matrix'): void {
	const { storeIdx, sensors, startHour, hours } = shape;
	const problems: string[] = [];
	if (!Number.isInteger(storeIdx) || storeIdx < 0) {
		problems.push(`storeIdx must be a whole number >= 0 (got ${String(storeIdx)})`);
	}
	if (typeof shape.store !== 'string') problems.push('store must be a name (a string)');
	if (!Number.isInteger(sensors) || sensors < 1 || sensors > 65_535) {
		problems.push(`sensors must be a whole number from 1 to 65535 (got ${String(sensors)})`);
	}
	if (!Number.isInteger(startHour) || startHour % 24 !== 0) {
		problems.push(`startHour must be an hour index at midnight (got ${String(startHour)})`);
	}
	if (!Number.isInteger(hours) || hours < 0 || hours % 24 !== 0) {
		problems.push(`hours must be a whole number of days (a multiple of 24, got ${String(hours)})`);
	}
	if (!problems.length && sensors * hours > MAX_CELLS) {
		problems.push(`sensors x hours must be at most ${MAX_CELLS} (got ${sensors * hours})`);
	}
	if (problems.length)
		throw new RangeError(`Invalid ${what} of "${shape.store}": ${problems.join('; ')}`);
}

/** Throws a RangeError naming the problem when `m` is not a usable StoreMatrix. */
export function checkMatrix(m: StoreMatrix): void {
	checkShape(m, 'store matrix');
	if (!(m.counts instanceof Int32Array) || m.counts.length !== m.sensors * m.hours) {
		throw new RangeError(
			`Invalid store matrix of "${m.store}": counts must be an Int32Array of sensors x hours = ${m.sensors * m.hours} values (got ${m.counts?.length})`
		);
	}
}

/**
 * Merges a second reading `b` of a sensor-hour into the one already there, `a`:
 * - a count (>= 0) beats a code: a failure or blank beside a real count is a duplicate
 *   transport row, the count is what the sensor saw;
 * - FAILED beats MISSING (the sensor said it failed), SHOP_CLOSED beats both;
 * - two equal counts are one repeated row (the original's file repeats rows): kept once;
 * - two different counts are summed: the only honest reading of two counts for one
 *   naive wall-clock hour is the repeated hour of a 25-hour day (daylight saving time
 *   ends, 02:00 happens twice), and the day's total must keep both.
 */
export function mergeReadings(a: number, b: number): number {
	if (a === MISSING) return b;
	if (b === MISSING) return a;
	if (a >= 0 && b >= 0) return a === b ? a : a + b;
	if (a >= 0) return a;
	if (b >= 0) return b;
	return a === SHOP_CLOSED || b === SHOP_CLOSED ? SHOP_CLOSED : FAILED;
}

/**
 * Builds the dense matrix of one store from its rows. `count` values: a whole number
 * >= 0, FAILED (-1), SHOP_CLOSED (-2), MISSING (-3), or NaN (blank: MISSING). Hours with
 * no row are MISSING. Throws a RangeError naming the row and column of the first bad
 * value (a sensor outside 0..sensors-1, an hour outside the matrix, a count that is not
 * a whole number or is below -3).
 */
export function toStoreMatrix(shape: StoreMatrixShape, columns: StoreColumns): StoreMatrixBuild {
	checkShape(shape);
	const { sensors, startHour, hours } = shape;
	const n = columns.sensor.length;
	if (columns.hour.length !== n || columns.count.length !== n) {
		throw new RangeError(
			`Invalid columns of "${shape.store}": sensor, hour and count must have the same length (got ${n}, ${columns.hour.length}, ${columns.count.length})`
		);
	}
	const counts = new Int32Array(sensors * hours).fill(MISSING);
	const seen = new Uint8Array(sensors * hours);
	let duplicates = 0;
	const endHour = startHour + hours;
	const bad = (i: number, field: string, value: number, want: string): never => {
		throw new RangeError(`Invalid row ${i} of "${shape.store}": ${field} ${String(value)} ${want}`);
	};
	for (let i = 0; i < n; i++) {
		const s = columns.sensor[i];
		const h = columns.hour[i];
		let c = columns.count[i];
		if (!(s >= 0 && s < sensors) || !Number.isInteger(s)) {
			bad(i, 'sensor', s, `is not a sensor number from 0 to ${sensors - 1}`);
		}
		if (!(h >= startHour && h < endHour) || !Number.isInteger(h)) {
			bad(i, 'hour', h, `is not an hour index from ${startHour} to ${endHour - 1}`);
		}
		if (c !== c) c = MISSING;
		else if (!Number.isInteger(c) || c < MISSING || c > 2_147_483_647) {
			bad(i, 'count', c, 'is not a whole number of visits (or -1 failed, -2 closed, -3 missing)');
		}
		const cell = s * hours + (h - startHour);
		if (seen[cell]) {
			duplicates++;
			counts[cell] = mergeReadings(counts[cell], c);
		} else {
			seen[cell] = 1;
			counts[cell] = c;
		}
	}
	return {
		matrix: { storeIdx: shape.storeIdx, store: shape.store, sensors, startHour, hours, counts },
		duplicates
	};
}

/** A store's slice of `ReadingColumns`: its matrix and the truth bits in the same layout. */
export interface SimulatedStore {
	matrix: StoreMatrix;
	/** `TRUTH_*` bits, `truth[sensor * hours + h]` (for `scoreHealth`). */
	truth: Uint8Array;
}

/**
 * The fast path: one matrix per store from a whole simulation's `ReadingColumns`
 * (ordered by store, sensor, then hour; every sensor covers the same hours). `names`
 * are the stores' names by index (`SimulationParams.stores[i].name`). Each store's
 * block is copied (its own buffers, transferable to a worker). Throws when the columns
 * are not in that dense order.
 */
export function storeMatricesFromReadings(
	readings: ReadingColumns,
	names: readonly string[]
): SimulatedStore[] {
	const out: SimulatedStore[] = [];
	const n = readings.length;
	let row = 0;
	while (row < n) {
		const storeIdx = readings.store[row];
		const startHour = readings.hour[row];
		let end = row;
		while (end < n && readings.store[end] === storeIdx) end++;
		// hours per sensor: the run of sensor 0
		let hours = 0;
		while (row + hours < end && readings.sensor[row + hours] === readings.sensor[row]) hours++;
		const sensors = hours ? (end - row) / hours : 0;
		const name = names[storeIdx] ?? `store ${storeIdx}`;
		const problem = (what: string): never => {
			throw new RangeError(
				`storeMatricesFromReadings: the readings of "${name}" are not dense and ordered by sensor then hour (${what})`
			);
		};
		if (!Number.isInteger(sensors)) problem('sensors cover different numbers of hours');
		for (let s = 0; s < sensors; s++) {
			const first = row + s * hours;
			const last = first + hours - 1;
			if (readings.sensor[first] !== s || readings.sensor[last] !== s) {
				problem(`sensor ${s} expected at rows ${first}..${last}`);
			}
			if (readings.hour[first] !== startHour || readings.hour[last] !== startHour + hours - 1) {
				problem(`sensor ${s} does not cover hours ${startHour}..${startHour + hours - 1}`);
			}
		}
		const shape = { storeIdx, store: name, sensors, startHour, hours };
		checkShape(shape);
		out.push({
			matrix: { ...shape, counts: readings.count.slice(row, end) },
			truth: readings.truth.slice(row, end)
		});
		row = end;
	}
	return out;
}
