/**
 * The wearables page's address, as pure functions between what the rune class holds
 * (the table's `RowSort` over result columns, `RowFilter`, the mode shown beside
 * parameters that always run both modes, the selected loaded device-day) and the URL
 * codec's `WearablesUrlState` (`url-state/wearables.ts`). No Svelte, no DOM: Node tests
 * drive it, and the rune class calls it on every change.
 *
 * The table's default order is "faulty first" (no sort, `null`), and so is the codec's
 * (no `sort` in the URL), so the bare address is the default view. The URL names every
 * column the table sorts by (`WEARABLES_SORT_COLUMNS`: `tempAvg`, `tempSamples`...);
 * `URL_SORT_COLUMNS` maps those names to the table's columns. Only a valid `sort` given
 * once counts: a repeated or unknown one is reported by the codec and read as faulty
 * first.
 */
import type { DetectionMode, DetectionParams } from '../domain/wearables';
import type { WearableColumnName } from '../db/sql/wearables';
import {
	decodeWearables,
	encodeWearables,
	toQuery,
	type DeviceDayRef,
	type FileRef,
	type WearablesSortColumn,
	type WearablesSource
} from '../url-state';
import type { LoadedDay, RowFilter, RowSort } from './wearables-rows';

/**
 * View changes that follow the previous one within this many milliseconds replace its
 * history entry instead of adding one (typing a device filter, stepping a parameter).
 */
export const COALESCE_MS = 300;

/** The table column each URL sort name stands for. */
export const URL_SORT_COLUMNS: Record<WearablesSortColumn, WearableColumnName> = {
	device: 'device',
	day: 'day',
	source: 'source',
	status: 'status',
	reason: 'reason',
	otherMode: 'other_mode_status',
	flags: 'flag_count',
	tempSamples: 'temp_samples',
	tempWorn: 'temp_worn',
	tempSettling: 'temp_settling',
	tempAnalysed: 'temp_analysed',
	tempRuns: 'temp_segments',
	tempBanded: 'temp_banded',
	tempOutside: 'temp_outside',
	volatility: 'temp_volatility_index',
	tempAvg: 'temp_avg_cents',
	tempMax: 'temp_max_cents',
	ppgSamples: 'ppg_samples',
	ppgWorn: 'ppg_worn',
	ppgMin: 'ppg_min',
	ppgAvg: 'ppg_avg',
	ppgMax: 'ppg_max',
	qualityWorn: 'quality_worn',
	flat: 'quality_flat_fraction',
	clip: 'quality_clip_fraction',
	windows: 'quality_windows',
	pulse: 'quality_pulse_share',
	bpm: 'quality_median_bpm'
};

/** The URL's name of each table column it can sort by. */
export const SORT_URL_NAMES: ReadonlyMap<WearableColumnName, WearablesSortColumn> = new Map(
	Object.entries(URL_SORT_COLUMNS).map(([name, column]) => [column, name as WearablesSortColumn])
);

/** Everything of the page that its address holds. */
export interface WearablesLink {
	source: WearablesSource;
	/** The files a `files` view was made from (or asks for); empty for the demo. */
	files: FileRef[];
	/** The mode shown. */
	mode: DetectionMode;
	/** The detection parameters (both modes always run: their `mode` is not used). */
	params: DetectionParams;
	/** The device-day opened on purpose; null for none (the page then opens the first row). */
	selected: DeviceDayRef | null;
	/** Null: the default order, faulty first. */
	sort: RowSort | null;
	filter: RowFilter;
	compare: boolean;
}

/** The query of `link` (no `?`; '' for the default view), one query per view. */
export function linkQuery(link: WearablesLink): string {
	const named = link.sort && SORT_URL_NAMES.get(link.sort.column);
	return toQuery(
		encodeWearables({
			source: link.source,
			files: link.source === 'files' ? link.files : [],
			params: { ...link.params, mode: link.mode },
			selected: link.selected,
			sort:
				link.sort && named
					? { column: named, dir: link.sort.direction === 'descending' ? 'desc' : 'asc' }
					: null,
			filter: { text: link.filter.text, faultyOnly: link.filter.faultyOnly },
			compare: link.compare
		})
	);
}

/**
 * The view in `query` (any version), every value checked: bad ones are their defaults
 * and described in `problems` (plain text). Whether the selected device-day exists is
 * known only once the data is in (`findDay`).
 */
export function readLink(query: URLSearchParams): { link: WearablesLink; problems: string[] } {
	const { state, problems } = decodeWearables(query);
	const sort: RowSort | null = state.sort && {
		column: URL_SORT_COLUMNS[state.sort.column],
		direction: state.sort.dir === 'desc' ? 'descending' : 'ascending'
	};
	return {
		link: {
			source: state.source,
			files: state.files,
			mode: state.params.mode,
			params: { ...state.params, mode: 'wear-aware' },
			selected: state.selected,
			sort,
			filter: { text: state.filter.text, faultyOnly: state.filter.faultyOnly },
			compare: state.compare
		},
		problems
	};
}

/** The device and day of a loaded device-day, as the URL names it. */
export function dayRef(day: Pick<LoadedDay, 'record'>): DeviceDayRef {
	return { device: day.record.device, day: day.record.day };
}

/**
 * The loaded device-day `ref` names: the first of `origin` (the link's data source)
 * when there is one, else the first of any origin; null when none is loaded.
 */
export function findDay(
	days: readonly LoadedDay[],
	ref: DeviceDayRef,
	origin?: LoadedDay['origin']
): LoadedDay | null {
	const all = days.filter((d) => d.record.device === ref.device && d.record.day === ref.day);
	return all.find((d) => d.origin === origin) ?? all[0] ?? null;
}
