/**
 * The wearable detection results as a DuckDB table, `wearable_results`: one row per
 * device-day and detection mode with every metric and every check, as the original
 * stored them per (device, date) with a flag beside each metric. The same flat row
 * (`WearableResultRow`) is what the page tabulates and what the CSV and JSON reports
 * hold, so a column means the same thing everywhere.
 *
 * Pure: builds SQL text and bound values, no I/O. Identifiers come from the fixed
 * column list below; every value is bound as a `?` parameter with an explicit cast.
 */
import type { Query, SqlValue } from '../client';
import type { CheckStatus, DetectionMode, VerdictStatus } from '../../domain/wearables';
import { checkDate } from './literal';

/** The results table. */
export const WEARABLE_RESULTS = 'wearable_results';

/**
 * One device-day under one mode. Metrics are in the files' units: temperatures in cents
 * of a degree Celsius, PPG in raw units, shares as 0..1. `*_check` columns hold the
 * check's status: `pass`, `flag`, `not-evaluated` (not enough data) or `info` (measured,
 * no limit set). Missing metrics (nothing to measure) are null.
 */
export interface WearableResultRow {
	/** Unique per loaded device-day: where it came from and which folder or table. */
	key: string;
	/** `demo` or the folder / table the files came from. */
	source: string;
	device: string;
	/** `YYYY-MM-DD`. */
	day: string;
	mode: DetectionMode;
	status: VerdictStatus;
	/** Number of flags raised in this mode. */
	flag_count: number;
	/** The flags as `section rule`, `; `-separated (e.g. `temperature avg`). */
	flags: string;
	/** Why, in words: the flags' reasons, or why nothing could be judged. */
	reason: string;
	/** The verdict of the other mode on the same data and parameters. */
	other_mode_status: VerdictStatus | null;

	temp_status: VerdictStatus;
	temp_samples: number;
	temp_no_on_wrist: number;
	temp_worn: number;
	temp_settling: number;
	temp_analysed: number;
	temp_segments: number;
	temp_banded: number;
	temp_outside: number;
	temp_volatility_index: number | null;
	temp_volatility_check: CheckStatus;
	temp_avg_cents: number | null;
	temp_avg_check: CheckStatus;
	temp_max_cents: number | null;
	temp_max_check: CheckStatus;

	ppg_status: VerdictStatus;
	ppg_samples: number;
	ppg_rows: number;
	ppg_worn: number;
	ppg_min: number | null;
	ppg_min_check: CheckStatus;
	ppg_avg: number | null;
	ppg_avg_check: CheckStatus;
	ppg_max: number | null;
	ppg_max_check: CheckStatus;

	quality_status: VerdictStatus;
	quality_ramp: number;
	quality_worn: number;
	quality_flat_fraction: number | null;
	quality_flat_check: CheckStatus;
	quality_clip_fraction: number | null;
	quality_clip_check: CheckStatus;
	quality_windows: number;
	quality_plausible_windows: number;
	quality_pulse_share: number | null;
	quality_pulse_check: CheckStatus;
	quality_median_bpm: number | null;

	/** Notes of the files and the rule sets, `; `-separated. */
	notes: string;
}

export type WearableColumnName = keyof WearableResultRow;

type SqlType = 'VARCHAR' | 'DATE' | 'INTEGER' | 'BIGINT' | 'DOUBLE';

/** Every column in table order, with its DuckDB type. */
export const WEARABLE_RESULT_COLUMNS: readonly { name: WearableColumnName; type: SqlType }[] = [
	{ name: 'key', type: 'VARCHAR' },
	{ name: 'source', type: 'VARCHAR' },
	{ name: 'device', type: 'VARCHAR' },
	{ name: 'day', type: 'DATE' },
	{ name: 'mode', type: 'VARCHAR' },
	{ name: 'status', type: 'VARCHAR' },
	{ name: 'flag_count', type: 'INTEGER' },
	{ name: 'flags', type: 'VARCHAR' },
	{ name: 'reason', type: 'VARCHAR' },
	{ name: 'other_mode_status', type: 'VARCHAR' },
	{ name: 'temp_status', type: 'VARCHAR' },
	{ name: 'temp_samples', type: 'BIGINT' },
	{ name: 'temp_no_on_wrist', type: 'BIGINT' },
	{ name: 'temp_worn', type: 'BIGINT' },
	{ name: 'temp_settling', type: 'BIGINT' },
	{ name: 'temp_analysed', type: 'BIGINT' },
	{ name: 'temp_segments', type: 'INTEGER' },
	{ name: 'temp_banded', type: 'BIGINT' },
	{ name: 'temp_outside', type: 'BIGINT' },
	{ name: 'temp_volatility_index', type: 'DOUBLE' },
	{ name: 'temp_volatility_check', type: 'VARCHAR' },
	{ name: 'temp_avg_cents', type: 'DOUBLE' },
	{ name: 'temp_avg_check', type: 'VARCHAR' },
	{ name: 'temp_max_cents', type: 'DOUBLE' },
	{ name: 'temp_max_check', type: 'VARCHAR' },
	{ name: 'ppg_status', type: 'VARCHAR' },
	{ name: 'ppg_samples', type: 'BIGINT' },
	{ name: 'ppg_rows', type: 'BIGINT' },
	{ name: 'ppg_worn', type: 'BIGINT' },
	{ name: 'ppg_min', type: 'DOUBLE' },
	{ name: 'ppg_min_check', type: 'VARCHAR' },
	{ name: 'ppg_avg', type: 'DOUBLE' },
	{ name: 'ppg_avg_check', type: 'VARCHAR' },
	{ name: 'ppg_max', type: 'DOUBLE' },
	{ name: 'ppg_max_check', type: 'VARCHAR' },
	{ name: 'quality_status', type: 'VARCHAR' },
	{ name: 'quality_ramp', type: 'BIGINT' },
	{ name: 'quality_worn', type: 'BIGINT' },
	{ name: 'quality_flat_fraction', type: 'DOUBLE' },
	{ name: 'quality_flat_check', type: 'VARCHAR' },
	{ name: 'quality_clip_fraction', type: 'DOUBLE' },
	{ name: 'quality_clip_check', type: 'VARCHAR' },
	{ name: 'quality_windows', type: 'INTEGER' },
	{ name: 'quality_plausible_windows', type: 'INTEGER' },
	{ name: 'quality_pulse_share', type: 'DOUBLE' },
	{ name: 'quality_pulse_check', type: 'VARCHAR' },
	{ name: 'quality_median_bpm', type: 'DOUBLE' },
	{ name: 'notes', type: 'VARCHAR' }
];

