/**
 * Sensor health in DuckDB (issue 5): the tables that hold health detection's results
 * (`src/lib/health`, typed-array columns loaded through `src/lib/arrow/health.ts`), and the
 * small imputation tables the view and trend queries join to give totals with failed
 * readings imputed.
 *
 * Life cycle (see README.md in the parent folder):
 * 1. `materializeSql()` ends with `healthTablesSql()`: empty health and imputation tables
 *    exist as soon as readings are loaded, so every view query works before health ran
 *    (and reading new data drops the health of the old data).
 * 2. After a health run: `clearHealthSql(storeIdxs)`, append the run's rows
 *    (`insertArrowIPC(..., { create: false })`), then `imputedSql()` rebuilds the
 *    imputation tables from `health_hours` (`replaceHealth` in `arrow/health.ts` does all
 *    of it in one transaction).
 *
 * Imputation: a sensor-hour flagged with a kind in `IMPUTED_KINDS` (failed, zero,
 * missing) counts its `expected` value (from the sibling sensors and the same-hour
 * history) instead of its reading. Per group of readings:
 * - `imputed_add` = sum(expected - max(reading, 0)): what imputation adds to `count`
 *   (a failed reading counts 0 in `count`, a missing one has no row, a zero is 0);
 * - `imputed_part` = sum(expected): the imputed part of the imputed total.
 * So `imputed_count = count + imputed_add` and `imputed_share = imputed_part /
 * imputed_count`. Hours with no reading at all (every sensor missing) have no row in the
 * readings tables but do in the imputation tables: view queries join them in full.
 */
import { HOUR_FLAG_KINDS, IMPUTED_KINDS } from '../../domain/health';
import { STORES } from './schema';

/** Flagged sensor-hours (`HourFlags` plus store_idx). */
export const HEALTH_HOURS = 'health_hours';
/** One row per sensor and day (`SensorDays` plus store_idx). */
export const HEALTH_DAYS = 'health_days';
/** One row per store and day (`StoreDays` plus store_idx). */
export const HEALTH_STORE_DAYS = 'health_store_days';
/** Imputation summed per store and hour: store_idx, store, ts, isodow, hod, imputed_add, imputed_part, imputed_hours. */
export const IMPUTED_HOURLY_STORE = 'imputed_hourly_store';
/** Imputation summed per sensor and day: store_idx, store, sensor, date, isodow, imputed_add, imputed_part, imputed_hours. */
export const IMPUTED_DAILY_SENSOR = 'imputed_daily_sensor';
/** Imputation summed per store and day: as `imputed_daily_sensor` without sensor. */
export const IMPUTED_DAILY_STORE = 'imputed_daily_store';

/** The tables of this module, in creation order. */
export const HEALTH_TABLES = [
	HEALTH_HOURS,
	HEALTH_DAYS,
	HEALTH_STORE_DAYS,
	IMPUTED_HOURLY_STORE,
	IMPUTED_DAILY_SENSOR,
	IMPUTED_DAILY_STORE
] as const;

/**
 * Column names and DuckDB types of the three health tables, in the order of the Arrow IPC
 * columns of `arrow/health.ts` (an append matches columns by position).
 */
export const HEALTH_COLUMNS = {
	[HEALTH_HOURS]: [
		['store_idx', 'UTINYINT'],
		['sensor', 'USMALLINT'],
		['hour', 'INTEGER'],
		['kind', 'UTINYINT'],
		['count', 'INTEGER'],
		['expected', 'DOUBLE'],
		['low', 'DOUBLE'],
		['high', 'DOUBLE']
	],
	[HEALTH_DAYS]: [
		['store_idx', 'UTINYINT'],
		['sensor', 'USMALLINT'],
		['day', 'INTEGER'],
		['open_hours', 'UTINYINT'],
		['failed', 'UTINYINT'],
		['zero', 'UTINYINT'],
		['missing', 'UTINYINT'],
		['anomalies', 'UTINYINT'],
		['count', 'DOUBLE'],
		['expected', 'DOUBLE'],
		['sibling_ratio', 'DOUBLE'],
		['flags', 'UTINYINT']
	],
	[HEALTH_STORE_DAYS]: [
		['store_idx', 'UTINYINT'],
		['day', 'INTEGER'],
		['count', 'DOUBLE'],
		['expected', 'DOUBLE'],
		['low', 'DOUBLE'],
		['high', 'DOUBLE'],
		['abnormal', 'UTINYINT']
	]
} as const satisfies Record<string, readonly (readonly [string, string])[]>;

/** `kind` codes (indexes into `HOUR_FLAG_KINDS`) whose expected value is imputed, as SQL. */
export const IMPUTED_KIND_CODES: readonly number[] = IMPUTED_KINDS.map((k) =>
	HOUR_FLAG_KINDS.indexOf(k)
);

