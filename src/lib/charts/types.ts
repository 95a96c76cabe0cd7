/**
 * The shapes the chart layers draw. Plain data, filled by the state layer from query
 * rows. Times are epoch milliseconds of naive wall-clock time (read with UTC functions).
 */

/** One bucket of the time series (an hour, day, week or month). */
export interface SeriesPoint {
	/** Start of the bucket. */
	t: number;
	/** Visits in the bucket (failed readings count as 0). */
	count: number;
	/** Mean of this and the 3 previous same-weekday buckets (the 4-week baseline). */
	avg_count_4days: number | null;
	/** 100 * (count - baseline) / baseline; null where the baseline is 0. */
	perc_diff: number | null;
	/** Failed readings (-1) in the bucket. */
	failed: number;
	/** Anomalous readings planted by the simulator in the bucket. */
	anomalies: number;
	/** 'OK' | 'Measurement failed' | 'Shop closed' on one sensor's hourly readings; else null. */
	status: string | null;
	/**
	 * Visits with the failed readings (and the silent or missing ones the health check
	 * found) replaced by their expected counts; null before the health check has run.
	 */
	imputed_count: number | null;
	/** Share (0-1) of `imputed_count` that was imputed; null before the health check. */
	imputed_share: number | null;
}

/** What one heatmap cell covers: a sensor's hour, or a sensor's day for long ranges. */
export type HeatGranularity = 'hourly' | 'daily';

/** One cell of the heatmap: a sensor-hour, or a sensor-day. */
export interface HeatCell {
	sensor: number;
	/** Start of the hour or day. */
	t: number;
	/**
	 * Visits: the reading of an hour, the OK readings of a day summed. -1 (`FAILED`) for a
	 * failed hour, -2 (`SHOP_CLOSED`) for an hour, or a whole day, with the shop closed.
	 */
	count: number;
	/** Failed readings in the cell (0 or 1 for an hour). */
	failed: number;
	/** Readings with an anomaly planted by the simulator (0 or 1 for an hour). */
	anomalies: number;
}

/** Everything the heatmap draws, and which store, days and sensors it belongs to. */
export interface HeatmapData {
	granularity: HeatGranularity;
	store: string;
	/** First and last day, `YYYY-MM-DD`, inclusive. */
	from: string;
	to: string;
	/** Rows: sensors 0 .. sensors - 1. */
	sensors: number;
	/** Ordered by sensor, then time; missing readings have no cell. */
	cells: HeatCell[];
	/** The highest count of a cell (0 when there is none). */
	max: number;
	/** Failed readings in all cells. */
	failed: number;
	/** Anomalous readings in all cells. */
	anomalies: number;
}
