/**
 * The wearable fault report as CSV and JSON, and the file names that say what they hold.
 * Pure: strings in memory, the page turns them into Blobs. Rows are the flat
 * `WearableResultRow`s of the results table (and of the DuckDB table `wearable_results`):
 * one line per device-day of one detection mode, every metric with its check beside it.
 */
import type { DetectionMode, DetectionParams } from '../domain/wearables';
import { WEARABLE_RESULT_COLUMNS, type WearableResultRow } from '../db/sql/wearables';
import { fileToken, toCsv, type CsvColumn } from './csv';

/** `faults`: only flagged device-days. `results`: every device-day shown. */
export type ReportScope = 'faults' | 'results';

export interface ReportFileSpec {
	scope: ReportScope;
	mode: DetectionMode;
	/** First and last day of the rows (`YYYY-MM-DD`); null when there are no rows. */
	from: string | null;
	to: string | null;
	/** The device filter typed in the table, if any: it narrows what the file holds. */
	filter?: string;
	extension: 'csv' | 'json' | 'parquet';
}

/**
 * E.g. `wearables_faults_wear-aware_2021-02-02_2021-02-04.csv`; with a device filter
 * `..._filter-device-012.csv`; a single day is written once.
 */
export function wearablesFileName(spec: ReportFileSpec): string {
	const parts = ['wearables', spec.scope, spec.mode];
	if (spec.from && spec.to) {
		parts.push(spec.from);
		if (spec.to !== spec.from) parts.push(spec.to);
	} else {
		parts.push('empty');
	}
	const filter = spec.filter?.trim();
	if (filter) parts.push(`filter-${fileToken(filter)}`);
	return `${parts.join('_')}.${spec.extension}`;
}

/** Every column of the results table, named as in DuckDB. */
export const REPORT_COLUMNS: readonly CsvColumn<WearableResultRow>[] = WEARABLE_RESULT_COLUMNS.map(
	(c) => ({ header: c.name, value: (r: WearableResultRow) => r[c.name] })
);

/** The rows as CSV (RFC 4180, CRLF), in the order given; missing metrics are empty fields. */
export function wearablesCsv(rows: readonly WearableResultRow[]): string {
	return toCsv(REPORT_COLUMNS, rows);
}

/** What the JSON report holds: enough to redo the run (mode, parameters) and every row. */
export interface WearablesReport {
	report: 'wearable fault detection';
	/** Bumped when the shape changes. */
	version: 1;
	/** ISO time the report was made, or null when the caller did not say. */
	created: string | null;
	mode: DetectionMode;
	scope: ReportScope;
	/** The parameters the results were computed with (the mode is the report's). */
	params: DetectionParams;
	filter: { device: string; faultyOnly: boolean };
	days: { from: string; to: string } | null;
	counts: { deviceDays: number; faulty: number; ok: number; notEnoughData: number };
	/** Units of the columns whose name does not say. */
	units: Record<string, string>;
	rows: WearableResultRow[];
}

export interface ReportOptions {
	rows: readonly WearableResultRow[];
	mode: DetectionMode;
	params: DetectionParams;
	scope: ReportScope;
	filter?: { device: string; faultyOnly: boolean };
	created?: string | null;
}

const UNITS: Record<string, string> = {
	temp_volatility_index: 'cents of a degree Celsius (mean excursion beyond the band)',
	temp_avg_cents: 'cents of a degree Celsius',
	temp_max_cents: 'cents of a degree Celsius',
	ppg_min: 'raw PPG units',
	ppg_avg: 'raw PPG units',
	ppg_max: 'raw PPG units',
	quality_flat_fraction: 'share of worn PPG samples, 0..1',
	quality_clip_fraction: 'share of worn PPG samples, 0..1',
	quality_pulse_share: 'share of worn 8 s windows with a plausible pulse, 0..1',
	quality_median_bpm: 'beats per minute',
	'*_check': 'pass | flag | not-evaluated (not enough data) | info (measured, no limit set)',
	'*_samples, *_worn, *_rows': 'samples of the file at its own rate'
};

/** The JSON report of `rows` (a plain object, ready for `JSON.stringify`). */
export function wearablesReport(o: ReportOptions): WearablesReport {
	let from: string | null = null;
	let to: string | null = null;
	const counts = { deviceDays: o.rows.length, faulty: 0, ok: 0, notEnoughData: 0 };
	for (const r of o.rows) {
		if (from === null || r.day < from) from = r.day;
		if (to === null || r.day > to) to = r.day;
		if (r.status === 'flagged') counts.faulty++;
		else if (r.status === 'ok') counts.ok++;
		else counts.notEnoughData++;
	}
	return {
		report: 'wearable fault detection',
		version: 1,
		created: o.created ?? null,
		mode: o.mode,
		scope: o.scope,
		params: { ...(JSON.parse(JSON.stringify(o.params)) as DetectionParams), mode: o.mode },
		filter: o.filter ?? { device: '', faultyOnly: o.scope === 'faults' },
		days: from !== null && to !== null ? { from, to } : null,
		counts,
		units: UNITS,
		rows: o.rows.map((r) => ({ ...r }))
	};
}

/** The JSON report as text, two-space indented, ending with a newline. */
export function wearablesJson(o: ReportOptions): string {
	return `${JSON.stringify(wearablesReport(o), null, 2)}\n`;
}