/** `f.kind IN (0, 1, 2)` for a health_hours row aliased `f`. */
export function imputedKindSql(alias = 'f'): string {
	return `${alias}.kind IN (${IMPUTED_KIND_CODES.join(', ')})`;
}

/** What one flagged health_hours row `f` adds to a total, and its imputed part. */
export const IMPUTED = {
	add: (f = 'f') => `${f}.expected - greatest(${f}.count, 0)`,
	part: (f = 'f') => `${f}.expected`
} as const;

function createTable(name: keyof typeof HEALTH_COLUMNS): string {
	const cols = HEALTH_COLUMNS[name].map(([c, t]) => `${c} ${t}`).join(', ');
	return `CREATE OR REPLACE TABLE ${name} (${cols})`;
}

/**
 * Empty health tables and the imputation tables built from them (so also empty).
 * Run at load, after the readings and `stores` exist (`materializeSql()` ends with these).
 */
export function healthTablesSql(): string[] {
	return [
		createTable(HEALTH_HOURS),
		createTable(HEALTH_DAYS),
		createTable(HEALTH_STORE_DAYS),
		...imputedSql()
	];
}

/**
 * Deletes the health rows of these stores (all stores when `storeIdxs` is omitted), before
 * a run's rows are appended. Store indexes are checked integers 0-255, written as numbers.
 */
export function clearHealthSql(storeIdxs?: readonly number[]): string[] {
	let where = '';
	if (storeIdxs) {
		for (const s of storeIdxs) {
			if (!(Number.isInteger(s) && s >= 0 && s <= 255)) {
				throw new RangeError(`clearHealthSql: bad store index ${String(s)}`);
			}
		}
		where =
			storeIdxs.length === 0
				? ' WHERE FALSE'
				: ` WHERE store_idx IN (${[...new Set(storeIdxs)].join(', ')})`;
	}
	return [HEALTH_HOURS, HEALTH_DAYS, HEALTH_STORE_DAYS].map((t) => `DELETE FROM ${t}${where}`);
}

/** Sums of imputation over a group of flagged rows `f`. */
const IMPUTED_SUMS = `CAST(sum(${IMPUTED.add()}) AS DOUBLE) AS imputed_add,
    CAST(sum(${IMPUTED.part()}) AS DOUBLE) AS imputed_part,
    CAST(count(*) AS INTEGER) AS imputed_hours`;

/**
 * Rebuilds the three imputation tables from `health_hours` (idempotent). Each is ordered
 * by store (and sensor) and time like the readings rollups, so a view's store filter
 * skips the other stores. Cost: one pass over the flagged rows (not the readings).
 */
export function imputedSql(): string[] {
	const day = 'CAST(floor(f.hour / 24) AS INTEGER)';
	return [
		`CREATE OR REPLACE TABLE ${IMPUTED_HOURLY_STORE} AS
WITH g AS (
  SELECT f.store_idx, f.hour,
    ${IMPUTED_SUMS}
  FROM ${HEALTH_HOURS} f
  WHERE ${imputedKindSql()}
  GROUP BY f.store_idx, f.hour
)
SELECT g.store_idx, s.name AS store, epoch_ms(g.hour * 3600000::BIGINT) AS ts,
  CAST(isodow(ts) AS INTEGER) AS isodow, CAST(hour(ts) AS INTEGER) AS hod,
  g.imputed_add, g.imputed_part, g.imputed_hours
FROM g JOIN ${STORES} s USING (store_idx)
ORDER BY g.store_idx, g.hour`,

		`CREATE OR REPLACE TABLE ${IMPUTED_DAILY_SENSOR} AS
WITH g AS (
  SELECT f.store_idx, f.sensor, ${day} AS day,
    ${IMPUTED_SUMS}
  FROM ${HEALTH_HOURS} f
  WHERE ${imputedKindSql()}
  GROUP BY f.store_idx, f.sensor, day
)
SELECT g.store_idx, s.name AS store, g.sensor,
  CAST(epoch_ms(g.day * 86400000::BIGINT) AS DATE) AS date, CAST(isodow(date) AS INTEGER) AS isodow,
  g.imputed_add, g.imputed_part, g.imputed_hours
FROM g JOIN ${STORES} s USING (store_idx)
ORDER BY g.store_idx, g.sensor, g.day`,

		`CREATE OR REPLACE TABLE ${IMPUTED_DAILY_STORE} AS
SELECT g.store_idx, any_value(g.store) AS store, g.date, any_value(g.isodow) AS isodow,
  CAST(sum(g.imputed_add) AS DOUBLE) AS imputed_add,
  CAST(sum(g.imputed_part) AS DOUBLE) AS imputed_part,
  CAST(sum(g.imputed_hours) AS INTEGER) AS imputed_hours
FROM ${IMPUTED_DAILY_SENSOR} g
GROUP BY g.store_idx, g.date
ORDER BY g.store_idx, g.date`
	];
}
