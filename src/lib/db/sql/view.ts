/**
 * The explorer's main query: one store (or one of its sensors) at one resolution,
 * filtered by weekdays, dates and (hourly only) hours of the day, with the 4-period
 * baseline. Reads the tables of `materializeSql()`; values are bound as `?` parameters,
 * table names and the date_trunc unit come from fixed maps.
 *
 * Where each resolution reads from (measured in bench/rollups.ts, see README.md):
 * - hourly, store total: `hourly_store` (baseline precomputed);
 * - hourly, one sensor: `readings`, the sensor's rows from 5 weeks before `from` to
 *   `to`, baseline computed per query (a window over at most ~90k rows);
 * - daily: `daily_store` / `daily_sensor` (baseline precomputed);
 * - weekly, monthly: summed per query from `daily_store` / `daily_sensor`.
 *
 * Filters:
 * - weekdays: hourly and daily keep only rows on those weekdays. The baseline is
 *   computed per weekday (and hour), so the filter does not change it. Weekly and
 *   monthly rows sum only the selected weekdays' days ("Mon-Sat traffic per week"),
 *   and their baseline is the mean of the current and 3 previous periods of those sums.
 *   No weekday selected gives no rows.
 * - from/to (inclusive days): hourly and daily rows within them; weekly and monthly
 *   rows are whole periods that overlap them (the week of `from` starts on its Monday).
 *   Earlier data still feeds the baseline of the first rows.
 * - hourFrom/hourTo (0-23, inclusive; hourly only): hours of the day kept. When
 *   hourFrom > hourTo the range wraps midnight (22..5 keeps the night).
 *
 * Imputed totals (issue 5): every row also carries `imputed_count`, the count with the
 * expected value of each sensor-hour that health flagged failed, zero or missing in place
 * of its reading, and `imputed_share`, the imputed part of that total (`health.ts`). The
 * imputation tables are joined in full (FULL JOIN on the row's time): an hour or day in
 * which every sensor was missing has no readings row but still gets a row, with count 0,
 * readings 0 and a null baseline. Before health has run they are empty, and
 * imputed_count = count, imputed_share = 0.
 *
 * Also here: the sensor heatmap's day cells (`heatmapDailyQuery`, from `daily_sensor`)
 * and when the heatmap uses them instead of `heatmapQuery`'s hour cells
 * (`heatmapGranularity`: ranges over `HEATMAP_HOURLY_MAX_DAYS` days).
 */
import { RESOLUTIONS, type FootfallView, type IsoWeekday } from '../../domain/footfall';
import type { Query, SqlValue } from '../client';
import { checkDate } from './literal';
import {
	HEALTH_HOURS,
	IMPUTED,
	IMPUTED_DAILY_SENSOR,
	IMPUTED_DAILY_STORE,
	IMPUTED_HOURLY_STORE,
	imputedKindSql
} from './health';
import { READING, ROLLUP_SUMS, baselineSql, percDiffSql } from './materialize';
import { READINGS, STORES } from './schema';

/** The view a query is built for: the explorer's `FootfallView`, declared in the domain. */
export type ViewSpec = FootfallView;

/**
 * Status of one sensor's hourly reading. `Missing`: no reading, only in rows that exist
 * because health imputed the hour (flagged `missing`).
 */
export type ReadingStatus = 'OK' | 'Measurement failed' | 'Shop closed' | 'Missing';

