/**
 * The results table's columns: header, group, the row field it shows and sorts by, how
 * the value reads (°C for temperatures, % for shares), and the check beside it. Labels
 * and numbers are fixed-format (no locale), so every browser shows the same table.
 */
import type { CheckStatus } from '$lib/domain/wearables';
import type { WearableColumnName, WearableResultRow } from '$lib/db/sql/wearables';
import { STATUS_LABEL } from '$lib/state/wearables-rows';

export type ColumnGroup = 'device-day' | 'temperature' | 'ppg' | 'quality' | 'verdict';

export interface ResultColumn {
	/** The row field shown and sorted by. */
	id: WearableColumnName;
	label: string;
	/** Said after the label by screen readers and in the tooltip. */
	description: string;
	group: ColumnGroup;
	numeric: boolean;
	/** The value as shown. */
	text: (r: WearableResultRow) => string;
	/** The check the value is judged by, if any. */
	check?: (r: WearableResultRow) => CheckStatus;
}

export const GROUP_LABEL: Record<ColumnGroup, string> = {
	'device-day': 'Device-day',
	verdict: 'Verdict',
	temperature: 'Temperature',
	ppg: 'PPG (original rules)',
	quality: 'PPG quality'
};

const fixed = (v: number | null, digits: number) => (v === null ? '–' : v.toFixed(digits));
const count = (v: number | null) => (v === null ? '–' : String(v));
const celsius = (cents: number | null) => (cents === null ? '–' : (cents / 100).toFixed(2));
const percent = (share: number | null) => (share === null ? '–' : (share * 100).toFixed(1));

function col(
	id: WearableColumnName,
	label: string,
	description: string,
	group: ColumnGroup,
	text: (r: WearableResultRow) => string,
	check?: (r: WearableResultRow) => CheckStatus
): ResultColumn {
	return { id, label, description, group, numeric: group !== 'device-day', text, check };
}

/** Every column after the device (the row header), in table order. */
export const RESULT_COLUMNS: readonly ResultColumn[] = [
	col('day', 'Day', 'day of the recording', 'device-day', (r) => r.day),
	col(
		'source',
		'Source',
		'demo fleet or the folder the files came from',
		'device-day',
		(r) => r.source
	),
	{
		...col(
			'status',
			'Verdict',
			'verdict in the mode shown',
			'verdict',
			(r) => STATUS_LABEL[r.status]
		),
		numeric: false
	},
	{
		...col(
			'reason',
			'Why',
			'the flags or what could not be judged, in words',
			'verdict',
			(r) => r.reason
		),
		numeric: false
	},
	{
		...col('other_mode_status', 'Other mode', 'verdict of the other mode', 'verdict', (r) =>
			r.other_mode_status ? STATUS_LABEL[r.other_mode_status] : '–'
		),
		numeric: false
	},
	col('temp_samples', 'Samples', 'temperature samples (4 Hz)', 'temperature', (r) =>
		count(r.temp_samples)
	),
	col('temp_worn', 'Worn', 'samples on the wrist', 'temperature', (r) => count(r.temp_worn)),
	col('temp_settling', 'Settling', 'worn samples skipped after donning', 'temperature', (r) =>
		count(r.temp_settling)
	),
	col('temp_analysed', 'Analysed', 'samples the statistics ran on', 'temperature', (r) =>
		count(r.temp_analysed)
	),
	col('temp_segments', 'Runs', 'worn stretches', 'temperature', (r) => count(r.temp_segments)),
	col('temp_banded', 'Banded', 'analysed samples with a rolling band', 'temperature', (r) =>
		count(r.temp_banded)
	),
	col('temp_outside', 'Outside', 'banded samples outside the band', 'temperature', (r) =>
		count(r.temp_outside)
	),
	col(
		'temp_volatility_index',
		'Volatility',
		'volatility index (cents beyond the band on average)',
		'temperature',
		(r) => fixed(r.temp_volatility_index, 1),
		(r) => r.temp_volatility_check
	),
	col(
		'temp_avg_cents',
		'Avg °C',
		'average temperature',
		'temperature',
		(r) => celsius(r.temp_avg_cents),
		(r) => r.temp_avg_check
	),
	col(
		'temp_max_cents',
		'Max °C',
		'maximum temperature',
		'temperature',
		(r) => celsius(r.temp_max_cents),
		(r) => r.temp_max_check
	),
	col('ppg_samples', 'Samples', 'PPG samples (64 Hz)', 'ppg', (r) => count(r.ppg_samples)),
	col('ppg_worn', 'Worn rows', 'worn rows at 4 Hz', 'ppg', (r) => count(r.ppg_worn)),
	col(
		'ppg_min',
		'Min',
		'PPG minimum after the start-up skip',
		'ppg',
		(r) => fixed(r.ppg_min, 0),
		(r) => r.ppg_min_check
	),
	col(
		'ppg_avg',
		'Avg',
		'PPG average',
		'ppg',
		(r) => fixed(r.ppg_avg, 0),
		(r) => r.ppg_avg_check
	),
	col(
		'ppg_max',
		'Max',
		'PPG maximum',
		'ppg',
		(r) => fixed(r.ppg_max, 0),
		(r) => r.ppg_max_check
	),
	col('quality_worn', 'Worn', 'worn PPG samples after the start-up ramp', 'quality', (r) =>
		count(r.quality_worn)
	),
	col(
		'quality_flat_fraction',
		'Flat %',
		'share of worn samples in flat runs',
		'quality',
		(r) => percent(r.quality_flat_fraction),
		(r) => r.quality_flat_check
	),
	col(
		'quality_clip_fraction',
		'Clipped %',
		'share of worn samples at the extremes',
		'quality',
		(r) => percent(r.quality_clip_fraction),
		(r) => r.quality_clip_check
	),
	col('quality_windows', 'Windows', 'worn pulse windows', 'quality', (r) =>
		count(r.quality_windows)
	),
	col(
		'quality_pulse_share',
		'Pulse %',
		'share of windows with a plausible pulse',
		'quality',
		(r) => percent(r.quality_pulse_share),
		(r) => r.quality_pulse_check
	),
	col('quality_median_bpm', 'bpm', 'median pulse rate', 'quality', (r) =>
		fixed(r.quality_median_bpm, 0)
	)
];

/** The columns in runs of the same group, for the grouped header row. */
export function columnGroups(
	columns: readonly ResultColumn[]
): { group: ColumnGroup; span: number }[] {
	const out: { group: ColumnGroup; span: number }[] = [];
	for (const c of columns) {
		const last = out.at(-1);
		if (last?.group === c.group) last.span++;
		else out.push({ group: c.group, span: 1 });
	}
	return out;
}

export const CHECK_TEXT: Record<CheckStatus, string> = {
	pass: 'within limits',
	flag: 'flagged',
	'not-evaluated': 'not evaluated (not enough data)',
	info: 'reported, no limit set'
};
