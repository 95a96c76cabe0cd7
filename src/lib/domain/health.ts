/**
 * Shared vocabulary of footfall sensor health (issue 5): the input of health detection
 * (one store's readings as a dense sensor x hour matrix), its parameters, and its results
 * as columns (typed arrays, transferred between workers, loaded into DuckDB as they are).
 * Imports nothing but the footfall domain. Times are hour indexes and day indexes of
 * naive wall-clock time (see `footfall.ts`).
 */

/** A reading absent from the data (a counter file's missing row or blank count). */
export const MISSING = -3;

/** One store's readings, the input of `storeHealth` (`src/lib/health`). */
export interface StoreMatrix {
	/** Index of the store in the loaded data (`store_idx` in DuckDB). */
	storeIdx: number;
	store: string;
	/** Rows of the matrix: sensors 0 .. sensors - 1. */
	sensors: number;
	/** Hour index of column 0: a midnight (a multiple of 24). */
	startHour: number;
	/** Columns: whole days (a multiple of 24). */
	hours: number;
	/**
	 * `counts[sensor * hours + h]`: visits (>= 0), FAILED (-1), SHOP_CLOSED (-2) or
	 * MISSING (-3).
	 */
	counts: Int32Array;
}

export interface HealthParams {
	/** Weeks of history (same weekday and hour) behind an expected value and its band. */
	weeks: number;
	/** Half-width of an anomaly band, in robust standard deviations. */
	k: number;
	/** A sensor-day whose open hours failed (or read a suspicious 0) at this share or more is flagged. */
	failedShare: number;
	/**
	 * A sensor-day whose total departs from what its siblings predict by more than this
	 * fraction (0.3: 30 %) is flagged as deviating from its siblings.
	 */
	siblingTolerance: number;
}

/**
 * What is wrong with one sensor-hour. `failed`: the sensor reported -1. `zero`: it read
 * 0 in an hour where the store is open and a count well above 0 was expected (a silent
 * failure). `missing`: no reading in an open hour. `low` / `high`: a count outside the
 * band (an anomaly). The first three are failures, imputed in store totals; `low` and
 * `high` are events, kept as counted.
 */
export type HourFlagKind = 'failed' | 'zero' | 'missing' | 'low' | 'high';
/** `HourFlags.kind` holds the index into this list. */
export const HOUR_FLAG_KINDS: readonly HourFlagKind[] = [
	'failed',
	'zero',
	'missing',
	'low',
	'high'
];
/** Kinds whose expected value replaces the reading in imputed totals. */
export const IMPUTED_KINDS: readonly HourFlagKind[] = ['failed', 'zero', 'missing'];

/** Flagged sensor-hours of one store as columns, ordered by sensor then hour. */
export interface HourFlags {
	length: number;
	sensor: Uint16Array;
	/** Hour index. */
	hour: Int32Array;
	/** Index into `HOUR_FLAG_KINDS`. */
	kind: Uint8Array;
	/** The raw reading (-1, -3, 0, or the count). */
	count: Int32Array;
	/** The count expected from the sibling sensors and the same-hour history. */
	expected: Float64Array;
	/** The band the count was judged against (NaN where there was no history). */
	low: Float64Array;
	high: Float64Array;
}

/** Bits of `SensorDays.flags`. */
export const SENSOR_DAY_FLAGS = {
	/** `failedShare` or more of the open hours failed, read a suspicious 0 or were missing. */
	failures: 1,
	/** The day's total departs from what the sibling sensors predict. */
	siblings: 2,
	/** At least one open hour was outside its band. */
	anomalies: 4
} as const;

/** One row per sensor and day of one store, ordered by sensor then day. */
export interface SensorDays {
	length: number;
	sensor: Uint16Array;
	/** Day index (days since 1970-01-01). */
	day: Int32Array;
	/** Hours of the day in which the store is judged open. */
	openHours: Uint8Array;
	/** Open hours flagged `failed`, `zero`, `missing`, `low`+`high` (anomalies). */
	failed: Uint8Array;
	zero: Uint8Array;
	missing: Uint8Array;
	anomalies: Uint8Array;
	/** Sum of the valid counts of the day. */
	count: Float64Array;
	/** Sum of the expected counts of the day's open hours. */
	expected: Float64Array;
	/** The day's total over what the siblings predict (1 = as expected); NaN without siblings. */
	siblingRatio: Float64Array;
	/** `SENSOR_DAY_FLAGS` bits. */
	flags: Uint8Array;
}

/** One row per day of one store: the store's total against its same-weekday history. */
export interface StoreDays {
	length: number;
	day: Int32Array;
	/** Sum of the valid counts. */
	count: Float64Array;
	/** Expected total from the same weekday's history; NaN without history. */
	expected: Float64Array;
	low: Float64Array;
	high: Float64Array;
	/** 1 when the day's total is outside [low, high] (an abnormal day), else 0. */
	abnormal: Uint8Array;
}

/** Health of one store: what `storeHealth` returns. */
export interface StoreHealth {
	storeIdx: number;
	store: string;
	hours: HourFlags;
	days: SensorDays;
	storeDays: StoreDays;
	/** 168 entries (Monday 00:00 = 0 ... Sunday 23:00 = 167): 1 where the store is judged open. */
	open: Uint8Array;
}
