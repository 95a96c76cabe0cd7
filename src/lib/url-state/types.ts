/**
 * What each page keeps in its URL: plain, serialisable objects (no classes, no Dates, no
 * typed arrays), complete (every field present; "nothing" is `null` or an empty list),
 * so that one URL means one state and `decode(encode(s))` deep-equals `s`.
 */
import type { FootfallView, SimulationParams } from '../domain/footfall';
import type { DetectionParams } from '../domain/wearables';

/** The version `encode*` writes and `decode*` reads natively; older URLs are migrated. */
export const URL_STATE_VERSION = 1;

export type SortDir = 'asc' | 'desc';

/** The footfall explorer's view: `FootfallView` of the domain, under the name this folder uses. */
export type FootfallViewState = FootfallView;

/**
 * Columns of the footfall rows table, as named in the URL, in table order: time, visits,
 * visits with failed readings imputed, the share imputed, the 4-week baseline, the
 * difference to it, failed readings and anomalies.
 */
export const FOOTFALL_SORT_COLUMNS = [
	'time',
	'visits',
	'imputed',
	'share',
	'baseline',
	'difference',
	'failed',
	'anomalies'
] as const;
export type FootfallSortColumn = (typeof FOOTFALL_SORT_COLUMNS)[number];

export interface FootfallTableState {
	sort: FootfallSortColumn;
	dir: SortDir;
}

/** Layers of the footfall chart a user may hide, as named in the URL (`hide=`). */
export const FOOTFALL_CHART_LAYERS = ['baseline', 'imputed', 'markers'] as const;
export type FootfallChartLayer = (typeof FOOTFALL_CHART_LAYERS)[number];

/** Chart choices: which optional layers are drawn. */
export interface FootfallChartState {
	/** The dashed 4-week baseline. */
	baseline: boolean;
	/** The dotted line of visits with failed readings imputed (once the health check ran). */
	imputed: boolean;
	/** The lanes of failed-reading and anomaly markers below the time axis. */
	markers: boolean;
}

/** Period of the footfall trends panel. */
export type TrendPeriod = 'weekly' | 'monthly';
export const TREND_PERIODS: readonly TrendPeriod[] = ['weekly', 'monthly'];

/**
 * Kinds of footfall alert, as named in the URL (`alertKind=`): those of `alerts/`
 * (`ALERT_KINDS`; a test fails when that list gains a kind this one lacks).
 */
export const FOOTFALL_ALERT_KINDS = [
	'sensor-down',
	'failed-hours',
	'sensor-deviating',
	'abnormal-day',
	'trend-deviation'
] as const;
export type FootfallAlertKind = (typeof FOOTFALL_ALERT_KINDS)[number];

/** The alerts panel's filter: one kind, one store, or null for all. */
export interface FootfallAlertFilter {
	kind: FootfallAlertKind | null;
	store: string | null;
}

/** `sim`: the simulation in `sim`. `files`: counter files the user dropped (`files`). */
export type FootfallSource = 'sim' | 'files';
export const FOOTFALL_SOURCES: readonly FootfallSource[] = ['sim', 'files'];

export interface FootfallUrlState {
	/** Where the data comes from. */
	source: FootfallSource;
	/** The simulation behind the page (what the simulation panel runs). */
	sim: SimulationParams;
	/** The dropped counter files the view was made from; empty for a simulation. */
	files: FileRef[];
	/**
	 * With `source: 'sim'`, a view of `sim`. With `'files'`, a view of the files, checked
	 * for its form only (the codec does not know them; `checkFilesView` checks it once they
	 * are loaded): `store` '' is their first store, `from` / `to` '' their first / last day.
	 */
	view: FootfallViewState;
	table: FootfallTableState;
	chart: FootfallChartState;
	/** The trends panel's period. */
	trend: TrendPeriod;
	/** The alerts panel's filter. */
	alerts: FootfallAlertFilter;
}

/**
 * A dropped file, as a shared view remembers it: the file itself never goes into the URL.
 * `sha256` is the lowercase hex SHA-256 of the content, whole (64 digits) or a prefix of
 * at least 8 digits (the page chooses; 16 digits = 64 bits is plenty to tell files apart).
 */
export interface FileRef {
	/** The name the file was dropped with, a relative path for files of a folder. */
	name: string;
	/** Bytes. */
	size: number;
	sha256: string;
}

/** `demo`: the built-in demo fleet. `files`: files the user dropped. */
export type WearablesSource = 'demo' | 'files';
export const WEARABLES_SOURCES: readonly WearablesSource[] = ['demo', 'files'];

export interface DeviceDayRef {
	/** Device (folder) name, e.g. `device_015`. */
	device: string;
	/** `YYYY-MM-DD`. */
	day: string;
}

/**
 * Columns of the device-day results table, as named in the URL: every column the table
 * sorts by, in table order (the device, the device-day, the verdict, then temperature,
 * PPG and PPG quality metrics), and `flags`, the number of flags.
 */
export const WEARABLES_SORT_COLUMNS = [
	'device',
	'day',
	'source',
	'status',
	'reason',
	'otherMode',
	'flags',
	'tempSamples',
	'tempWorn',
	'tempSettling',
	'tempAnalysed',
	'tempRuns',
	'tempBanded',
	'tempOutside',
	'volatility',
	'tempAvg',
	'tempMax',
	'ppgSamples',
	'ppgWorn',
	'ppgMin',
	'ppgAvg',
	'ppgMax',
	'qualityWorn',
	'flat',
	'clip',
	'windows',
	'pulse',
	'bpm'
] as const;
export type WearablesSortColumn = (typeof WEARABLES_SORT_COLUMNS)[number];

export interface WearablesSortState {
	column: WearablesSortColumn;
	dir: SortDir;
}

export interface WearablesFilterState {
	/** Case-insensitive text the device name must contain; '' for all. */
	text: string;
	/** Only device-days with at least one flag. */
	faultyOnly: boolean;
}

export interface WearablesUrlState {
	source: WearablesSource;
	/** The dropped files the view was made from; empty for the demo. */
	files: FileRef[];
	/** Every detection parameter, the mode included (`params.mode`); the URL holds changes only. */
	params: DetectionParams;
	/** The device-day opened in detail, or null. */
	selected: DeviceDayRef | null;
	/** Null: the results table's own order, faulty first (the default). */
	sort: WearablesSortState | null;
	filter: WearablesFilterState;
	/** Both modes side by side. */
	compare: boolean;
}

/**
 * What a decoder returns: a valid state, and what was wrong with the URL in plain-text
 * sentences (each names the parameter and shows the bad value quoted, escaped and
 * truncated; the page shows them as text). `version` is the version the URL was written
 * in (it was migrated when below `URL_STATE_VERSION`).
 */
export interface Decoded<S> {
	state: S;
	problems: string[];
	version: number;
}
