/**
 * One row per store for pickers and the data overview, from `stores` and the
 * materialized `daily_store` (a few thousand rows, not the readings).
 */
import type { Query } from '../client';
import { STORES } from './schema';

/** One row of `storeSummaryQuery`. */
export interface StoreSummaryRow extends Record<string, unknown> {
	store_idx: number;
	store: string;
	/** Sensors of the store (numbered 0..sensors-1). */
	sensors: number;
	/** Opening date-time, epoch ms of the naive wall-clock time. */
	opened: number;
	/** First and last reading, epoch ms; null when the store has none. */
	first_ts: number | null;
	last_ts: number | null;
	/** First and last day with readings, epoch ms of midnight; null when none. */
	first_day: number | null;
	last_day: number | null;
	readings: number;
	/** Visits over all readings (failed and closed count 0). */
	visits: number;
	failed: number;
	closed: number;
	anomalies: number;
}

/** Every store, in store_idx order, also those without readings. Needs `materializeSql()`. */
export function storeSummaryQuery(): Query {
	return {
		sql: `SELECT CAST(s.store_idx AS INTEGER) AS store_idx,
  s.name AS store,
  CAST(s.sensors AS INTEGER) AS sensors,
  CAST(s.opened AS TIMESTAMP) AS opened,
  CAST(min(d.first_ts) AS TIMESTAMP) AS first_ts,
  CAST(max(d.last_ts) AS TIMESTAMP) AS last_ts,
  CAST(min(d.date) AS TIMESTAMP) AS first_day,
  CAST(max(d.date) AS TIMESTAMP) AS last_day,
  CAST(coalesce(sum(d.readings), 0) AS DOUBLE) AS readings,
  CAST(coalesce(sum(d.count), 0) AS DOUBLE) AS visits,
  CAST(coalesce(sum(d.failed), 0) AS DOUBLE) AS failed,
  CAST(coalesce(sum(d.closed), 0) AS DOUBLE) AS closed,
  CAST(coalesce(sum(d.anomalies), 0) AS DOUBLE) AS anomalies
FROM ${STORES} s LEFT JOIN daily_store d USING (store_idx)
GROUP BY s.store_idx, s.name, s.sensors, s.opened
ORDER BY s.store_idx`,
		params: []
	};
}