/** One row of `viewQuery`, as the DbClient returns it. */
export interface ViewRow extends Record<string, unknown> {
	/** Start of the period (hour, day, Monday of the week, 1st of the month), epoch ms of the naive wall-clock time. */
	t: number;
	/** Visits: failed and closed readings count as 0. */
	count: number;
	/**
	 * Mean of this and the 3 previous comparable rows (same weekday and hour for hourly,
	 * same weekday for daily, previous periods for weekly and monthly); null on a row that
	 * exists only through imputation (no reading at all).
	 */
	avg_count_4days: number | null;
	/** 100 (count - avg) / avg; null where avg is 0. */
	perc_diff: number | null;
	/** Readings summed into the row (1 for one sensor's hour). */
	readings: number;
	/** Readings in the row that failed (-1). */
	failed: number;
	/** Readings in the row taken while the shop was closed (-2, before opening). */
	closed: number;
	/** Readings in the row with a planted anomaly (truth bit 2). */
	anomalies: number;
	/** The reading's status for hourly rows of one sensor; null for summed rows. */
	status: ReadingStatus | null;
	/** `count` with failed, zero and missing readings flagged by health replaced by their expected value. */
	imputed_count: number;
	/** Imputed part of `imputed_count`, 0..1 (0 where imputed_count is 0). */
	imputed_share: number;
}

/** Output columns of `viewQuery`, in order. */
export const VIEW_COLUMNS = [
	't',
	'count',
	'avg_count_4days',
	'perc_diff',
	'readings',
	'failed',
	'closed',
	'anomalies',
	'status',
	'imputed_count',
	'imputed_share'
] as const;

/**
 * Days of data before `from` that the per-query hourly-sensor baseline reads. Three
 * weeks are needed; two spare weeks keep the result equal to the full-history window
 * even when up to two of those five readings of a weekday-hour slot are missing.
 */
export const BASELINE_MARGIN_DAYS = 35;

/** Validated and normalized copy of a spec; throws RangeError on anything out of range. */
export function checkViewSpec(spec: ViewSpec): ViewSpec {
	if (!RESOLUTIONS.includes(spec.resolution)) {
		throw new RangeError(`unknown resolution ${JSON.stringify(spec.resolution)}`);
	}
	if (typeof spec.store !== 'string') throw new RangeError('store must be a string');
	const sensor = spec.sensor;
	if (sensor !== null && !(Number.isInteger(sensor) && sensor >= 0 && sensor <= 65535)) {
		throw new RangeError(`bad sensor ${String(sensor)}`);
	}
	for (const d of spec.weekdays) {
		if (!(Number.isInteger(d) && d >= 1 && d <= 7)) throw new RangeError(`bad weekday ${d}`);
	}
	for (const h of [spec.hourFrom, spec.hourTo]) {
		if (!(Number.isInteger(h) && h >= 0 && h <= 23)) throw new RangeError(`bad hour ${h}`);
	}
	return {
		...spec,
		weekdays: [...new Set(spec.weekdays)].sort((a, b) => a - b),
		from: checkDate(spec.from, 'from'),
		to: checkDate(spec.to, 'to')
	};
}

/** Collects bound values in placeholder order. */
class Binder {
	readonly params: SqlValue[] = [];
	bind(v: SqlValue): string {
		this.params.push(v);
		return '?';
	}
}

/** `AND <col> IN (...)` for a weekday subset; nothing for all seven; FALSE for none. */
function weekdayFilter(b: Binder, col: string, days: IsoWeekday[], indent = '  '): string {
	if (days.length === 7) return '';
	if (days.length === 0) return `\n${indent}AND FALSE`;
	return `\n${indent}AND ${col} IN (${days.map((d) => b.bind(d)).join(', ')})`;
}

/** Hours of the day kept, inclusive, wrapping midnight when from > to. */
function hourFilter(b: Binder, col: string, from: number, to: number, indent = '  '): string {
	if (from === 0 && to === 23) return '';
	if (from <= to) return `\n${indent}AND ${col} BETWEEN ${b.bind(from)} AND ${b.bind(to)}`;
	return `\n${indent}AND (${col} >= ${b.bind(from)} OR ${col} <= ${b.bind(to)})`;
}

/**
 * The common output columns, from a source with those names, where the readings columns
 * may be null (a row that exists only through imputation) and `imputed_add` /
 * `imputed_part` are null where nothing was imputed.
 */
