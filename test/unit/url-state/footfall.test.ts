import { describe, expect, it } from 'vitest';
import { clientStores, defaultSimulation } from '../../../src/lib/domain/footfall';
import { defaultRich, validateSimulation } from '../../../src/lib/simulation/footfall';
import { extentOf, normalizeView } from '../../../src/lib/state/view';
import {
	FOOTFALL_ALERT_KINDS,
	FOOTFALL_KEYS,
	checkFilesView,
	decodeFootfall,
	defaultFilesView,
	defaultFootfallState,
	encodeFootfall,
	footfallQuery,
	footfallUrlLength,
	type FootfallUrlState
} from '../../../src/lib/url-state';
import { expectSafe } from './safe';
import { Rng, footfallState, text } from './random';

const RUNS = 400;

const isDay = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d));

function decodeQuery(query: string) {
	return decodeFootfall(new URLSearchParams(query));
}

describe('footfall URL: defaults', () => {
	it('encodes the default state to an empty query', () => {
		expect(footfallQuery(defaultFootfallState())).toBe('');
		expect([...encodeFootfall(defaultFootfallState())]).toEqual([]);
	});

	it('decodes an empty query to the default state without problems', () => {
		const d = decodeQuery('');
		expect(d.state).toEqual(defaultFootfallState());
		expect(d.problems).toEqual([]);
		expect(d.version).toBe(1);
	});

	it('decodes a bare v=1 to the default state', () => {
		expect(decodeQuery('v=1')).toEqual({ state: defaultFootfallState(), problems: [], version: 1 });
	});

	it('omits a view equal to the default of a custom simulation (whole range, first store)', () => {
		const s = defaultFootfallState();
		s.sim.start = '2023-01-01';
		s.sim.end = '2023-12-31';
		s.sim.stores = s.sim.stores.slice(2);
		s.view = { ...s.view, store: 'Berlin', from: '2023-01-01', to: '2023-12-31' };
		expect(footfallQuery(s)).toBe(
			'v=1&start=2023-01-01&end=2023-12-31&stores=Berlin~6~2022-01-01~3000~450~0.003~0.03*Roma~4~2019-01-01~6000~900~0.006~0.06*London~8~2014-01-01~11000~1650~0.011~0.11'
		);
	});

	it('honours other defaults passed by the caller', () => {
		const defaults = { ...defaultSimulation(), generator: 'numpy' as const };
		const s = defaultFootfallState(defaults);
		expect(footfallQuery(s, defaults)).toBe('');
		expect(footfallQuery(s)).toBe('v=1&gen=numpy');
		expect(decodeFootfall(new URLSearchParams(''), defaults).state).toEqual(s);
	});
});

describe('footfall URL: examples', () => {
	it('writes a sensor view readably', () => {
		const s = defaultFootfallState();
		s.view = {
			store: 'Paris',
			sensor: 12,
			resolution: 'hourly',
			weekdays: [1, 2, 3, 4, 5],
			from: '2024-07-08',
			to: '2024-07-14',
			hourFrom: 8,
			hourTo: 17
		};
		s.table = { sort: 'visits', dir: 'desc' };
		s.chart = { baseline: false, imputed: true, markers: true };
		const q = footfallQuery(s);
		expect(q).toBe(
			'v=1&store=Paris&sensor=12&res=hourly&days=12345&from=2024-07-08&to=2024-07-14&hours=8-17&sort=-visits&hide=baseline'
		);
		expect(decodeQuery(q)).toEqual({ state: s, problems: [], version: 1 });
	});

	it('writes the imputed and share columns and the imputed layer, and reads them back', () => {
		const s = defaultFootfallState();
		for (const [sort, dir, text] of [
			['imputed', 'desc', '-imputed'],
			['share', 'asc', 'share']
		] as const) {
			s.table = { sort, dir };
			s.chart = { baseline: true, imputed: false, markers: true };
			const q = footfallQuery(s);
			expect(q).toBe(`v=1&sort=${text}&hide=imputed`);
			expect(decodeQuery(q)).toEqual({ state: s, problems: [], version: 1 });
		}
		s.chart = { baseline: false, imputed: false, markers: false };
		expect(footfallQuery(s)).toBe('v=1&sort=share&hide=baseline,imputed,markers');
	});

	it('reads links written before imputed and share existed as they were written', () => {
		const d = decodeQuery('v=1&sort=-baseline&hide=baseline,markers');
		expect(d.problems).toEqual([]);
		expect(d.state.table).toEqual({ sort: 'baseline', dir: 'desc' });
		expect(d.state.chart).toEqual({ baseline: false, imputed: true, markers: false });
		// Any order of the layers reads, and writes back in the canonical one.
		const e = decodeQuery('v=1&hide=markers,imputed');
		expect(e.problems).toEqual([]);
		expect(footfallQuery(e.state)).toBe('v=1&hide=imputed,markers');
	});

	it('escapes the separators inside store names, and reads them back', () => {
		const s = defaultFootfallState();
		s.sim.stores = [{ ...clientStores()[0], name: 'A~B*C%7E 100%' }];
		s.view.store = 'A~B*C%7E 100%';
		const q = footfallQuery(s);
		expect(q).toContain('stores=A%257EB%252AC%25257E+100%2525~1~2024-01-01~1000');
		expect(decodeQuery(q)).toEqual({ state: s, problems: [], version: 1 });
	});

	it('writes the hour of an opening when it is not midnight, and an empty weekday set', () => {
		const s = defaultFootfallState();
		s.sim.stores = [{ ...clientStores()[1], opened: '2018-03-04T09:30' }];
		s.view = { ...s.view, store: 'Paris', weekdays: [], hourFrom: 22, hourTo: 5 };
		const q = footfallQuery(s);
		expect(q).toContain('~2018-03-04T09:30~');
		expect(q).toContain('days=none');
		expect(q).toContain('hours=22-5');
		expect(decodeQuery(q).state).toEqual(s);
	});

	it('ends the query with a letter or digit', () => {
		const s = defaultFootfallState();
		s.sim.seed = 'ends with a dot.';
		const q = footfallQuery(s);
		expect(q).toBe('v=1&seed=ends+with+a+dot%2E');
		expect(decodeQuery(q).state.sim.seed).toBe('ends with a dot.');
	});
});

