/**
 * Pre-aggregation, run once after the readings are loaded (`materializeSql()`), so that
 * every view query reads a table already grouped at its resolution, with its baseline
 * already computed, and only filters and orders it. Measured figures: README.md.
 *
 * Baseline (SEED-FACTS section 1): `avg_count_4days` is the mean of `count` over the
 * current row and the 3 previous rows of the same store, weekday (and hour, and sensor
 * where present), ordered by date: the same weekday (and hour) over the last 4 weeks.
 * Near the start of the data fewer than 3 earlier rows exist and the mean is taken over
 * those present (`ROWS BETWEEN 3 PRECEDING AND CURRENT ROW`).
 * `perc_diff = 100 (count - avg) / avg`, NULL where avg = 0.
 *
 * Counts: a raw reading of -2 is 'Shop closed', -1 (and any other negative code)
 * 'Measurement failed', anything else 'OK'; `count` is the reading where OK and 0
 * otherwise, so store totals count failed and closed readings as 0, as the original did.
 *
 * The work is done on the integer hour index of `readings` (hours since 1970-01-01):
 * grouping and partitioning on integers is faster than on timestamps, and the weekday
 * and hour of day together are `hour mod 168` (a week has 168 hours).
 */
import { HEALTH_TABLES, healthTablesSql } from './health';
import { READINGS, STORES } from './schema';

/** The window that averages the current and the 3 previous rows of a partition. */
export function baselineSql(value: string, partition: string, order: string): string {
	const by = partition ? `PARTITION BY ${partition} ` : '';
	return `avg(${value}) OVER (${by}ORDER BY ${order} ROWS BETWEEN 3 PRECEDING AND CURRENT ROW)`;
}

/** 100 (count - avg) / avg, NULL where avg is 0. */
export function percDiffSql(count: string, avg: string): string {
	return `CASE WHEN ${avg} = 0 THEN NULL ELSE 100 * (${count} - ${avg}) / ${avg} END`;
}

/** Per-reading expressions over a `readings` row aliased `r`. */
export const READING = {
	status: `CASE WHEN r.count = -2 THEN 'Shop closed' WHEN r.count < 0 THEN 'Measurement failed' ELSE 'OK' END`,
	count: 'CASE WHEN r.count < 0 THEN 0 ELSE r.count END',
	failed: '(r.count < 0 AND r.count <> -2)',
	closed: '(r.count = -2)',
	anomaly: '((r.truth & 2) <> 0)',
	ts: 'epoch_ms(r.hour * 3600000::BIGINT)',
	/** Weekday and hour of day as one number, 0..167 (also for hours before 1970). */
	weekHour: '((r.hour % 168 + 168) % 168)',
	/** Days since 1970-01-01. */
	day: 'CAST(floor(r.hour / 24) AS INTEGER)'
} as const;

/** Sums of a group of readings `r`: count, readings, failed, closed, anomalies. */
const READING_SUMS = `CAST(sum(${READING.count}) AS BIGINT) AS count,
    CAST(count(*) AS INTEGER) AS readings,
    CAST(count_if(${READING.failed}) AS INTEGER) AS failed,
    CAST(count_if(${READING.closed}) AS INTEGER) AS closed,
    CAST(count_if(${READING.anomaly}) AS INTEGER) AS anomalies`;

/** Sums of a group of already aggregated rows `g`. */
export const ROLLUP_SUMS = `CAST(sum(g.count) AS BIGINT) AS count,
    CAST(sum(g.readings) AS INTEGER) AS readings,
    CAST(sum(g.failed) AS INTEGER) AS failed,
    CAST(sum(g.closed) AS INTEGER) AS closed,
    CAST(sum(g.anomalies) AS INTEGER) AS anomalies`;

/**
 * What `materializeSql` creates: a view, three rollup tables, and the (empty) health and
 * imputation tables of `health.ts`.
 */
export const DERIVED = [
	'readings_v',
	'hourly_store',
	'daily_sensor',
	'daily_store',
	...HEALTH_TABLES
] as const;

