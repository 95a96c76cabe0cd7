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
}

/** One sensor-hour of the heatmap. */
export interface HeatCell {
	sensor: number;
	/** Start of the hour. */
	t: number;
	/** Visits, or -1 for a failed reading, -2 for "shop closed". */
	count: number;
	/** The simulator planted an anomaly here. */
	anomaly: boolean;
}