describe('footfall URL: round trips over random valid states', () => {
	it(`decodes what it encodes, exactly and without problems (${RUNS} states)`, () => {
		const rng = new Rng('footfall-round-trip');
		for (let i = 0; i < RUNS; i++) {
			const state = footfallState(rng);
			expect(() => validateSimulation(state.sim)).not.toThrow();
			const query = footfallQuery(state);
			const back = decodeQuery(query);
			expect(back.problems, query).toEqual([]);
			expect(back.state, query).toEqual(state);
			// The standard serialisation reads back the same.
			expect(decodeFootfall(new URLSearchParams(encodeFootfall(state).toString())).state).toEqual(
				state
			);
			// Canonical: encoding the decoded state gives the same text.
			expect(footfallQuery(back.state)).toBe(query);
		}
	});

	it('writes only known parameters, each once, v first', () => {
		const rng = new Rng('footfall-keys');
		const known = new Set<string>(['v', ...FOOTFALL_KEYS]);
		for (let i = 0; i < 100; i++) {
			const keys = [...encodeFootfall(footfallState(rng)).keys()];
			if (keys.length === 0) continue;
			expect(keys[0]).toBe('v');
			expect(new Set(keys).size).toBe(keys.length);
			for (const k of keys) expect(known.has(k)).toBe(true);
		}
	});
});

describe('footfall URL: length', () => {
	it('keeps a 5-store custom simulation with a non-default view under 2,000 characters', () => {
		const s: FootfallUrlState = {
			source: 'sim',
			files: [],
			trend: 'weekly',
			sim: {
				generator: 'numpy',
				seed: 'quarterly review 2025, scenario B',
				start: '2023-10-01',
				end: '2025-03-31',
				stores: [
					['Madrid Gran Vía', 12, '2019-03-15T09:30', 1234.5, 187.25, 0.0015, 0.0125],
					['Paris Saint-Lazare', 24, '2016-06-01T10:00', 8123.75, 1218.5, 0.0065, 0.065],
					['Berlin Alexanderplatz', 9, '2021-11-20T08:00', 3333.33, 499.99, 0.0031, 0.031],
					['Roma Termini', 6, '2018-09-09T09:09', 6020.125, 903.0187, 0.0061, 0.0609],
					['London Oxford Street', 16, '2013-04-22T07:45', 11050.5, 1657.57, 0.0111, 0.1111]
				].map(([name, sensors, opened, avg, std, pFail, pAnom]) => ({
					name: name as string,
					sensors: sensors as number,
					opened: opened as string,
					avg: avg as number,
					std: std as number,
					pFail: pFail as number,
					pAnom: pAnom as number
				}))
			},
			view: {
				store: 'Berlin Alexanderplatz',
				sensor: 7,
				resolution: 'hourly',
				weekdays: [1, 3, 5, 7],
				from: '2024-02-01',
				to: '2024-11-30',
				hourFrom: 22,
				hourTo: 6
			},
			table: { sort: 'difference', dir: 'desc' },
			chart: { baseline: false, imputed: true, markers: false },
			alerts: { kind: 'sensor-down', store: 'Paris Saint-Lazare' }
		};
		const length = footfallUrlLength(s);
		const url = `https://example.github.io/sensors-and-more/?${footfallQuery(s)}`;
		console.log(`5-store custom simulation: query ${length} characters, URL ${url.length}`);
		expect(length).toBe(footfallQuery(s).length);
		expect(url.length).toBeLessThan(2000);
		expect(length).toBeLessThan(650);
		expect(decodeQuery(footfallQuery(s))).toEqual({ state: s, problems: [], version: 1 });
	});

	it('keeps it under 2,000 characters with the rich model and every rich parameter changed', () => {
		const s = customFiveStores();
		const length = footfallUrlLength(s);
		const url = `https://example.github.io/sensors-and-more/?${footfallQuery(s)}`;
		console.log(`5-store rich simulation: query ${length} characters, URL ${url.length}`);
		expect(footfallQuery(s)).toContain('&model=rich&');
		expect(url.length).toBeLessThan(2000);
		expect(length).toBeLessThan(850);
		expect(decodeQuery(footfallQuery(s))).toEqual({ state: s, problems: [], version: 1 });
	});
});

