/**
 * The footfall rows table's sort: the value each column sorts by, the order of the rows
 * already fetched (stable, nulls last in either direction), the sort after a header
 * click and its `aria-sort`. Pure: the rows are sorted on the page, never re-queried, and
 * the sort itself lives in the address (`sort=` of `url-state/footfall`).
 */
import type { SeriesPoint } from '../charts/types';
import type { FootfallSortColumn, FootfallTableState } from '../url-state/types';

/** What each column of the table sorts by (null: no value, e.g. before the health check). */
export const SORT_VALUE: Record<FootfallSortColumn, (r: SeriesPoint) => number | null> = {
	time: (r) => r.t,
	visits: (r) => r.count,
	imputed: (r) => r.imputed_count,
	share: (r) => r.imputed_share,
	baseline: (r) => r.avg_count_4days,
	difference: (r) => r.perc_diff,
	failed: (r) => r.failed,
	anomalies: (r) => r.anomalies
};

/** The table's columns in table order, with their header text. */
export const TABLE_COLUMNS: readonly { id: FootfallSortColumn; label: string }[] = [
	{ id: 'time', label: 'Time (local)' },
	{ id: 'visits', label: 'Visits' },
	{ id: 'imputed', label: 'Imputed' },
	{ id: 'share', label: 'Share imputed' },
	{ id: 'baseline', label: 'Baseline' },
	{ id: 'difference', label: 'Difference' },
	{ id: 'failed', label: 'Failed' },
	{ id: 'anomalies', label: 'Anomalies' }
];

/** True for the table's own order (time ascending), which needs no sorting. */
export function isTimeOrder(sort: FootfallTableState): boolean {
	return sort.sort === 'time' && sort.dir === 'asc';
}

/**
 * `rows` ordered by `sort`: a new array (the input is not touched). Equal values keep
 * their order (the fetched, time order); rows without a value (null, or NaN) come last,
 * ascending or descending.
 */
export function sortRows(rows: readonly SeriesPoint[], sort: FootfallTableState): SeriesPoint[] {
	if (isTimeOrder(sort)) return rows.slice();
	const value = SORT_VALUE[sort.sort];
	const sign = sort.dir === 'asc' ? 1 : -1;
	const keyed = rows.map((row, i) => {
		const v = value(row);
		return { row, i, v: v === null || Number.isNaN(v) ? null : v };
	});
	keyed.sort((a, b) => {
		if (a.v === null || b.v === null) {
			if (a.v !== b.v) return a.v === null ? 1 : -1;
			return a.i - b.i;
		}
		return sign * (a.v - b.v) || a.i - b.i;
	});
	return keyed.map((k) => k.row);
}

/**
 * The sort after a click on `column`'s header: the same column flips direction; a new
 * column starts with its most useful end first: time ascending (oldest first), any
 * count or share descending (largest first).
 */
export function nextTableSort(
	current: FootfallTableState,
	column: FootfallSortColumn
): FootfallTableState {
	if (current.sort === column) return { sort: column, dir: current.dir === 'asc' ? 'desc' : 'asc' };
	return { sort: column, dir: column === 'time' ? 'asc' : 'desc' };
}

/** `aria-sort` of `column`'s header. */
export function tableAriaSort(
	current: FootfallTableState,
	column: FootfallSortColumn
): 'ascending' | 'descending' | 'none' {
	if (current.sort !== column) return 'none';
	return current.dir === 'asc' ? 'ascending' : 'descending';
}

/** The sort in words, for the table's caption: "visits, largest first". */
export function describeSort(sort: FootfallTableState): string {
	const label = TABLE_COLUMNS.find((c) => c.id === sort.sort)?.label ?? sort.sort;
	if (sort.sort === 'time') return sort.dir === 'asc' ? 'time, oldest first' : 'time, newest first';
	return `${label.toLowerCase()}, ${sort.dir === 'asc' ? 'smallest first' : 'largest first'}`;
}
