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

const fixed0 = (v: number | null) => (v === null ? '–' : v.toFixed(0));
const fixed1 = (v: number | null) => (v === null ? '–' : v.toFixed(1));
const count = (v: number | null) => (v === null ? '–' : String(v));
const celsius = (cents: number | null) => (cents === null ? '–' : (cents / 100).toFixed(2));
const percent = (share: number | null) => (share === null ? '–' : (share * 100).toFixed(1));

/** Fields of a row that hold a number (or null when there was nothing to measure). */
type MetricField = {
	[K in WearableColumnName]: WearableResultRow[K] extends number | null ? K : never;
}[WearableColumnName];
/** Fields of a row that hold a check's status. */
type CheckField = {
	[K in WearableColumnName]: WearableResultRow[K] extends CheckStatus ? K : never;
}[WearableColumnName];

/** A column of words: left-aligned, shown as `text` says. */
function words(
	id: WearableColumnName,
	label: string,
	description: string,
	group: ColumnGroup,
	text: (r: WearableResultRow) => string
): ResultColumn {
	return { id, label, description, group, numeric: false, text };
}

/**
 * The metric columns of one group: `metric(id, label, description, format, check?)` is a
 * right-aligned column showing the field `id` through `format`, judged by the field
 * `check` when the metric has a limit.
 */
function metrics(group: ColumnGroup) {
	return (
		id: MetricField,
		label: string,
		description: string,
		format: (v: number | null) => string,
		check?: CheckField
	): ResultColumn => ({
		id,
		label,
		description,
		group,
		numeric: true,
		text: (r) => format(r[id]),
		check: check && ((r) => r[check])
	});
}

const temp = metrics('temperature');
const ppg = metrics('ppg');
const quality = metrics('quality');

/** Every column after the device (the row header), in table order. */
export const RESULT_COLUMNS: readonly ResultColumn[] = [
	words('day', 'Day', 'day of the recording', 'device-day', (r) => r.day),
	words(
		'source',
		'Source',
		'demo fleet or the folder the files came from',
		'device-day',
		(r) => r.source
	),
	words('status', 'Verdict', 'verdict in the mode shown', 'verdict', (r) => STATUS_LABEL[r.status]),
	words(
		'reason',
		'Why',
		'the flags or what could not be judged, in words',
		'verdict',
		(r) => r.reason
	),
	words('other_mode_status', 'Other mode', 'verdict of the other mode', 'verdict', (r) =>
		r.other_mode_status ? STATUS_LABEL[r.other_mode_status] : '–'
	),
	temp('temp_samples', 'Samples', 'temperature samples (4 Hz)', count),
	temp('temp_worn', 'Worn', 'samples on the wrist', count),
	temp('temp_settling', 'Settling', 'worn samples skipped after donning', count),
	temp('temp_analysed', 'Analysed', 'samples the statistics ran on', count),
	temp('temp_segments', 'Runs', 'worn stretches', count),
	temp('temp_banded', 'Banded', 'analysed samples with a rolling band', count),
	temp('temp_outside', 'Outside', 'banded samples outside the band', count),
	temp(
		'temp_volatility_index',
		'Volatility',
		'volatility index (cents beyond the band on average)',
		fixed1,
		'temp_volatility_check'
	),
	temp('temp_avg_cents', 'Avg °C', 'average temperature', celsius, 'temp_avg_check'),
	temp('temp_max_cents', 'Max °C', 'maximum temperature', celsius, 'temp_max_check'),
	ppg('ppg_samples', 'Samples', 'PPG samples (64 Hz)', count),
	ppg('ppg_worn', 'Worn rows', 'worn rows at 4 Hz', count),
	ppg('ppg_min', 'Min', 'PPG minimum after the start-up skip', fixed0, 'ppg_min_check'),
	ppg('ppg_avg', 'Avg', 'PPG average', fixed0, 'ppg_avg_check'),
	ppg('ppg_max', 'Max', 'PPG maximum', fixed0, 'ppg_max_check'),
	quality('quality_worn', 'Worn', 'worn PPG samples after the start-up ramp', count),
	quality(
		'quality_flat_fraction',
		'Flat %',
		'share of worn samples in flat runs',
		percent,
		'quality_flat_check'
	),
	quality(
		'quality_clip_fraction',
		'Clipped %',
		'share of worn samples at the extremes',
		percent,
		'quality_clip_check'
	),
	quality('quality_windows', 'Windows', 'worn pulse windows', count),
	quality(
		'quality_pulse_share',
		'Pulse %',
		'share of windows with a plausible pulse',
		percent,
		'quality_pulse_check'
	),
	quality('quality_median_bpm', 'bpm', 'median pulse rate', fixed0)
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