/** Five custom stores on the rich model, each with all six rich parameters its own. */
function customFiveStores(): FootfallUrlState {
	const s = defaultFootfallState();
	s.sim = {
		generator: 'seeded',
		model: 'rich',
		seed: 'quarterly review 2025, scenario B',
		start: '2023-10-01',
		end: '2025-03-31',
		stores: [
			['Madrid Gran Vía', 12, '2019-03-15T09:30', 1234.5, 187.25, 0.0015, 0.0125],
			['Paris Saint-Lazare', 24, '2016-06-01T10:00', 8123.75, 1218.5, 0.0065, 0.065],
			['Berlin Alexanderplatz', 9, '2021-11-20T08:00', 3333.33, 499.99, 0.0031, 0.031],
			['Roma Termini', 6, '2018-09-09T09:09', 6020.125, 903.0187, 0.0061, 0.0609],
			['London Oxford Street', 16, '2013-04-22T07:45', 11050.5, 1657.57, 0.0111, 0.1111]
		].map(([name, sensors, opened, avg, std, pFail, pAnom], i) => ({
			name: name as string,
			sensors: sensors as number,
			opened: opened as string,
			avg: avg as number,
			std: std as number,
			pFail: pFail as number,
			pAnom: pAnom as number,
			rich: {
				trend: -0.025 + i * 0.0125,
				season: 0.125 + i * 0.05,
				ageFail: 0.0015 + i * 0.00025,
				lifeYears: 4.5 + i,
				outagesPerYear: 1.5 + i,
				outageHours: 36 + 12 * i
			}
		}))
	};
	s.view = {
		store: 'Berlin Alexanderplatz',
		sensor: 7,
		resolution: 'hourly',
		weekdays: [1, 3, 5, 7],
		from: '2024-02-01',
		to: '2024-11-30',
		hourFrom: 22,
		hourTo: 6
	};
	s.table = { sort: 'difference', dir: 'desc' };
	s.chart = { baseline: false, imputed: true, markers: false };
	s.trend = 'monthly';
	s.alerts = { kind: 'abnormal-day', store: 'Roma Termini' };
	return s;
}

