/**
 * The wearables page's address as pure functions: every view part round-trips through
 * the query, the bare address is the default view (faulty first), device ascending is
 * written explicitly, columns the URL cannot name keep the default order, bad values are
 * reported and defaulted, and a link's device-day is found among the loaded ones.
 */
import { describe, expect, it } from 'vitest';
import { defaultDetectionParams } from '../../../src/lib/domain/wearables';
import {
	SORT_URL_NAMES,
	findDay,
	linkQuery,
	readLink,
	sortInUrl,
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

	it('write device ascending explicitly, since the bare address means faulty first', () => {
		const link = { ...base(), sort: { column: 'device', direction: 'ascending' } } as const;
		expect(roundTrip(link).q).toBe('v=1&sort=device');
		expect(readLink(new URLSearchParams('v=1&sort=device')).link.sort).toEqual(link.sort);
		const withFilter = { ...link, filter: { text: 'x', faultyOnly: false } };
		expect(roundTrip(withFilter).q).toBe('v=1&sort=device&q=x');
		const desc = { ...base(), sort: { column: 'device', direction: 'descending' } } as const;
		expect(roundTrip(desc).q).toBe('v=1&sort=-device');
	});

	it('keep the default order for a column the URL has no name for', () => {
		expect(sortInUrl('temp_samples')).toBe(false);
		const link = { ...base(), sort: { column: 'temp_samples', direction: 'ascending' } } as const;
		expect(linkQuery(link)).toBe('');
	});

	it('map every URL sort column to a table column and back', () => {
		const names = Object.values(SORT_URL_NAMES);
		expect([...names].sort()).toEqual([...WEARABLES_SORT_COLUMNS].sort());
		for (const [column, name] of Object.entries(SORT_URL_NAMES)) {
			const sort = { column, direction: 'descending' } as WearablesLink['sort'];
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
