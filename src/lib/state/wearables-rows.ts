/**
 * The wearable page's rows, as pure functions: a detection result flattened into one
 * `WearableResultRow` (the shape of the table, the DuckDB table and the reports), the
 * sort and filter of the results table, and the device-days where the two modes disagree.
 * No Svelte, no DOM: Node tests drive them.
 */
import type {
	Check,
	CheckStatus,
	DetectionMode,
	DetectionSection,
	DeviceDay,
	DeviceDayResult,
	VerdictStatus
} from '../domain/wearables';
import type { WearableColumnName, WearableResultRow } from '../db/sql/wearables';

/** Both modes' results of one device-day, on the same parameters. */
export type BothModes = Record<DetectionMode, DeviceDayResult>;

/** A device-day loaded on the page: the demo's or one built from dropped files. */
export interface LoadedDay {
	/** Unique on the page: `demo:2021-02-04/device_012`, `files:original:2021/02/04/device_015`. */
	key: string;
	origin: 'demo' | 'files';
	/** `demo`, or the folder (original layout, E4 session) or table it came from. */
	source: string;
	record: DeviceDay;
	/** Paths of the files it was built from (none for the demo). */
	files: string[];
	/** What the ingest step noticed (lengths that differ, guesses...). */
	notes: string[];
	/**
	 * Changes when the data changes (file paths, sizes, modification times): a cached
	 * result is reused only for the same key and fingerprint.
	 */
	fingerprint: string;
}

export const SECTION_LABEL: Record<DetectionSection, string> = {
	temperature: 'temperature',
	ppg: 'PPG',
	'ppg-quality': 'PPG quality'
};

export const STATUS_LABEL: Record<VerdictStatus, string> = {
	flagged: 'faulty',
	ok: 'ok',
	'insufficient-data': 'not enough data'
};

export const MODE_LABEL: Record<DetectionMode, string> = {
	original: 'original',
	'wear-aware': 'wear-aware'
};

export const otherMode = (mode: DetectionMode): DetectionMode =>
	mode === 'original' ? 'wear-aware' : 'original';

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

function checkOf<R extends string>(checks: Check<R>[], rule: R): Check<R> {
	const c = checks.find((x) => x.rule === rule);
	if (!c) throw new Error(`detection result without a ${rule} check`);
	return c;
}

/** The sections that count towards the verdict in `mode` (as `detectDeviceDay` combines them). */
function countedSections(r: DeviceDayResult) {
	const sections: { section: DetectionSection; status: VerdictStatus; checks: Check[] }[] = [
		{ section: 'temperature', status: r.temperature.status, checks: r.temperature.checks },
		{ section: 'ppg', status: r.ppg.status, checks: r.ppg.checks }
	];
	if (r.mode === 'wear-aware') {
		sections.push({ section: 'ppg-quality', status: r.quality.status, checks: r.quality.checks });
	}
	return sections;
}

/** Why the device-day got its verdict, in words. */
export function verdictReason(r: DeviceDayResult): string {
	if (r.status === 'flagged') {
		return r.flags.map((f) => `${SECTION_LABEL[f.section]}: ${f.reason}`).join('; ');
	}
	const sections = countedSections(r);
	if (r.status === 'insufficient-data') {
		const parts = sections
			.filter((s) => s.status === 'insufficient-data')
			.map((s) => {
				const reasons = [
					...new Set(s.checks.filter((c) => c.status === 'not-evaluated').map((c) => c.reason))
				];
				return `${SECTION_LABEL[s.section]}: ${reasons.join(', ') || 'nothing to judge'}`;
			});
		return `not enough data to judge (${parts.join('; ')})`;
	}
	const skipped = sections.flatMap((s) =>
		s.checks
			.filter((c) => c.status === 'not-evaluated')
			.map((c) => `${SECTION_LABEL[s.section]} ${c.rule} (${c.reason})`)
	);
	return skipped.length
		? `within limits; not evaluated: ${skipped.join('; ')}`
		: 'within limits on every check';
}

/** `temperature volatility; PPG avg`: the flags of a result, in section order. */
export function flagList(r: DeviceDayResult): string {
	return r.flags.map((f) => `${SECTION_LABEL[f.section]} ${f.rule}`).join('; ');
}