describe('footfall URL: model, rich parameters, source, files, trends', () => {
	it('writes the rich model and only the rich fields that differ, aligned with the stores', () => {
		const s = defaultFootfallState();
		s.sim.model = 'rich';
		expect(footfallQuery(s)).toBe('v=1&model=rich');
		s.sim.stores[1].rich = { ...defaultRich(s.sim.stores[1]), trend: -0.02, outageHours: 48 };
		s.sim.stores[3].rich = { ...defaultRich(s.sim.stores[3]), season: 0.3 };
		const q = footfallQuery(s);
		expect(q).toBe('v=1&model=rich&rich=*-0.02~~~~~48**~0.3');
		expect(decodeQuery(q)).toEqual({ state: s, problems: [], version: 1 });
	});

	it('reads empty and missing rich fields and records as the defaults', () => {
		const d = decodeQuery('v=1&model=rich&rich=0.1~~0.004*~~~~~*');
		expect(d.problems).toEqual([]);
		const [madrid, paris, berlin] = d.state.sim.stores;
		expect(madrid.rich).toEqual({ ...defaultRich(madrid), trend: 0.1, ageFail: 0.004 });
		expect(paris.rich).toBeUndefined();
		expect(berlin.rich).toBeUndefined();
		expect(footfallQuery(d.state)).toBe('v=1&model=rich&rich=0.1~~0.004');
	});

	it('keeps rich parameters equal to the defaults out of the URL and the state', () => {
		const s = defaultFootfallState();
		s.sim.model = 'rich';
		s.sim.stores[0].rich = defaultRich(s.sim.stores[0]);
		expect(footfallQuery(s)).toBe('v=1&model=rich');
		expect(decodeQuery('v=1&model=rich&rich=0.03~0.15~0.002~5~2~30').state.sim.stores[0].rich).toBe(
			undefined
		);
	});

	it('leaves rich parameters out with the original model, and ignores them in a URL', () => {
		const s = defaultFootfallState();
		s.sim.stores[0].rich = { ...defaultRich(s.sim.stores[0]), trend: 0.2 };
		expect(footfallQuery(s)).toBe('');
		const d = decodeQuery('v=1&rich=0.2');
		expect(d.state).toEqual(D);
		expect(d.problems).toEqual([
			'rich: the original model has no rich parameters (they go with model=rich); ignored'
		]);
	});

	it('refuses the rich model with the numpy generator', () => {
		const d = decodeQuery('v=1&gen=numpy&model=rich&rich=0.2');
		expect(d.state.sim.generator).toBe('numpy');
		expect(d.state.sim.model).toBeUndefined();
		expect(d.problems[0]).toBe(
			'model="rich": needs gen=seeded (numpy is the original model only); using the original model'
		);
	});

	it('writes dropped counter files with src=files, and a monthly trends panel', () => {
		const s = defaultFootfallState();
		s.source = 'files';
		s.view = defaultFilesView();
		s.files = [
			{ name: 'counts/bridge~north.csv', size: 123456, sha256: '9f86d081884c7d65' },
			{ name: 'dat.csv', size: 0, sha256: 'e3b0c442' }
		];
		s.trend = 'monthly';
		const q = footfallQuery(s);
		expect(q).toBe(
			'v=1&src=files&files=counts/bridge%257Enorth.csv~123456~9f86d081884c7d65*dat.csv~0~e3b0c442&trend=monthly'
		);
		expect(decodeQuery(q)).toEqual({ state: s, problems: [], version: 1 });
		s.files = [];
		expect(footfallQuery(s)).toBe('v=1&src=files&trend=monthly');
	});

	it('ignores files without src=files', () => {
		const d = decodeQuery('v=1&files=a.csv~1~9f86d081');
		expect(d.state).toEqual(D);
		expect(d.problems).toEqual([
			'files: a simulation has no files (files go with src=files); ignored'
		]);
	});

	it.each([
		['rich=x', 'rich: record 1 ("Madrid") trend "x": must be from -0.5 to 0.5'],
		['rich=~1', 'rich: record 1 ("Madrid") season "1": must be from 0 to 0.9'],
		['rich=~~-1', 'rich: record 1 ("Madrid") ageFail "-1": must be from 0 to 1'],
		['rich=~~~0.1', 'rich: record 1 ("Madrid") lifeYears "0.1": must be from 0.25 to 100'],
		['rich=~~~~101', 'rich: record 1 ("Madrid") outagesPerYear "101": must be from 0 to 100'],
		['rich=~~~~~0.5', 'rich: record 1 ("Madrid") outageHours "0.5": must be from 1 to 240'],
		['rich=~~~~~NaN', 'rich: record 1 ("Madrid") outageHours "NaN": must be from 1 to 240'],
		['rich=1~2~3~4~5~6~7', 'rich: record 1 ("Madrid") has 7 fields, more than 6'],
		['rich=******', 'rich: lists 7 records, more than the 5 stores'],
		['rich=%3Cscript%3E', 'rich: record 1 ("Madrid") trend "\\u003cscript\\u003e"']
	])('refuses %s with model=rich, using the defaults', (param, message) => {
		const d = decodeQuery(`v=1&model=rich&${param}`);
		expect(d.state.sim).toEqual({ ...D.sim, model: 'rich' });
		expect(d.problems).toHaveLength(1);
		expect(d.problems[0].startsWith(message)).toBe(true);
		expect(d.problems[0]).toMatch(/; using the default rich parameters$/);
		expectSafe(d.problems);
	});

	it('drops the days when a strong trend over them makes the counts too big', () => {
		const d = decodeQuery(
			'v=1&model=rich&start=2000-01-01&end=2029-12-31&stores=A~1~2020-01-01~1000~150~0~0&rich=0.5'
		);
		expect(d.state.sim.start).toBe(D.sim.start);
		expect(d.state.sim.stores[0].rich?.trend).toBe(0.5);
		expect(d.problems[0]).toMatch(/^simulation: Invalid simulation: stores\[0\]\.rich\.trend /);
	});
});

const D = defaultFootfallState();