function outColumns(t: string, status = 'CAST(NULL AS VARCHAR)'): string {
	const count = 'coalesce(count, 0)';
	const total = `${count} + coalesce(imputed_add, 0)`;
	return `CAST(${t} AS TIMESTAMP) AS t,
  CAST(${count} AS DOUBLE) AS count,
  CAST(avg_count_4days AS DOUBLE) AS avg_count_4days,
  CAST(perc_diff AS DOUBLE) AS perc_diff,
  CAST(coalesce(readings, 0) AS INTEGER) AS readings,
  CAST(coalesce(failed, 0) AS INTEGER) AS failed,
  CAST(coalesce(closed, 0) AS INTEGER) AS closed,
  CAST(coalesce(anomalies, 0) AS INTEGER) AS anomalies,
  ${status} AS status,
  CAST(${total} AS DOUBLE) AS imputed_count,
  CAST(CASE WHEN ${total} > 0 THEN coalesce(imputed_part, 0) / (${total}) ELSE 0 END AS DOUBLE) AS imputed_share`;
}

/** The query behind one view: rows ordered by `t`, columns `VIEW_COLUMNS` (see `ViewRow`). */
export function viewQuery(spec: ViewSpec): Query {
	const s = checkViewSpec(spec);
	switch (s.resolution) {
		case 'hourly':
			return s.sensor === null ? hourlyStore(s) : hourlySensor(s, s.sensor);
		case 'daily':
			return daily(s);
		case 'weekly':
			return period(s, 'week');
		case 'monthly':
			return period(s, 'month');
	}
}

/** Hour index (hours since 1970-01-01) of the midnight starting a `YYYY-MM-DD` day. */
function midnightHour(day: string): number {
	return Date.parse(`${day}T00:00:00Z`) / 3_600_000;
}

function hourlyStore(s: ViewSpec): Query {
	const b = new Binder();
	// Placeholders are numbered in the order bind() is called: build the SQL in text order.
	const where = (isodow: string, hod: string) =>
		`store = ${b.bind(s.store)}
    AND ts >= CAST(${b.bind(s.from)} AS DATE)
    AND ts < CAST(${b.bind(s.to)} AS DATE) + INTERVAL 1 DAY${weekdayFilter(b, isodow, s.weekdays, '    ')}${hourFilter(b, hod, s.hourFrom, s.hourTo, '    ')}`;
	const sql = `WITH h AS (
  SELECT ts, count, avg_count_4days, perc_diff, readings, failed, closed, anomalies
  FROM hourly_store
  WHERE ${where('isodow', 'hod')}
), i AS (
  SELECT ts, imputed_add, imputed_part
  FROM ${IMPUTED_HOURLY_STORE}
  WHERE ${where('isodow', 'hod')}
)
SELECT ${outColumns('ts')}
FROM h FULL JOIN i USING (ts)
ORDER BY ts`;
	return { sql, params: b.params };
}