/** One device-day under one mode as a flat row (`other` is the same data in the other mode). */
export function toResultRow(
	day: Pick<LoadedDay, 'key' | 'source' | 'notes'>,
	result: DeviceDayResult,
	other: DeviceDayResult | null = null
): WearableResultRow {
	const t = result.temperature;
	const tm = t.metrics;
	const g = result.ppg;
	const gm = g.metrics;
	const q = result.quality;
	const qm = q.metrics;
	const notes = [...new Set([...day.notes, ...t.notes, ...g.notes, ...q.notes])];
	return {
		key: day.key,
		source: day.source,
		device: result.device,
		day: result.day,
		mode: result.mode,
		status: result.status,
		flag_count: result.flags.length,
		flags: flagList(result),
		reason: verdictReason(result),
		other_mode_status: other ? other.status : null,

		temp_status: t.status,
		temp_samples: tm.samples,
		temp_no_on_wrist: tm.noOnWristReading,
		temp_worn: tm.worn,
		temp_settling: tm.settling,
		temp_analysed: tm.analysed,
		temp_segments: tm.segments,
		temp_banded: tm.banded,
		temp_outside: tm.outside,
		temp_volatility_index: finite(tm.volatilityIndex),
		temp_volatility_check: checkOf(t.checks, 'volatility').status,
		temp_avg_cents: finite(tm.avg),
		temp_avg_check: checkOf(t.checks, 'avg').status,
		temp_max_cents: finite(tm.max),
		temp_max_check: checkOf(t.checks, 'max').status,

		ppg_status: g.status,
		ppg_samples: gm.samples,
		ppg_rows: gm.rows,
		ppg_worn: gm.worn,
		ppg_min: finite(gm.min),
		ppg_min_check: checkOf(g.checks, 'min').status,
		ppg_avg: finite(gm.avg),
		ppg_avg_check: checkOf(g.checks, 'avg').status,
		ppg_max: finite(gm.max),
		ppg_max_check: checkOf(g.checks, 'max').status,

		quality_status: q.status,
		quality_ramp: qm.ramp,
		quality_worn: qm.worn,
		quality_flat_fraction: finite(qm.flatFraction),
		quality_flat_check: checkOf(q.checks, 'flat-line').status,
		quality_clip_fraction: finite(qm.clipFraction),
		quality_clip_check: checkOf(q.checks, 'clipping').status,
		quality_windows: qm.windows,
		quality_plausible_windows: qm.plausibleWindows,
		quality_pulse_share: finite(qm.pulseShare),
		quality_pulse_check: checkOf(q.checks, 'pulse').status,
		quality_median_bpm: finite(qm.medianBpm),

		notes: notes.join('; ')
	};
}

/**
 * The rows of `mode` for every loaded device-day that has results, in load order.
 * Device-days still waiting for detection are left out.
 */
export function resultRows(
	days: readonly LoadedDay[],
	results: ReadonlyMap<string, BothModes>,
	mode: DetectionMode
): WearableResultRow[] {
	const rows: WearableResultRow[] = [];
	for (const d of days) {
		const r = results.get(d.key);
		if (r) rows.push(toResultRow(d, r[mode], r[otherMode(mode)]));
	}
	return rows;
}

// ---------------------------------------------------------------------------------------
// Sorting and filtering

export type SortDirection = 'ascending' | 'descending';

/** A column sort; `null` is the default order (faulty rows first). */
export interface RowSort {
	column: WearableColumnName;
	direction: SortDirection;
}

const STATUS_RANK: Record<VerdictStatus, number> = {
	flagged: 0,
	'insufficient-data': 1,
	ok: 2
};

const CHECK_RANK: Record<CheckStatus, number> = {
	flag: 0,
	'not-evaluated': 1,
	info: 2,
	pass: 3
};

const STATUS_COLUMNS = new Set<WearableColumnName>([
	'status',
	'other_mode_status',
	'temp_status',
	'ppg_status',
	'quality_status'
]);

/** The value a column sorts by: statuses by severity (faulty first), else as stored. */
function sortValue(row: WearableResultRow, column: WearableColumnName): number | string | null {
	const v = row[column];
	if (v === null) return null;
	if (STATUS_COLUMNS.has(column)) return STATUS_RANK[v as VerdictStatus];
	if (column.endsWith('_check')) return CHECK_RANK[v as CheckStatus];
	return v as number | string;
}

/** Plain code-unit order: the same in every browser and locale. */
function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

function compareValues(a: number | string | null, b: number | string | null): number {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return compareText(String(a), String(b));
}