/**
 * The statements, in order. Idempotent (`CREATE OR REPLACE`): run them again after more
 * readings were appended. Creates:
 * - `readings_v` (view): store_idx, store, sensor, hour, ts, date, hod, isodow, raw_count,
 *   status, count, failed, closed, anomaly: one row per reading, computed on read.
 * - `hourly_store`: store_idx, store, ts, hod, isodow, count, readings, failed, closed,
 *   anomalies, avg_count_4days, perc_diff; one row per store and hour (sensors summed).
 * - `daily_sensor`: store_idx, store, sensor, date, isodow, count, readings, failed,
 *   closed, anomalies, first_ts, last_ts, avg_count_4days, perc_diff.
 * - `daily_store`: as daily_sensor without sensor, summed over the store's sensors.
 * Each table is ordered by store (and sensor), then time, so that a view's filter on
 * one store skips the other stores' row groups (DuckDB zone maps).
 * Per-sensor hourly rows and weekly and monthly rows are computed per query
 * (`view.ts`): measured cheap, see README.md.
 * Last, `healthTablesSql()` (re)creates the health tables empty: health found on
 * earlier data no longer applies. Run health again and load it (`arrow/health.ts`).
 */
export function materializeSql(): string[] {
	return [
		`CREATE OR REPLACE VIEW readings_v AS
SELECT
  r.store_idx,
  s.name AS store,
  r.sensor,
  r.hour,
  ${READING.ts} AS ts,
  CAST(${READING.ts} AS DATE) AS date,
  CAST(hour(${READING.ts}) AS INTEGER) AS hod,
  CAST(isodow(${READING.ts}) AS INTEGER) AS isodow,
  r.count AS raw_count,
  ${READING.status} AS status,
  ${READING.count} AS count,
  ${READING.failed} AS failed,
  ${READING.closed} AS closed,
  ${READING.anomaly} AS anomaly
FROM ${READINGS} r JOIN ${STORES} s USING (store_idx)`,

		`CREATE OR REPLACE TABLE hourly_store AS
WITH g AS (
  SELECT r.store_idx, r.hour, any_value(${READING.weekHour}) AS week_hour,
    ${READING_SUMS}
  FROM ${READINGS} r
  GROUP BY r.store_idx, r.hour
), b AS (
  SELECT *, ${baselineSql('count', 'store_idx, week_hour', 'hour')} AS avg_count_4days
  FROM g
)
SELECT b.store_idx, s.name AS store, epoch_ms(b.hour * 3600000::BIGINT) AS ts,
  CAST(hour(ts) AS INTEGER) AS hod, CAST(isodow(ts) AS INTEGER) AS isodow,
  b.count, b.readings, b.failed, b.closed, b.anomalies,
  b.avg_count_4days, ${percDiffSql('b.count', 'b.avg_count_4days')} AS perc_diff
FROM b JOIN ${STORES} s USING (store_idx)
ORDER BY b.store_idx, b.hour`,

		`CREATE OR REPLACE TABLE daily_sensor AS
WITH g AS (
  SELECT r.store_idx, r.sensor, ${READING.day} AS day,
    ${READING_SUMS},
    min(r.hour) AS first_hour, max(r.hour) AS last_hour
  FROM ${READINGS} r
  GROUP BY r.store_idx, r.sensor, day
), b AS (
  SELECT *, ${baselineSql('count', 'store_idx, sensor, (day % 7 + 7) % 7', 'day')} AS avg_count_4days
  FROM g
)
SELECT b.store_idx, s.name AS store, b.sensor,
  CAST(epoch_ms(b.day * 86400000::BIGINT) AS DATE) AS date, CAST(isodow(date) AS INTEGER) AS isodow,
  b.count, b.readings, b.failed, b.closed, b.anomalies,
  epoch_ms(b.first_hour * 3600000::BIGINT) AS first_ts, epoch_ms(b.last_hour * 3600000::BIGINT) AS last_ts,
  b.avg_count_4days, ${percDiffSql('b.count', 'b.avg_count_4days')} AS perc_diff
FROM b JOIN ${STORES} s USING (store_idx)
ORDER BY b.store_idx, b.sensor, b.day`,

		`CREATE OR REPLACE TABLE daily_store AS
WITH d AS (
  SELECT g.store_idx, any_value(g.store) AS store, g.date, any_value(g.isodow) AS isodow,
    ${ROLLUP_SUMS},
    min(g.first_ts) AS first_ts, max(g.last_ts) AS last_ts
  FROM daily_sensor g
  GROUP BY g.store_idx, g.date
), b AS (
  SELECT *, ${baselineSql('count', 'store_idx, isodow', 'date')} AS avg_count_4days
  FROM d
)
SELECT *, ${percDiffSql('count', 'avg_count_4days')} AS perc_diff
FROM b
ORDER BY store_idx, date`,

		...healthTablesSql()
	];
}
