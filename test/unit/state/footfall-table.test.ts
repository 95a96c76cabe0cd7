/**
 * The rows table's sort (`state/footfall-table.ts`): every column, both directions,
 * stable among equals, rows without a value last either way, the header clicks and
 * their `aria-sort`.
 */
import { describe, expect, it } from 'vitest';
import {
	SORT_VALUE,
	TABLE_COLUMNS,
	describeSort,
	isTimeOrder,
	nextTableSort,
	sortRows,
	tableAriaSort
} from '../../../src/lib/state/footfall-table';
import type { SeriesPoint } from '../../../src/lib/charts/types';
import { FOOTFALL_SORT_COLUMNS } from '../../../src/lib/url-state/types';

const HOUR = 3_600_000;

function row(i: number, p: Partial<SeriesPoint> = {}): SeriesPoint {
	return {
		t: i * HOUR,
		count: 10,
		avg_count_4days: 10,
		perc_diff: 0,
		failed: 0,
		anomalies: 0,
		status: null,
		imputed_count: null,
		imputed_share: null,
		...p
	};
}

const times = (rows: SeriesPoint[]) => rows.map((r) => r.t / HOUR);

describe('sortRows', () => {
	const rows = [
		row(0, { count: 5, avg_count_4days: null, perc_diff: null, imputed_count: 5 }),
		row(1, { count: 9, avg_count_4days: 8, perc_diff: 12.5, failed: 2, imputed_count: 12 }),
		row(2, { count: 5, avg_count_4days: 4, perc_diff: 25, anomalies: 1, imputed_count: 5 }),
		row(3, { count: 0, avg_count_4days: 6, perc_diff: -100, failed: 1, imputed_count: 7 }),
		row(4, { count: 9, avg_count_4days: 9, perc_diff: 0, imputed_count: null })
	];
	rows[1].imputed_share = 0.25;
	rows[3].imputed_share = 1;
	rows[0].imputed_share = 0;
	rows[2].imputed_share = 0;

	it('keeps time order (a copy) for the default sort and reverses it for time descending', () => {
		const same = sortRows(rows, { sort: 'time', dir: 'asc' });
		expect(same).not.toBe(rows);
		expect(times(same)).toEqual([0, 1, 2, 3, 4]);
		expect(times(sortRows(rows, { sort: 'time', dir: 'desc' }))).toEqual([4, 3, 2, 1, 0]);
	});

	it('sorts by visits both ways, equal counts staying in time order', () => {
		expect(times(sortRows(rows, { sort: 'visits', dir: 'asc' }))).toEqual([3, 0, 2, 1, 4]);
		expect(times(sortRows(rows, { sort: 'visits', dir: 'desc' }))).toEqual([1, 4, 0, 2, 3]);
	});

	it('puts rows without a value last in either direction', () => {
		expect(times(sortRows(rows, { sort: 'baseline', dir: 'asc' }))).toEqual([2, 3, 1, 4, 0]);
		expect(times(sortRows(rows, { sort: 'baseline', dir: 'desc' }))).toEqual([4, 1, 3, 2, 0]);
		expect(times(sortRows(rows, { sort: 'imputed', dir: 'desc' }))).toEqual([1, 3, 0, 2, 4]);
		expect(times(sortRows(rows, { sort: 'imputed', dir: 'asc' }))).toEqual([0, 2, 3, 1, 4]);
		const nan = [row(0, { perc_diff: Number.NaN }), row(1, { perc_diff: -3 })];
		expect(times(sortRows(nan, { sort: 'difference', dir: 'asc' }))).toEqual([1, 0]);
	});

	it('sorts by every other column', () => {
		expect(times(sortRows(rows, { sort: 'share', dir: 'desc' }))).toEqual([3, 1, 0, 2, 4]);
		expect(times(sortRows(rows, { sort: 'difference', dir: 'asc' }))).toEqual([3, 4, 1, 2, 0]);
		expect(times(sortRows(rows, { sort: 'failed', dir: 'desc' }))).toEqual([1, 3, 0, 2, 4]);
		expect(times(sortRows(rows, { sort: 'anomalies', dir: 'desc' }))).toEqual([2, 0, 1, 3, 4]);
	});

	it('is stable and leaves its input alone, on random rows', () => {
		let seed = 7;
		const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		const many = Array.from({ length: 500 }, (_, i) =>
			row(i, {
				count: Math.floor(rand() * 5),
				avg_count_4days: rand() < 0.2 ? null : Math.floor(rand() * 5)
			})
		);
		const before = times(many);
		for (const column of FOOTFALL_SORT_COLUMNS) {
			for (const dir of ['asc', 'desc'] as const) {
				const sorted = sortRows(many, { sort: column, dir });
				expect(sorted).toHaveLength(many.length);
				const value = SORT_VALUE[column];
				for (let i = 1; i < sorted.length; i++) {
					const a = value(sorted[i - 1]);
					const b = value(sorted[i]);
					if (b === null) continue;
					expect(a).not.toBeNull(); // nulls only at the end
					const order = dir === 'asc' ? b - (a as number) : (a as number) - b;
					expect(order).toBeGreaterThanOrEqual(0);
					if (order === 0) expect(sorted[i].t).toBeGreaterThan(sorted[i - 1].t);
				}
			}
		}
		expect(times(many)).toEqual(before);
	});
});

describe('header clicks', () => {
	it('has a header and a value for every column the address names, in table order', () => {
		expect(TABLE_COLUMNS.map((c) => c.id)).toEqual([...FOOTFALL_SORT_COLUMNS]);
		expect(Object.keys(SORT_VALUE).sort()).toEqual([...FOOTFALL_SORT_COLUMNS].sort());
	});

	it('starts a new column at its useful end and reverses the sorted one', () => {
		const time = { sort: 'time', dir: 'asc' } as const;
		expect(nextTableSort(time, 'visits')).toEqual({ sort: 'visits', dir: 'desc' });
		expect(nextTableSort({ sort: 'visits', dir: 'desc' }, 'visits')).toEqual({
			sort: 'visits',
			dir: 'asc'
		});
		expect(nextTableSort(time, 'time')).toEqual({ sort: 'time', dir: 'desc' });
		expect(nextTableSort({ sort: 'failed', dir: 'asc' }, 'time')).toEqual(time);
		expect(isTimeOrder(time)).toBe(true);
		expect(isTimeOrder({ sort: 'time', dir: 'desc' })).toBe(false);
	});

	it('says the sort on the headers and in words', () => {
		const s = { sort: 'share', dir: 'desc' } as const;
		expect(tableAriaSort(s, 'share')).toBe('descending');
		expect(tableAriaSort(s, 'visits')).toBe('none');
		expect(tableAriaSort({ sort: 'time', dir: 'asc' }, 'time')).toBe('ascending');
		expect(describeSort(s)).toBe('share imputed, largest first');
		expect(describeSort({ sort: 'time', dir: 'asc' })).toBe('time, oldest first');
		expect(describeSort({ sort: 'visits', dir: 'asc' })).toBe('visits, smallest first');
	});
});