/** Each parameter with values that must be refused, alone in an otherwise default URL. */
const INVALID: [string, string[]][] = [
	['gen', ['', 'NumPy', 'mt19937', '<script>alert(1)</script>', 'x'.repeat(5000), 'seeded,numpy']],
	['seed', ['x'.repeat(101), 'a\u0000b', 'line\nbreak', '\u0085']],
	[
		'start',
		[
			'',
			'2024-02-30',
			'2024-7-1',
			'2024-07-01T00:00',
			'20240701',
			'NaN',
			'<img src=x onerror=alert(1)>',
			'0999-01-01',
			'2024-09-01', // after the default end
			'-2024-01-01'
		]
	],
	['end', ['', '2024-13-01', '2024-06-30', '9999-12-31', 'Infinity', '2024/08/07']],
	[
		'stores',
		[
			'',
			'Madrid',
			'A~1~2024-01-01~1~1~0~0*A~1~2024-01-01~1~1~0~0',
			'~1~2024-01-01~1~1~0~0',
			'A~0~2024-01-01~1~1~0~0',
			'A~65536~2024-01-01~1~1~0~0',
			'A~1.5~2024-01-01~1~1~0~0',
			'A~-1~2024-01-01~1~1~0~0',
			'A~1e1~2024-01-01~1~1~0~0',
			'A~1~2024-13-01~1~1~0~0',
			'A~1~2024-01-01T24:00~1~1~0~0',
			'A~1~2024-01-01 08:00~1~1~0~0',
			'A~1~2024-01-01~NaN~1~0~0',
			'A~1~2024-01-01~1e8~1~0~0',
			'A~1~2024-01-01~0x10~1~0~0',
			'A~1~2024-01-01~1~-1~0~0',
			'A~1~2024-01-01~1~1~1.5~0',
			'A~1~2024-01-01~1~1~0~Infinity',
			'A~1~2024-01-01~1~1~0~',
			'A%ZZ~1~2024-01-01~1~1~0~0',
			'A%~1~2024-01-01~1~1~0~0',
			'A,1,2024-01-01,1,1,0,0',
			'A;1;2024-01-01;1;1;0;0',
			'A~1~2024-01-01~1~1~0~0~extra',
			'A~1~2024-01-01~1~1~0~0*',
			'\u0007bell~1~2024-01-01~1~1~0~0',
			`${'n'.repeat(101)}~1~2024-01-01~1~1~0~0`,
			Array.from({ length: 256 }, (_, i) => `S${i}~1~2024-01-01~1~1~0~0`).join('*'),
			'x'.repeat(70_000),
			// Valid field by field, too many readings with any days: the default stores.
			'Huge~65535~2024-01-01~1~1~0~0'
		]
	],
	['store', ['Lisbon', '', 'paris', '<script>alert(1)</script>', 'x'.repeat(10_000)]],
	['sensor', ['-1', '1', 'NaN', '0x0', '0.0', ' 0', '99999999', 'total', '', '1e0']],
	['res', ['Hourly', 'yearly', '', 'h', 'daily,hourly']],
	['days', ['', '0', '8', '21', '11', '1,2,3', '1-5', 'mon', '12345678', 'NONE', '1 2']],
	['from', ['2024-06-30', '2024-08-08', '2024-02-30', 'today', '', '2024-07-01T00:00']],
	['to', ['2024-06-30', '2024-08-08', '2024-04-31', '']],
	['hours', ['8', '8-', '-8', '24-1', '8-24', '8:17', '008-17', 'a-b', '8-17-20', '', '-1-5']],
	[
		'sort',
		['', 'price', '--visits', '+visits', 'Visits', 'visits-', '-', 'Share', 'imputed_count']
	],
	[
		'hide',
		[
			'',
			'baseline,baseline',
			'axis',
			'baseline;markers',
			',',
			'baseline,',
			'imputed,imputed',
			'Imputed'
		]
	],
	['model', ['', 'Rich', 'fancy', 'rich,original', '<b>rich</b>']],
	['src', ['', 'sims', 'file', 'demo', 'files,sim']],
	['files', ['a.csv~1~9f86d081', '', 'a.csv~x~9f86d081', 'a.csv~1~XYZ', 'a.csv~1']],
	['trend', ['', 'yearly', 'Monthly', 'weekly,monthly']],
	[
		'alertKind',
		[
			'',
			'down',
			'Sensor-down',
			'sensor-down,abnormal-day',
			'sensor_down',
			'<script>',
			'x'.repeat(500)
		]
	],
	['alertStore', ['Lisbon', '', 'paris', 'Paris ', '<b>Paris</b>', 'x'.repeat(500)]]
];

