/**
 * The wearables page's address as pure functions: every view part round-trips through
 * the query, the bare address is the default view (faulty first), every column the table
 * sorts by has a name in the URL, old links open the view they meant, bad values are
 * reported and defaulted, and a link's device-day is found among the loaded ones.
 */
import { describe, expect, it } from 'vitest';
import { defaultDetectionParams } from '../../../src/lib/domain/wearables';
import { RESULT_COLUMNS } from '../../../src/lib/components/wearables/columns';
import {
	SORT_URL_NAMES,
	URL_SORT_COLUMNS,
	findDay,
	linkQuery,
	readLink,
	type WearablesLink
} from '../../../src/lib/state/wearables-link';
import type { LoadedDay } from '../../../src/lib/state/wearables-rows';
import { WEARABLES_SORT_COLUMNS } from '../../../src/lib/url-state';

const base = (): WearablesLink => ({
	source: 'demo',
	files: [],
	mode: 'wear-aware',
	params: defaultDetectionParams(),
	selected: null,
	sort: null,
	filter: { text: '', faultyOnly: false },
	compare: false
});

const roundTrip = (link: WearablesLink) => {
	const q = linkQuery(link);
	const back = readLink(new URLSearchParams(q));
	expect(back.problems).toEqual([]);
	expect(linkQuery(back.link)).toBe(q);
	return { q, link: back.link };
};

describe('linkQuery and readLink', () => {
	it('write the default view as the bare address and read it back', () => {
		expect(linkQuery(base())).toBe('');
		const { link, problems } = readLink(new URLSearchParams(''));
		expect(problems).toEqual([]);
		expect(link).toEqual(base());
	});

	it('round-trip every part of a view', () => {
		const params = defaultDetectionParams();
		params.temperature.k = 2.5;
		params.quality.railHigh = 4095;
		const link: WearablesLink = {
			source: 'files',
			files: [
				{ name: '2021/02/02/device_015/ppg_green.csv', size: 1234567, sha256: '9f86d081884c7d65' }
			],
			mode: 'original',
			params,
			selected: { device: 'device_015', day: '2021-02-02' },
			sort: { column: 'temp_avg_cents', direction: 'descending' },
			filter: { text: 'device 01', faultyOnly: true },
			compare: true
		};
		const { q, link: back } = roundTrip(link);
		expect(q).toBe(
			'v=1&src=files&files=2021/02/02/device_015/ppg_green.csv~1234567~9f86d081884c7d65' +
				'&mode=original&temperature.k=2.5&quality.railHigh=4095&device=device_015&day=2021-02-02' +
				'&sort=-tempAvg&q=device+01&faulty=1&compare=1'
		);
		expect(back).toEqual({ ...link, params: { ...params, mode: 'wear-aware' } });
	});

	it('write device ascending as sort=device: the bare address means faulty first', () => {
		const link = { ...base(), sort: { column: 'device', direction: 'ascending' } } as const;
		expect(roundTrip(link).q).toBe('v=1&sort=device');
		const withFilter = { ...link, filter: { text: 'x', faultyOnly: false } };
		expect(roundTrip(withFilter).q).toBe('v=1&sort=device&q=x');
		const desc = { ...base(), sort: { column: 'device', direction: 'descending' } } as const;
		expect(roundTrip(desc).q).toBe('v=1&sort=-device');
	});

	it.each([
		['', null],
		['v=1', null],
		['v=1&faulty=1', null],
		['faultyOnly=true', null],
		['v=1&sort=device', { column: 'device', direction: 'ascending' }],
		['sort=device', { column: 'device', direction: 'ascending' }],
		['v=1&sort=-device', { column: 'device', direction: 'descending' }],
		['v=1&sort=flags', { column: 'flag_count', direction: 'ascending' }],
		['v=1&sort=-tempAvg', { column: 'temp_avg_cents', direction: 'descending' }]
	])('open an old link %j in the view it meant', (query, sort) => {
		const { link, problems } = readLink(new URLSearchParams(query));
		expect(problems).toEqual([]);
		expect(link.sort).toEqual(sort);
	});

	it('give every column the table sorts by a name in the URL', () => {
		const sortable = ['device', ...RESULT_COLUMNS.map((c) => c.id)] as const;
		for (const column of sortable) {
			const name = SORT_URL_NAMES.get(column);
			expect(name, column).toBeDefined();
			const sort = { column, direction: 'ascending' } as const;
			expect(roundTrip({ ...base(), sort }).q).toBe(`v=1&sort=${name}`);
		}
		expect(SORT_URL_NAMES.get('temp_samples')).toBe('tempSamples');
		expect(SORT_URL_NAMES.get('reason')).toBe('reason');
	});

	it('keep the default order for a column that is not in the table', () => {
		const link = { ...base(), sort: { column: 'notes', direction: 'ascending' } } as const;
		expect(linkQuery(link)).toBe('');
	});

	it('map every URL sort column to its own table column and back', () => {
		expect(Object.keys(URL_SORT_COLUMNS).sort()).toEqual([...WEARABLES_SORT_COLUMNS].sort());
		expect(new Set(Object.values(URL_SORT_COLUMNS)).size).toBe(WEARABLES_SORT_COLUMNS.length);
		for (const [name, column] of Object.entries(URL_SORT_COLUMNS)) {
			expect(SORT_URL_NAMES.get(column)).toBe(name);
			const sort = { column, direction: 'descending' } as const;
			expect(roundTrip({ ...base(), sort }).q).toBe(`v=1&sort=-${name}`);
		}
	});

	it('report tampered values and use the defaults', () => {
		const { link, problems } = readLink(
			new URLSearchParams('v=1&mode=<script>&sort=nope&temperature.k=-1&faulty=yes&sort=x')
		);
		expect(link).toEqual(base());
		expect(problems.length).toBeGreaterThanOrEqual(3);
		expect(problems.join('\n')).not.toContain('<script>');
		expect(problems.join('\n')).toMatch(/mode/);
	});

	it('read an unknown sort as the default order', () => {
		const { link, problems } = readLink(new URLSearchParams('v=1&sort=nope'));
		expect(link.sort).toBeNull();
		expect(problems).toHaveLength(1);
	});

	it('read a repeated sort as the default order', () => {
		const { link, problems } = readLink(new URLSearchParams('v=1&sort=device&sort=device'));
		expect(link.sort).toBeNull();
		expect(problems.length).toBe(1);
	});
});

describe('findDay', () => {
	const day = (key: string, origin: LoadedDay['origin'], device: string, d: string) =>
		({ key, origin, record: { device, day: d } }) as unknown as LoadedDay;
	const days = [
		day('demo:a', 'demo', 'device_015', '2021-02-04'),
		day('files:b', 'files', 'device_015', '2021-02-04'),
		day('demo:c', 'demo', 'device_007', '2021-02-02')
	];

	it('prefers the device-day of the link’s data source', () => {
		const ref = { device: 'device_015', day: '2021-02-04' };
		expect(findDay(days, ref, 'files')?.key).toBe('files:b');
		expect(findDay(days, ref, 'demo')?.key).toBe('demo:a');
		expect(findDay(days, ref)?.key).toBe('demo:a');
	});

	it('finds nothing for a device-day that is not loaded', () => {
		expect(findDay(days, { device: 'device_007', day: '2021-02-04' })).toBeNull();
	});
});