function hourlySensor(s: ViewSpec, sensor: number): Query {
	const b = new Binder();
	// The join is on the integer hour and carries the raw reading, not its labels: the
	// status, timestamp and flags are computed once, after the join, for the kept rows.
	const sql = `WITH w AS (
  SELECT r.hour, r.count, r.truth,
    ${baselineSql(READING.count, READING.weekHour, 'r.hour')} AS avg_count_4days
  FROM ${READINGS} r
  WHERE r.store_idx = (SELECT store_idx FROM ${STORES} WHERE name = ${b.bind(s.store)})
    AND r.sensor = CAST(${b.bind(sensor)} AS USMALLINT)
    AND ${READING.ts} >= CAST(${b.bind(s.from)} AS DATE) - INTERVAL ${BASELINE_MARGIN_DAYS} DAY
    AND ${READING.ts} < CAST(${b.bind(s.to)} AS DATE) + INTERVAL 1 DAY
), i AS (
  SELECT f.hour, sum(${IMPUTED.add()}) AS imputed_add, sum(${IMPUTED.part()}) AS imputed_part
  FROM ${HEALTH_HOURS} f
  WHERE f.store_idx = (SELECT store_idx FROM ${STORES} WHERE name = ${b.bind(s.store)})
    AND f.sensor = CAST(${b.bind(sensor)} AS USMALLINT)
    AND ${imputedKindSql()}
    AND f.hour >= CAST(${b.bind(midnightHour(s.from))} AS INTEGER)
    AND f.hour < CAST(${b.bind(midnightHour(s.to) + 24)} AS INTEGER)
  GROUP BY f.hour
), j AS (
  SELECT hour, w.count AS raw, w.truth, w.avg_count_4days, i.imputed_add, i.imputed_part
  FROM w FULL JOIN i USING (hour)
), v AS (
  SELECT ${READING.ts} AS ts,
    CASE WHEN r.raw < 0 THEN 0 ELSE r.raw END AS count, r.avg_count_4days,
    ${percDiffSql('CASE WHEN r.raw < 0 THEN 0 ELSE r.raw END', 'r.avg_count_4days')} AS perc_diff,
    CASE WHEN r.raw IS NULL THEN 0 ELSE 1 END AS readings,
    CAST(r.raw < 0 AND r.raw <> -2 AS INTEGER) AS failed,
    CAST(r.raw = -2 AS INTEGER) AS closed, CAST((r.truth & 2) <> 0 AS INTEGER) AS anomalies,
    CASE WHEN r.raw IS NULL THEN 'Missing' WHEN r.raw = -2 THEN 'Shop closed' WHEN r.raw < 0 THEN 'Measurement failed' ELSE 'OK' END AS status,
    r.imputed_add, r.imputed_part
  FROM j r
  WHERE r.hour >= CAST(${b.bind(midnightHour(s.from))} AS INTEGER)
)
SELECT ${outColumns('ts', 'status')}
FROM v
WHERE TRUE${weekdayFilter(b, 'isodow(ts)', s.weekdays)}${hourFilter(b, 'hour(ts)', s.hourFrom, s.hourTo)}
ORDER BY ts`;
	return { sql, params: b.params };
}

/** The readings rollup and the imputation table of a store total or one sensor, by day. */
function dailyTables(s: ViewSpec): { table: string; imputed: string } {
	return s.sensor === null
		? { table: 'daily_store', imputed: IMPUTED_DAILY_STORE }
		: { table: 'daily_sensor', imputed: IMPUTED_DAILY_SENSOR };
}

/** `store = ? [AND sensor = ?]` of a daily table or its imputation table. */
function storeSensorFilter(b: Binder, s: ViewSpec, indent: string): string {
	const store = `store = ${b.bind(s.store)}`;
	if (s.sensor === null) return store;
	return `${store}\n${indent}AND sensor = CAST(${b.bind(s.sensor)} AS USMALLINT)`;
}

function daily(s: ViewSpec): Query {
	const b = new Binder();
	const { table, imputed } = dailyTables(s);
	const where = () =>
		`${storeSensorFilter(b, s, '    ')}
    AND date BETWEEN CAST(${b.bind(s.from)} AS DATE) AND CAST(${b.bind(s.to)} AS DATE)${weekdayFilter(b, 'isodow', s.weekdays, '    ')}`;
	const sql = `WITH d AS (
  SELECT date, count, avg_count_4days, perc_diff, readings, failed, closed, anomalies
  FROM ${table}
  WHERE ${where()}
), i AS (
  SELECT date, imputed_add, imputed_part
  FROM ${imputed}
  WHERE ${where()}
)
SELECT ${outColumns('date')}
FROM d FULL JOIN i USING (date)
ORDER BY date`;
	return { sql, params: b.params };
}