describe('footfall URL: every invalid value decodes to its default, with a problem', () => {
	for (const [param, values] of INVALID) {
		it.each(values.map((v) => [v.length > 60 ? `${v.slice(0, 60)}… (${v.length})` : v, v]))(
			`${param}=%s`,
			(_label, value) => {
				const d = decodeFootfall(
					new URLSearchParams([
						['v', '1'],
						[param, value]
					])
				);
				expect(d.state).toEqual(D);
				expect(d.problems.length).toBeGreaterThan(0);
				expect(d.problems.join('\n')).toMatch(new RegExp(`\\b${param}\\b|simulation`));
				expectSafe(d.problems);
			}
		);
	}

	it('shows a long bad value truncated, with its length', () => {
		const d = decodeQuery(`v=1&store=${'x'.repeat(10_000)}`);
		expect(d.problems[0]).toContain(`"${'x'.repeat(40)}…" (10000 characters)`);
	});

	it('writes the characters of HTML in a bad value as \\u escapes', () => {
		const d = decodeQuery(`v=1&res=${encodeURIComponent('<img src=x onerror="alert(1)">&amp;')}`);
		expect(d.problems).toEqual([
			'res="\\u003cimg src=x onerror=\\u0022alert(1)\\u0022\\u003e\\u0026amp;": must be hourly, daily, weekly, monthly; using daily'
		]);
	});

	it('refuses a parameter given twice', () => {
		for (const q of ['store=Paris&store=Paris', 'res=hourly&res=daily', 'days=1&days=1']) {
			const d = decodeQuery(`v=1&${q}`);
			expect(d.state).toEqual(D);
			expect(d.problems[0]).toMatch(/is given 2 times; using/);
		}
	});

	it('puts from and to back when from is after to', () => {
		const d = decodeQuery('v=1&from=2024-07-20&to=2024-07-10');
		expect(d.state).toEqual(D);
		expect(d.problems).toEqual([
			'from="2024-07-20", to="2024-07-10": from is after to; using 2024-07-01 to 2024-08-07'
		]);
	});

	it('checks the sensor against the store chosen, and the store against the stores given', () => {
		expect(decodeQuery('v=1&store=Paris&sensor=19').problems).toEqual([]);
		expect(decodeQuery('v=1&store=Paris&sensor=20').problems).toEqual([
			'sensor="20": "Paris" has sensors 0 to 19; using the store total'
		]);
		const d = decodeQuery('v=1&stores=Lisboa~3~2020-01-01~10~1~0~0&store=Paris&sensor=2');
		expect(d.state.view.store).toBe('Lisboa');
		expect(d.state.view.sensor).toBe(2);
		expect(d.problems).toEqual([
			'store="Paris": is not a store of this simulation; using the first store, "Lisboa"'
		]);
	});

	it('keeps the valid parts of a URL when one part is bad', () => {
		const d = decodeQuery('v=1&store=Paris&sensor=5&res=yearly&days=135&hours=9-18');
		expect(d.state.view).toEqual({
			...D.view,
			store: 'Paris',
			sensor: 5,
			weekdays: [1, 3, 5],
			hourFrom: 9,
			hourTo: 18
		});
		expect(d.problems).toHaveLength(1);
	});

	it('drops the days before the stores when a simulation is too big as a whole', () => {
		const d = decodeQuery('v=1&start=2000-01-01&end=2024-12-31&stores=Big~400~2020-01-01~1~1~0~0');
		expect(d.state.sim.start).toBe(D.sim.start);
		expect(d.state.sim.stores[0].name).toBe('Big');
		expect(d.problems[0]).toMatch(/^simulation: Invalid simulation: stores and dates must give/);
		expect(d.problems[0]).toMatch(/using the default days, 2024-07-01 to 2024-08-07$/);
	});

	it('ignores unknown parameters with a note, once each', () => {
		const d = decodeQuery('v=1&utm_source=x&utm_source=y&__proto__=1&constructor=2&store=Paris');
		expect(d.state.view.store).toBe('Paris');
		expect(d.problems).toEqual([
			'unknown parameter "utm_source" ignored',
			'unknown parameter "__proto__" ignored',
			'unknown parameter "constructor" ignored'
		]);
	});

	it('lists at most 20 problems and counts the rest', () => {
		const q = Array.from({ length: 50 }, (_, i) => `junk${i}=1`).join('&');
		const d = decodeQuery(`v=1&${q}`);
		expect(d.problems).toHaveLength(21);
		expect(d.problems[20]).toBe('… and 30 more problems with this address');
	});

	it('reads a version it does not know as the current one, with a problem', () => {
		for (const v of ['abc', '2', '-1', '1.0', '', '<b>']) {
			const d = decodeQuery(`v=${encodeURIComponent(v)}&store=Paris`);
			expect(d.state.view.store).toBe('Paris');
			expect(d.problems).toHaveLength(1);
			expect(d.problems[0]).toMatch(/^v=.*reading it as version 1/);
			expectSafe(d.problems);
		}
		expect(decodeQuery('v=1&v=1').problems).toEqual([
			'v is given 2 times; reading it as version 1'
		]);
	});
});

