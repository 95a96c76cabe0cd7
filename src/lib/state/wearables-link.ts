/**
 * The wearables page's address, as pure functions between what the rune class holds
 * (the table's `RowSort` over result columns, `RowFilter`, the mode shown beside
 * parameters that always run both modes, the selected loaded device-day) and the URL
 * codec's `WearablesUrlState` (`url-state/wearables.ts`). No Svelte, no DOM: Node tests
 * drive it, and the rune class calls it on every change.
 *
 * Two differences between the page and the codec are bridged here:
 * - **Default order.** The page's default is "faulty first" (no sort, `null`); the
 *   codec's is `device` ascending, which it omits. So the bare address is "faulty first",
 *   and a table sorted by device ascending is written explicitly as `sort=device` (the
 *   codec reads it back as device ascending). Only a valid `sort` given once counts: a
 *   repeated or unknown one is reported by the codec and read as the default order.
 * - **Column names.** The URL names the columns it can sort by (`WEARABLES_SORT_COLUMNS`:
 *   `tempAvg`, `pulse`...); `SORT_URL_NAMES` maps the table's columns to them. A column
 *   the URL has no name for (e.g. `Samples`) sorts the table, but the address keeps the
 *   default order for it.
 */
import type { DetectionMode, DetectionParams } from '../domain/wearables';
import type { WearableColumnName } from '../db/sql/wearables';
import {
	URL_STATE_VERSION,
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

/** The table's columns the URL has a name for, and that name. */
export const SORT_URL_NAMES: Partial<Record<WearableColumnName, WearablesSortColumn>> = {
	device: 'device',
	day: 'day',
	status: 'status',
	flag_count: 'flags',
	temp_volatility_index: 'volatility',
	temp_avg_cents: 'tempAvg',
	temp_max_cents: 'tempMax',
	ppg_min: 'ppgMin',
	ppg_avg: 'ppgAvg',
	ppg_max: 'ppgMax',
	quality_flat_fraction: 'flat',
	quality_clip_fraction: 'clip',
	quality_pulse_share: 'pulse'
};

const COLUMN_OF = new Map<WearablesSortColumn, WearableColumnName>(
	Object.entries(SORT_URL_NAMES).map(([column, name]) => [name, column as WearableColumnName])
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

/** True when the URL can name `column`, so a sort by it survives in a link. */
export function sortInUrl(column: WearableColumnName): boolean {
	return SORT_URL_NAMES[column] !== undefined;
}

/** The query of `link` (no `?`; '' for the default view), one query per view. */
export function linkQuery(link: WearablesLink): string {
	const named = link.sort ? SORT_URL_NAMES[link.sort.column] : undefined;
	const sortColumn = link.sort && named ? named : null;
	const deviceAscending = sortColumn === 'device' && link.sort?.direction === 'ascending';
	const encoded = encodeWearables({
		source: link.source,
		files: link.source === 'files' ? link.files : [],
		params: { ...link.params, mode: link.mode },
		selected: link.selected,
		sort:
			sortColumn && link.sort
				? { column: sortColumn, dir: link.sort.direction === 'descending' ? 'desc' : 'asc' }
				: { column: 'device', dir: 'asc' },
		filter: { text: link.filter.text, faultyOnly: link.filter.faultyOnly },
		compare: link.compare
	});
	if (!deviceAscending) return toQuery(encoded);
	// The codec omits its default, device ascending: write it where the codec puts `sort`.
	const pairs = [...encoded];
	if (pairs.length === 0) pairs.push(['v', String(URL_STATE_VERSION)]);
	const after = pairs.findIndex(([key]) => key === 'q' || key === 'faulty' || key === 'compare');
	pairs.splice(after < 0 ? pairs.length : after, 0, ['sort', 'device']);
	return toQuery(new URLSearchParams(pairs));
}

/**
 * The view in `query` (any version), every value checked: bad ones are their defaults
 * and described in `problems` (plain text). Whether the selected device-day exists is
 * known only once the data is in (`findDay`).
 */
export function readLink(query: URLSearchParams): { link: WearablesLink; problems: string[] } {
	const { state, problems } = decodeWearables(query);
	const sorts = query.getAll('sort');
	const given =
		sorts.length === 1 && COLUMN_OF.has(sorts[0].replace(/^-/, '') as WearablesSortColumn);
	const column = COLUMN_OF.get(state.sort.column) ?? 'device';
	const isDefault = state.sort.column === 'device' && state.sort.dir === 'asc';
	const sort: RowSort | null =
		isDefault && !given
			? null
			: { column, direction: state.sort.dir === 'desc' ? 'descending' : 'ascending' };
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
