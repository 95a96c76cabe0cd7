/**
 * Day-by-hour heatmap of every sensor of one store: one row per reading in the date
 * range, read straight from `readings` (a store's slice of a table ordered by store,
 * sensor and time). Rows: 24 per sensor and day, so keep the range to weeks or months.
 */
import type { Query } from '../client';
import { checkDate } from './literal';
import { READING } from './materialize';
import { READINGS, STORES } from './schema';
import type { ReadingStatus } from './view';

export interface HeatmapSpec {
	store: string;
	/** First day, `YYYY-MM-DD`, inclusive. */
	from: string;
	/** Last day, `YYYY-MM-DD`, inclusive. */
	to: string;
}

/** One row of `heatmapQuery`. */
export interface HeatmapRow extends Record<string, unknown> {
	sensor: number;
	/** Midnight of the day, epoch ms of the naive wall-clock time. */
	day: number;
	/** Hour of the day, 0-23. */
	hour: number;
	/** Visits; 0 where the reading failed or the shop was closed (see status). */
	count: number;
	status: ReadingStatus;
	/** 1 where the simulator planted an anomaly, else 0. */
	anomaly: number;
}

/** Rows (sensor, day, hour, count, status, anomaly) ordered by sensor, day, hour. */
export function heatmapQuery(spec: HeatmapSpec): Query {
	if (typeof spec.store !== 'string') throw new RangeError('store must be a string');
	const from = checkDate(spec.from, 'from');
	const to = checkDate(spec.to, 'to');
	const sql = `SELECT CAST(r.sensor AS INTEGER) AS sensor,
  CAST(CAST(${READING.ts} AS DATE) AS TIMESTAMP) AS day,
  CAST(hour(${READING.ts}) AS INTEGER) AS hour,
  CAST(${READING.count} AS INTEGER) AS count,
  ${READING.status} AS status,
  CAST(${READING.anomaly} AS INTEGER) AS anomaly
FROM ${READINGS} r
WHERE r.store_idx = (SELECT store_idx FROM ${STORES} WHERE name = ?)
  AND ${READING.ts} >= CAST(? AS DATE)
  AND ${READING.ts} < CAST(? AS DATE) + INTERVAL 1 DAY
ORDER BY r.sensor, r.hour`;
	return { sql, params: [spec.store, from, to] };
}