describe('footfall URL: fuzz', () => {
	const junk = [
		'',
		'-1',
		'0',
		'1',
		'23',
		'99999',
		'NaN',
		'1e308',
		'<script>',
		'%',
		'~',
		'*',
		'Paris',
		'hourly',
		'2024-07-04',
		'2024-02-30',
		'8-17',
		'none',
		'baseline',
		'-visits',
		'A~1~2024-01-01~1~1~0~0',
		'Paris~3~2024-01-01T10:00~5~1~0.5~0.5*B~2~2020-01-01~0~0~0~0',
		'rich',
		'original',
		'files',
		'sim',
		'monthly',
		'0.5~0.9~1~0.25~100~240',
		'sensor-down',
		'abnormal-day',
		'-0.5*~0.3**0.1',
		'a.csv~1~9f86d081'
	];

	it('never throws and always returns a valid state, whatever the parameters', () => {
		const rng = new Rng('footfall-fuzz');
		const keys = ['v', ...FOOTFALL_KEYS, 'resolution', 'weekdays', 'hourFrom', 'x'];
		for (let i = 0; i < 800; i++) {
			const pairs: [string, string][] = [];
			for (let j = rng.int(0, 10); j > 0; j--) {
				pairs.push([rng.pick(keys), rng.bool(0.8) ? rng.pick(junk) : text(rng, 0, 30)]);
			}
			const d = decodeFootfall(new URLSearchParams(pairs));
			const { sim, view, alerts } = d.state;
			expect(() => validateSimulation(sim)).not.toThrow();
			if (d.state.source === 'sim') {
				expect(normalizeView(view, extentOf(sim))).toEqual(view);
				if (alerts.store !== null) expect(sim.stores.map((s) => s.name)).toContain(alerts.store);
			} else {
				// A view of files: its form only; '' for what the files decide.
				for (const day of [view.from, view.to]) expect(day === '' || isDay(day)).toBe(true);
				if (view.from !== '' && view.to !== '') expect(view.from <= view.to).toBe(true);
			}
			if (alerts.kind !== null) expect(FOOTFALL_ALERT_KINDS).toContain(alerts.kind);
			expect(new Set(sim.stores.map((s) => s.name)).size).toBe(sim.stores.length);
			expectSafe(d.problems);
			// What was decoded is written and read back unchanged.
			expect(decodeQuery(footfallQuery(d.state)).state).toEqual(d.state);
		}
	});
});

describe('footfall URL: the alerts panel filter', () => {
	it('writes the kind and the store readably, and reads them back', () => {
		const s = defaultFootfallState();
		s.alerts = { kind: 'sensor-down', store: 'Paris' };
		const q = footfallQuery(s);
		expect(q).toBe('v=1&alertKind=sensor-down&alertStore=Paris');
		expect(decodeQuery(q)).toEqual({ state: s, problems: [], version: 1 });
		s.alerts = { kind: null, store: 'Berlin' };
		expect(footfallQuery(s)).toBe('v=1&alertStore=Berlin');
		s.alerts = { kind: 'trend-deviation', store: null };
		expect(footfallQuery(s)).toBe('v=1&alertKind=trend-deviation');
	});

	it('checks the store against the simulation in the link, not the demo', () => {
		const q = 'v=1&stores=Lisboa~3~2020-01-01~10~1~0~0&alertStore=Lisboa';
		expect(decodeQuery(q).state.alerts).toEqual({ kind: null, store: 'Lisboa' });
		expect(decodeQuery(`${q}&alertStore=Paris`).problems).toEqual([
			'alertStore is given 2 times; using the alerts of every store'
		]);
		expect(
			decodeQuery('v=1&stores=Lisboa~3~2020-01-01~10~1~0~0&alertStore=Paris').problems
		).toEqual([
			'alertStore="Paris": is not a store of this simulation; using the alerts of every store'
		]);
	});

	it('names every kind of alert the alerts model has', async () => {
		const { ALERT_KINDS } = await import('../../../src/lib/alerts');
		expect([...FOOTFALL_ALERT_KINDS]).toEqual([...ALERT_KINDS]);
	});
});

