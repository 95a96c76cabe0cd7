import { describe, expect, it } from 'vitest';
import {
	URL_STATE_VERSION,
	decodeFootfall,
	decodeWearables,
	defaultFootfallState,
	defaultWearablesState,
	footfallQuery,
	migrate,
	readVersion
} from '../../../src/lib/url-state';
import { STEPS } from '../../../src/lib/url-state/migrate';

const entries = (p: URLSearchParams) => [...p];

describe('URL versions', () => {
	it('has one migration step per older version', () => {
		expect(URL_STATE_VERSION).toBe(1);
		expect(STEPS).toHaveLength(URL_STATE_VERSION);
	});

	it.each([
		['', 1],
		['v=1', 1],
		['v=1&store=Paris', 1],
		['v=0&store=Paris', 0],
		['store=Paris', 0],
		['resolution=hourly', 0]
	])('reads the version of %j as %i', (query, version) => {
		expect(readVersion(new URLSearchParams(query))).toEqual({ version, problem: null });
	});

	it('leaves a current URL as it is, v first, and does not change its input', () => {
		const input = new URLSearchParams('store=Paris&v=1&res=hourly');
		const m = migrate(input);
		expect(entries(m.params)).toEqual([
			['v', '1'],
			['store', 'Paris'],
			['res', 'hourly']
		]);
		expect(m).toMatchObject({ version: 1, problems: [] });
		expect(input.toString()).toBe('store=Paris&v=1&res=hourly');
	});
});

describe('migration from version 0 (the pre-release form, without v)', () => {
	it('renames and re-encodes every footfall parameter that changed', () => {
		const m = migrate(
			new URLSearchParams(
				'generator=numpy&store=Paris&sensor=total&resolution=hourly&weekdays=Mon,tue,FRI&hourFrom=8&hourTo=17&from=2024-07-02'
			)
		);
		expect(m.version).toBe(0);
		expect(m.problems).toEqual([]);
		expect(entries(m.params)).toEqual([
			['v', '1'],
			['gen', 'numpy'],
			['store', 'Paris'],
			['res', 'hourly'],
			['days', '125'],
			['from', '2024-07-02'],
			['hours', '8-17']
		]);
	});

	it('restores the same view as the current URL of that view', () => {
		const old = decodeFootfall(
			new URLSearchParams(
				'store=Paris&sensor=3&resolution=weekly&weekdays=sat,sun&hourTo=20&generator=numpy'
			)
		);
		const s = defaultFootfallState();
		s.sim.generator = 'numpy';
		s.view = { ...s.view, store: 'Paris', sensor: 3, resolution: 'weekly', weekdays: [6, 7] };
		s.view.hourTo = 20;
		expect(old).toEqual({ state: s, problems: [], version: 0 });
		expect(footfallQuery(old.state)).toBe(
			'v=1&gen=numpy&store=Paris&sensor=3&res=weekly&days=67&hours=0-20'
		);
	});

	it('reads sensor=total as the store total, and weekdays= as no weekday', () => {
		const d = decodeFootfall(new URLSearchParams('store=Berlin&sensor=total&weekdays='));
		expect(d.state.view.sensor).toBeNull();
		expect(d.state.view.weekdays).toEqual([]);
		expect(d.problems).toEqual([]);
	});

	it('migrates the wearables parameters that changed', () => {
		const d = decodeWearables(
			new URLSearchParams('mode=original&selected=device_015/2021-02-02&faultyOnly=true')
		);
		const s = defaultWearablesState();
		s.params.mode = 'original';
		s.selected = { device: 'device_015', day: '2021-02-02' };
		s.filter.faultyOnly = true;
		expect(d).toEqual({ state: s, problems: [], version: 0 });
		expect(decodeWearables(new URLSearchParams('faultyOnly=false')).problems).toEqual([]);
	});

	it('accepts an explicit v=0', () => {
		const d = decodeFootfall(new URLSearchParams('v=0&resolution=monthly'));
		expect(d.version).toBe(0);
		expect(d.state.view.resolution).toBe('monthly');
	});

	it('passes on parameters that did not change, so a hand-written URL without v works', () => {
		const d = decodeFootfall(new URLSearchParams('store=Roma&res=hourly&days=12345'));
		expect(d.problems).toEqual([]);
		expect(d.state.view).toMatchObject({ store: 'Roma', resolution: 'hourly' });
	});

	it.each([
		['weekdays=mon,funday', 'weekdays="mon,funday": not weekday names'],
		['weekdays=1,2', 'weekdays="1,2": not weekday names'],
		['hourFrom=8&hourFrom=9', 'hourFrom="8,9", hourTo="": not hours from 0 to 23'],
		['hourFrom=25', 'hourFrom="25", hourTo="": not hours'],
		['hourTo=%3Cscript%3E', 'hourFrom="", hourTo="\\u003cscript\\u003e": not hours'],
		['selected=device_015', 'selected="device_015": not device/day'],
		['selected=/2021-02-02', 'selected="/2021-02-02": not device/day'],
		['faultyOnly=yes', 'faultyOnly="yes": not true or false']
	])('reports a version-0 value it cannot convert: %s', (query, problem) => {
		const f = decodeFootfall(new URLSearchParams(query));
		const w = decodeWearables(new URLSearchParams(query));
		expect(f.state).toEqual(defaultFootfallState());
		expect(w.state).toEqual(defaultWearablesState());
		expect(f.problems).toHaveLength(1);
		expect(f.problems[0].startsWith(problem)).toBe(true);
	});

	it('lets version 1 judge what it passes on', () => {
		const d = decodeFootfall(new URLSearchParams('resolution=yearly&sensor=totals'));
		expect(d.state).toEqual(defaultFootfallState());
		expect(d.problems).toEqual([
			'sensor="totals": "Madrid" has only sensor 0; using the store total',
			'res="yearly": must be hourly, daily, weekly, monthly; using daily'
		]);
	});
});