function period(s: ViewSpec, unit: 'week' | 'month'): Query {
	const b = new Binder();
	const { table, imputed } = dailyTables(s);
	const where = () =>
		`${storeSensorFilter(b, s, '    ')}${weekdayFilter(b, 'isodow', s.weekdays, '    ')}`;
	const sql = `WITH d AS (
  SELECT date, count, readings, failed, closed, anomalies
  FROM ${table}
  WHERE ${where()}
), i AS (
  SELECT date, imputed_add, imputed_part
  FROM ${imputed}
  WHERE ${where()}
), g AS (
  SELECT date, coalesce(count, 0) AS count, coalesce(readings, 0) AS readings,
    coalesce(failed, 0) AS failed, coalesce(closed, 0) AS closed,
    coalesce(anomalies, 0) AS anomalies, imputed_add, imputed_part
  FROM d FULL JOIN i USING (date)
), p AS (
  SELECT CAST(date_trunc('${unit}', g.date) AS DATE) AS period,
    ${ROLLUP_SUMS},
    sum(g.imputed_add) AS imputed_add, sum(g.imputed_part) AS imputed_part
  FROM g
  GROUP BY period
), q AS (
  SELECT *, ${baselineSql('count', '', 'period')} AS avg_count_4days
  FROM p
), v AS (
  SELECT *, ${percDiffSql('count', 'avg_count_4days')} AS perc_diff
  FROM q
)
SELECT ${outColumns('period')}
FROM v
WHERE period >= date_trunc('${unit}', CAST(${b.bind(s.from)} AS DATE))
  AND period <= CAST(${b.bind(s.to)} AS DATE)
ORDER BY period`;
	return { sql, params: b.params };
}

/**
 * The sensor heatmap has one cell per sensor and hour up to this many days (62 days of
 * 39 sensors: 58k cells), one cell per sensor and day beyond: ten years of one store's
 * hours are 1.75M rows, too many to move, convert and draw on every change of store or
 * days, and more cells than the heatmap has pixels.
 */
export const HEATMAP_HOURLY_MAX_DAYS = 62;

/** What one cell of the sensor heatmap covers. */
export type HeatmapGranularity = 'hourly' | 'daily';

/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysInRange(from: string, to: string): number {
	const a = Date.parse(`${checkDate(from, 'from')}T00:00:00Z`);
	const b = Date.parse(`${checkDate(to, 'to')}T00:00:00Z`);
	return Math.max(0, Math.round((b - a) / 86_400_000) + 1);
}

/** Hour cells for ranges up to `HEATMAP_HOURLY_MAX_DAYS` days, day cells beyond. */
export function heatmapGranularity(from: string, to: string): HeatmapGranularity {
	return daysInRange(from, to) <= HEATMAP_HOURLY_MAX_DAYS ? 'hourly' : 'daily';
}

/** One row of `heatmapDailyQuery`. */
export interface HeatmapDailyRow extends Record<string, unknown> {
	sensor: number;
	/** Midnight of the day, epoch ms of the naive wall-clock time. */
	day: number;
	/** Visits of the day: failed and closed readings count as 0. */
	count: number;
	/** Readings of the day (24 unless some are missing). */
	readings: number;
	/** Failed readings (-1) of the day. */
	failed: number;
	/** Readings taken while the shop was closed (-2). */
	closed: number;
	/** Readings with a planted anomaly. */
	anomalies: number;
}

/**
 * Day-by-sensor heatmap of one store: one row per sensor and day in the range, read from
 * `daily_sensor` (already summed, ordered by store, sensor and day, so a filter on the
 * store skips the others). Ten years of 20 sensors are 73k rows instead of 1.75M.
 * Rows ordered by sensor and day.
 */
export function heatmapDailyQuery(spec: { store: string; from: string; to: string }): Query {
	if (typeof spec.store !== 'string') throw new RangeError('store must be a string');
	const b = new Binder();
	const sql = `SELECT CAST(sensor AS INTEGER) AS sensor,
  CAST(date AS TIMESTAMP) AS day,
  CAST(count AS DOUBLE) AS count,
  CAST(readings AS INTEGER) AS readings,
  CAST(failed AS INTEGER) AS failed,
  CAST(closed AS INTEGER) AS closed,
  CAST(anomalies AS INTEGER) AS anomalies
FROM daily_sensor
WHERE store = ${b.bind(spec.store)}
  AND date BETWEEN CAST(${b.bind(checkDate(spec.from, 'from'))} AS DATE) AND CAST(${b.bind(checkDate(spec.to, 'to'))} AS DATE)
ORDER BY sensor, date`;
	return { sql, params: b.params };
}