/** The default order: faulty first, more flags first, then day, device and source. */
export function compareDefault(a: WearableResultRow, b: WearableResultRow): number {
	return (
		STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
		b.flag_count - a.flag_count ||
		compareText(a.day, b.day) ||
		compareText(a.device, b.device) ||
		compareText(a.source, b.source) ||
		compareText(a.key, b.key)
	);
}

/**
 * `rows` in a new array, sorted by `sort` (ties in the default order), or in the default
 * order when `sort` is null. Missing values sort last in both directions.
 */
export function sortRows(
	rows: readonly WearableResultRow[],
	sort: RowSort | null
): WearableResultRow[] {
	const out = rows.slice();
	if (!sort) return out.sort(compareDefault);
	const sign = sort.direction === 'ascending' ? 1 : -1;
	return out.sort((a, b) => {
		const va = sortValue(a, sort.column);
		const vb = sortValue(b, sort.column);
		if (va === null || vb === null) {
			if (va !== vb) return va === null ? 1 : -1;
			return compareDefault(a, b);
		}
		return sign * compareValues(va, vb) || compareDefault(a, b);
	});
}

/**
 * The sort after a click on `column`'s header: a new column sorts ascending (statuses:
 * faulty first), the same column flips direction.
 */
export function nextSort(current: RowSort | null, column: WearableColumnName): RowSort {
	if (current?.column === column) {
		return {
			column,
			direction: current.direction === 'ascending' ? 'descending' : 'ascending'
		};
	}
	return { column, direction: 'ascending' };
}

/** `aria-sort` of a column header. */
export function ariaSort(
	sort: RowSort | null,
	column: WearableColumnName
): 'ascending' | 'descending' | 'none' {
	return sort?.column === column ? sort.direction : 'none';
}

export interface RowFilter {
	/** Case-insensitive text that the device (or the day) must contain; blank: any. */
	text: string;
	/** Only rows flagged in the shown mode. */
	faultyOnly: boolean;
}

export const NO_FILTER: RowFilter = { text: '', faultyOnly: false };

/** The rows that pass `filter`, in their order. */
export function filterRows(
	rows: readonly WearableResultRow[],
	filter: RowFilter
): WearableResultRow[] {
	const needle = filter.text.trim().toLowerCase();
	return rows.filter(
		(r) =>
			(!filter.faultyOnly || r.status === 'flagged') &&
			(!needle || r.device.toLowerCase().includes(needle) || r.day.includes(needle))
	);
}

/** First and last day of `rows`, or null when there are none. */
export function dayRange(rows: readonly { day: string }[]): { from: string; to: string } | null {
	if (rows.length === 0) return null;
	let from = rows[0].day;
	let to = from;
	for (const r of rows) {
		if (r.day < from) from = r.day;
		if (r.day > to) to = r.day;
	}
	return { from, to };
}

/** Counts of a set of rows by verdict. */
export function verdictCounts(rows: readonly WearableResultRow[]): Record<VerdictStatus, number> {
	const counts: Record<VerdictStatus, number> = { flagged: 0, ok: 0, 'insufficient-data': 0 };
	for (const r of rows) counts[r.status]++;
	return counts;
}

// ---------------------------------------------------------------------------------------
// The two modes side by side

export interface ModeVerdict {
	status: VerdictStatus;
	flags: string;
	reason: string;
}

/** A device-day the two modes judge differently (verdict or flags). */
export interface ModeDisagreement {
	key: string;
	source: string;
	device: string;
	day: string;
	original: ModeVerdict;
	wearAware: ModeVerdict;
}

const modeVerdict = (r: DeviceDayResult): ModeVerdict => ({
	status: r.status,
	flags: flagList(r),
	reason: verdictReason(r)
});

/** Device-days whose verdict or flags differ between the modes, in the default order. */
export function disagreements(
	days: readonly LoadedDay[],
	results: ReadonlyMap<string, BothModes>
): ModeDisagreement[] {
	const out: ModeDisagreement[] = [];
	for (const d of days) {
		const r = results.get(d.key);
		if (!r) continue;
		const o = modeVerdict(r.original);
		const w = modeVerdict(r['wear-aware']);
		if (o.status === w.status && o.flags === w.flags) continue;
		out.push({
			key: d.key,
			source: d.source,
			device: d.record.device,
			day: d.record.day,
			original: o,
			wearAware: w
		});
	}
	return out.sort(
		(a, b) =>
			compareText(a.day, b.day) ||
			compareText(a.device, b.device) ||
			compareText(a.source, b.source)
	);
}