/** Columns that may never be null. */
const NOT_NULL = new Set<WearableColumnName>(['key', 'source', 'device', 'day', 'mode', 'status']);

/** `CREATE OR REPLACE TABLE wearable_results (...)`: empty, one row per key and mode. */
export function wearableResultsTableSql(): string {
	const cols = WEARABLE_RESULT_COLUMNS.map(
		(c) => `  ${c.name} ${c.type}${NOT_NULL.has(c.name) ? ' NOT NULL' : ''}`
	);
	return `CREATE OR REPLACE TABLE ${WEARABLE_RESULTS} (\n${cols.join(',\n')},\n  PRIMARY KEY (key, mode)\n)`;
}

/** Rows per INSERT statement (one bound parameter per cell: 48 columns x 100 rows). */
export const INSERT_BATCH_ROWS = 100;

/** A cell as a bound value: non-finite numbers become NULL. */
function cell(v: unknown): SqlValue {
	if (v === null || v === undefined) return null;
	if (typeof v === 'number') return Number.isFinite(v) ? v : null;
	if (typeof v === 'string' || typeof v === 'boolean') return v;
	throw new TypeError(`wearable results: unsupported value ${String(v)}`);
}

/**
 * `INSERT INTO wearable_results VALUES (...), ...` for `rows`, every value bound and cast
 * to its column's type, at most `INSERT_BATCH_ROWS` rows per query. Days are checked as
 * calendar dates first (a `RangeError` names the bad one).
 */
export function insertWearableResultsQueries(rows: readonly WearableResultRow[]): Query[] {
	const tuple = `(${WEARABLE_RESULT_COLUMNS.map((c) => `CAST(? AS ${c.type})`).join(', ')})`;
	const queries: Query[] = [];
	for (let i = 0; i < rows.length; i += INSERT_BATCH_ROWS) {
		const batch = rows.slice(i, i + INSERT_BATCH_ROWS);
		const params: SqlValue[] = [];
		for (const r of batch) {
			checkDate(r.day, `day of ${r.key}`);
			for (const c of WEARABLE_RESULT_COLUMNS) params.push(cell(r[c.name]));
		}
		queries.push({
			sql: `INSERT INTO ${WEARABLE_RESULTS} VALUES\n  ${batch.map(() => tuple).join(',\n  ')}`,
			params
		});
	}
	return queries;
}

/** One row per mode: device-days, and how many are ok, flagged or without enough data. */
export interface WearableSummaryRow {
	mode: DetectionMode;
	device_days: number;
	flagged: number;
	ok: number;
	insufficient: number;
	first_day: number | null;
	last_day: number | null;
}

/** Counts per mode (original first), with the days covered (epoch ms of DATE). */
export function wearableSummaryQuery(): Query {
	return {
		sql: `SELECT mode,
  CAST(count(*) AS INTEGER) AS device_days,
  CAST(count(*) FILTER (WHERE status = 'flagged') AS INTEGER) AS flagged,
  CAST(count(*) FILTER (WHERE status = 'ok') AS INTEGER) AS ok,
  CAST(count(*) FILTER (WHERE status = 'insufficient-data') AS INTEGER) AS insufficient,
  min(day) AS first_day,
  max(day) AS last_day
FROM ${WEARABLE_RESULTS}
GROUP BY mode
ORDER BY mode`,
		params: []
	};
}

/** The flagged device-days of `mode`, by day then device, with their reasons. */
export function wearableFaultsQuery(mode: DetectionMode): Query {
	if (mode !== 'original' && mode !== 'wear-aware') {
		throw new RangeError(`wearableFaultsQuery: unknown mode ${JSON.stringify(mode)}`);
	}
	return {
		sql: `SELECT device, strftime(day, '%Y-%m-%d') AS day, source, flags, reason
FROM ${WEARABLE_RESULTS}
WHERE mode = CAST(? AS VARCHAR) AND status = 'flagged'
ORDER BY day, device, source`,
		params: [mode]
	};
}

/** Device-days whose verdict differs between the two modes. */
export function wearableDisagreementsQuery(): Query {
	return {
		sql: `SELECT o.device, strftime(o.day, '%Y-%m-%d') AS day, o.source,
  o.status AS original_status, o.flags AS original_flags,
  w.status AS wear_aware_status, w.flags AS wear_aware_flags
FROM ${WEARABLE_RESULTS} o
JOIN ${WEARABLE_RESULTS} w ON w.key = o.key AND w.mode = 'wear-aware'
WHERE o.mode = 'original' AND (o.status <> w.status OR o.flags <> w.flags)
ORDER BY o.day, o.device, o.source`,
		params: []
	};
}