describe('footfall URL: a view of dropped files', () => {
	const files = 'v=1&src=files&files=counts.csv~120~9f86d081';

	it('is checked for its form only: the stores and days of the files, not of the demo', () => {
		const q = `${files}&store=Door&sensor=1&res=hourly&from=2020-03-02&to=2020-03-03&alertStore=Gate`;
		const d = decodeQuery(q);
		expect(d.problems).toEqual([]);
		expect(d.state.view).toEqual({
			...defaultFilesView(),
			store: 'Door',
			sensor: 1,
			resolution: 'hourly',
			from: '2020-03-02',
			to: '2020-03-03'
		});
		expect(d.state.alerts.store).toBe('Gate');
		// Canonical: written back as it came.
		expect(footfallQuery(d.state)).toBe(q);
	});

	it("leaves out the files' first store and days ('' in the state)", () => {
		const d = decodeQuery(`${files}&res=weekly`);
		expect(d.problems).toEqual([]);
		expect(d.state.view).toEqual({ ...defaultFilesView(), resolution: 'weekly' });
		expect(d.state.view.store).toBe('');
		// The demo's first store is no default for files: it is written.
		const s = { ...d.state, view: { ...d.state.view, store: 'Madrid' } };
		expect(footfallQuery(s)).toBe(`${files}&store=Madrid&res=weekly`);
	});

	it.each([
		['store=', 'store="": must not be empty; using the files\' first store'],
		['store=a%07b', 'store="a\\u0007b": must not contain control characters'],
		[`store=${'x'.repeat(101)}`, 'must be at most 100 characters'],
		['sensor=-1', 'sensor="-1": must be a whole number from 0 to 65534; using the store total'],
		['sensor=65535', 'sensor="65535": must be a whole number from 0 to 65534'],
		[
			'from=2024-02-30',
			'from="2024-02-30": must be a real day YYYY-MM-DD; using the files\' first day'
		],
		['to=today', 'to="today": must be a real day YYYY-MM-DD; using the files\' last day'],
		[
			'from=2024-03-05&to=2024-03-01',
			'from="2024-03-05", to="2024-03-01": from is after to; using every day of the files'
		],
		['alertStore=', 'alertStore="": must not be empty; using the alerts of every store']
	])('refuses %s with its default and a problem', (param, message) => {
		const d = decodeQuery(`${files}&${param}`);
		expect(d.state.view).toEqual(defaultFilesView());
		expect(d.state.alerts.store).toBeNull();
		expect(d.problems).toHaveLength(1);
		expect(d.problems[0]).toContain(message);
		expectSafe(d.problems);
	});

	it('is checked against the files once they are loaded (checkFilesView)', () => {
		const data = {
			stores: [
				{ name: 'Door', sensors: 2 },
				{ name: 'Gate', sensors: 1 }
			],
			start: '2024-03-01',
			end: '2024-03-10'
		};
		const open = (q: string) => checkFilesView(decodeQuery(`${files}${q}`).state, data);
		// '' is the files' own first store and days.
		const plain = open('');
		expect(plain.problems).toEqual([]);
		expect(plain.state.view).toMatchObject({ store: 'Door', from: '2024-03-01', to: '2024-03-10' });
		const ok = open('&store=Gate&sensor=0&from=2024-03-02&alertStore=Door&alertKind=sensor-down');
		expect(ok.problems).toEqual([]);
		expect(ok.state.view).toMatchObject({ store: 'Gate', sensor: 0, from: '2024-03-02' });
		expect(ok.state.alerts).toEqual({ kind: 'sensor-down', store: 'Door' });
		// What the files do not have: the default, with a problem each.
		const bad = open('&store=Gate&sensor=1&from=2024-02-01&to=2024-03-11&alertStore=Exit');
		expect(bad.state.view).toMatchObject({
			store: 'Gate',
			sensor: null,
			from: '2024-03-01',
			to: '2024-03-10'
		});
		expect(bad.state.alerts.store).toBeNull();
		expect(bad.problems).toEqual([
			'sensor="1": "Gate" has only sensor 0; using the store total',
			'from="2024-02-01": must be a day of the files, 2024-03-01 to 2024-03-10; using 2024-03-01',
			'to="2024-03-11": must be a day of the files, 2024-03-01 to 2024-03-10; using 2024-03-10',
			'alertStore="Exit": is not a store of these files; using the alerts of every store'
		]);
		const elsewhere = open('&store=%3Cb%3EExit&sensor=1');
		expect(elsewhere.state.view).toMatchObject({ store: 'Door', sensor: 1 });
		expect(elsewhere.problems).toEqual([
			'store="\\u003cb\\u003eExit": is not a store of these files; using the first store, "Door"'
		]);
		// A simulation's state is left alone.
		const sim = decodeQuery('v=1&store=Paris').state;
		expect(checkFilesView(sim, data)).toEqual({ state: sim, problems: [] });
	});

	it('round-trips every random view of files, checked or not', () => {
		const rng = new Rng('footfall-files-views');
		let n = 0;
		for (let i = 0; i < RUNS && n < 100; i++) {
			const state = footfallState(rng);
			if (state.source !== 'files') continue;
			n++;
			const q = footfallQuery(state);
			expect(decodeQuery(q)).toEqual({ state, problems: [], version: 1 });
		}
		expect(n).toBe(100);
	});
});
