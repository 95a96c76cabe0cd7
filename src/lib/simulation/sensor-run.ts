/**
 * What a generator kernel fills: one sensor over the simulated days. The columns must be
 * zero-filled (closed hours stay 0, truth stays 0).
 */
export interface SensorRun {
	/** Output columns and the row of the run's first hour (start day, 00:00). */
	count: Int32Array;
	truth: Uint8Array;
	offset: number;
	/** First simulated day, days since 1970-01-01, and number of days. */
	startDay: number;
	days: number;
	/** Hours of the run before this one are SHOP_CLOSED (already written by the caller). */
	firstLive: number;
	avg: number;
	std: number;
	pFail: number;
	pAnom: number;
}
