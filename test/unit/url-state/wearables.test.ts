import { describe, expect, it } from 'vitest';
import { defaultDetectionParams } from '../../../src/lib/domain/wearables';
import { detectionParamsProblems } from '../../../src/lib/detection/params';
import {
	DETECTION_KEYS,
	WEARABLES_KEYS,
	WEARABLES_SORT_COLUMNS,
	checkSelection,
	decodeWearables,
	defaultWearablesState,
	encodeWearables,
	wearablesQuery,
	type WearablesUrlState
} from '../../../src/lib/url-state';
import { expectSafe } from './safe';
import { Rng, text, wearablesState } from './random';

const RUNS = 400;

function decodeQuery(query: string) {
	return decodeWearables(new URLSearchParams(query));
}

const D = defaultWearablesState();
const FILES: WearablesUrlState = { ...defaultWearablesState(), source: 'files' };

describe('wearables URL: defaults', () => {
	it('encodes the default state to an empty query, and reads it back', () => {
		expect(wearablesQuery(D)).toBe('');
		expect(decodeQuery('')).toEqual({ state: D, problems: [], version: 1 });
		expect(decodeQuery('v=1')).toEqual({ state: D, problems: [], version: 1 });
	});

	it("means the results table's own order, faulty first, when there is no sort", () => {
		expect(D.sort).toBeNull();
		const s = defaultWearablesState();
		s.sort = { column: 'device', dir: 'asc' };
		expect(wearablesQuery(s)).toBe('v=1&sort=device');
		expect(decodeQuery('v=1&sort=device').state).toEqual(s);
		expect(decodeQuery('v=1&faulty=1').state.sort).toBeNull();
	});

	it.each(WEARABLES_SORT_COLUMNS)('reads and writes sort=%s in both directions', (column) => {
		for (const dir of ['asc', 'desc'] as const) {
			const s = { ...defaultWearablesState(), sort: { column, dir } };
			const q = wearablesQuery(s);
			expect(q).toBe(`v=1&sort=${dir === 'desc' ? '-' : ''}${column}`);
			expect(decodeQuery(q)).toEqual({ state: s, problems: [], version: 1 });
		}
	});

	it('reports a bad sort and uses faulty first', () => {
		expect(decodeQuery('v=1&sort=nope').problems[0]).toMatch(
			/^sort="nope": must be one of device, day, source, .*; using the default order, faulty first$/
		);
		expect(decodeQuery('v=1&sort=day&sort=day').problems).toEqual([
			'sort is given 2 times; using the default order, faulty first'
		]);
	});

	it('omits every detection parameter equal to its default', () => {
		const s = defaultWearablesState();
		s.params.temperature.k = 3; // the default
		s.params.ppg.minLow = 900;
		expect(wearablesQuery(s)).toBe('v=1&ppg.minLow=900');
	});

	it('compares with the defaults the caller passes', () => {
		const defaults = defaultDetectionParams();
		defaults.mode = 'original';
		const s = defaultWearablesState(defaults);
		expect(wearablesQuery(s, defaults)).toBe('');
		expect(wearablesQuery(s)).toBe('v=1&mode=original');
		expect(decodeWearables(new URLSearchParams(''), defaults).state).toEqual(s);
	});
});

describe('wearables URL: examples', () => {
	it('writes a view of dropped files readably', () => {
		const s = defaultWearablesState();
		s.source = 'files';
		s.files = [
			{ name: 'device_015/2021/02/02/ppg_green.csv', size: 1234567, sha256: '9f86d081884c7d65' },
			{ name: 'device_015/2021/02/02/temperature.csv', size: 345678, sha256: '2c26b46b68ffc68f' }
		];
		s.params.mode = 'original';
		s.params.temperature.k = 2.5;
		s.params.quality.railHigh = 4095;
		s.selected = { device: 'device_015', day: '2021-02-02' };
		s.sort = { column: 'status', dir: 'desc' };
		s.filter = { text: 'device 01', faultyOnly: true };
		s.compare = true;
		const q = wearablesQuery(s);
		expect(q).toBe(
			'v=1&src=files&files=device_015/2021/02/02/ppg_green.csv~1234567~9f86d081884c7d65*device_015/2021/02/02/temperature.csv~345678~2c26b46b68ffc68f' +
				'&mode=original&temperature.k=2.5&quality.railHigh=4095&device=device_015&day=2021-02-02&sort=-status&q=device+01&faulty=1&compare=1'
		);
		expect(decodeQuery(q)).toEqual({ state: s, problems: [], version: 1 });
	});

	it('writes a cleared nullable parameter as none, and a boolean as 1 or 0', () => {
		const defaults = defaultDetectionParams();
		defaults.quality.minPulseShare = 0.5;
		defaults.temperature.settleAtStart = true;
		const s = defaultWearablesState(defaults);
		s.params.quality.minPulseShare = null;
		s.params.temperature.settleAtStart = false;
		const q = wearablesQuery(s, defaults);
		expect(q).toBe('v=1&temperature.settleAtStart=0&quality.minPulseShare=none');
		expect(decodeWearables(new URLSearchParams(q), defaults).state).toEqual(s);
	});
});

describe('wearables URL: round trips over random valid states', () => {
	it(`decodes what it encodes, exactly and without problems (${RUNS} states)`, () => {
		const rng = new Rng('wearables-round-trip');
		for (let i = 0; i < RUNS; i++) {
			const state = wearablesState(rng);
			expect(detectionParamsProblems(state.params)).toEqual([]);
			const query = wearablesQuery(state);
			const back = decodeQuery(query);
			expect(back.problems, query).toEqual([]);
			expect(back.state, query).toEqual(state);
			expect(decodeWearables(new URLSearchParams(encodeWearables(state).toString())).state).toEqual(
				state
			);
			expect(wearablesQuery(back.state)).toBe(query);
		}
	});

	it('writes only known parameters, each once, v first', () => {
		const rng = new Rng('wearables-keys');
		const known = new Set(['v', ...WEARABLES_KEYS]);
		for (let i = 0; i < 100; i++) {
			const keys = [...encodeWearables(wearablesState(rng)).keys()];
			if (keys.length === 0) continue;
			expect(keys[0]).toBe('v');
			expect(new Set(keys).size).toBe(keys.length);
			for (const k of keys) expect(known.has(k)).toBe(true);
		}
	});
});

/** Values no number parameter accepts. */
const NOT_NUMBERS = ['', 'NaN', 'Infinity', '-Infinity', '1e999', 'abc', '0x10', ' 1', '1 ', '1,5'];

/** Each parameter with values that must be refused, alone in an otherwise default URL. */
const INVALID: [string, string[]][] = [
	['src', ['', 'Demo', 'url', '<script>alert(1)</script>', 'demo,files']],
	['mode', ['', 'Original', 'wear_aware', '<b>x</b>', 'x'.repeat(1000)]],
	['device', ['']],
	['sort', ['', 'name', '-', 'device-', '--day', 'Device']],
	['q', ['x'.repeat(201), 'a\u0000b', 'tab\there']],
	['faulty', ['true', 'yes', '', '2', 'on']],
	['compare', ['true', '', '-1']],
	...DETECTION_KEYS.map((key): [string, string[]] => {
		switch (key.kind) {
			case 'boolean':
				return [key.key, ['true', 'false', '2', '', 'yes']];
			case 'nullable':
				return [key.key, [...NOT_NUMBERS, 'null', 'None', String(key.max * 10 + 1)]];
			default:
				return [
					key.key,
					[
						...NOT_NUMBERS,
						String(key.min - 1),
						String(key.max * 10 + 1),
						...(key.kind === 'whole' ? ['2.5'] : [])
					]
				];
		}
	}),
	// Within their own range, against the rules between parameters.
	['rates.onWristHz', ['0', '3', '0.7']],
	['rates.ppgHz', ['102', '0']],
	['ppg.ruleHz', ['5', '0']],
	['temperature.avgLow', ['5000']],
	['temperature.settleSeconds', ['0.1']],
	['ppg.minLow', ['7000']],
	['quality.minBpm', ['0.5', '300']],
	['quality.pulseWindowSeconds', ['1']]
];

describe('wearables URL: every invalid value decodes to its default, with a problem', () => {
	for (const [param, values] of INVALID) {
		it.each(values.map((v) => [v.length > 60 ? `${v.slice(0, 60)}… (${v.length})` : v, v]))(
			`${param}=%s`,
			(_label, value) => {
				const pairs: [string, string][] = [
					['v', '1'],
					[param, value]
				];
				if (param === 'device') pairs.push(['day', '2021-02-02']);
				const d = decodeWearables(new URLSearchParams(pairs));
				expect(d.state).toEqual(D);
				expect(d.problems.length).toBeGreaterThan(0);
				expect(d.problems[0]).toContain(param);
				expectSafe(d.problems);
			}
		);
	}

	it.each([
		'',
		'a.csv',
		'a.csv~12',
		'a.csv~12~xyz',
		'a.csv~-1~0123456789abcdef',
		'a.csv~1.5~0123456789abcdef',
		'a.csv~1e3~0123456789abcdef',
		'a.csv~1~0123456',
		'a.csv~1~0123456789ABCDEF',
		`a.csv~1~${'a'.repeat(65)}`,
		'~1~0123456789abcdef',
		'a%ZZ~1~0123456789abcdef',
		'a.csv~1~0123456789abcdef~extra',
		'a.csv,1,0123456789abcdef',
		'a.csv~1~0123456789abcdef*',
		`${'n'.repeat(256)}~1~0123456789abcdef`,
		'<script>\u0000~1~0123456789abcdef',
		Array.from({ length: 2001 }, (_, i) => `f${i}~1~0123456789abcdef`).join('*')
	])('files=%s (with src=files)', (value) => {
		const d = decodeWearables(
			new URLSearchParams([
				['v', '1'],
				['src', 'files'],
				['files', value]
			])
		);
		expect(d.state).toEqual(FILES);
		expect(d.problems).toHaveLength(1);
		expect(d.problems[0]).toMatch(/^files: .*; using no files$/);
		expectSafe(d.problems);
	});

	it('ignores files given for the demo', () => {
		const d = decodeQuery('v=1&files=a.csv~1~0123456789abcdef');
		expect(d.state).toEqual(D);
		expect(d.problems).toEqual(['files: the demo has no files (files go with src=files); ignored']);
	});

	it('wants device and day together, and a real day', () => {
		expect(decodeQuery('v=1&device=device_015').problems).toEqual([
			'device="device_015": device and day go together; using no selection'
		]);
		expect(decodeQuery('v=1&day=2021-02-02').problems).toEqual([
			'day="2021-02-02": device and day go together; using no selection'
		]);
		for (const day of ['2021-02-30', '2021-2-2', '', '<i>', '0999-01-01']) {
			const d = decodeQuery(`v=1&device=d1&day=${encodeURIComponent(day)}`);
			expect(d.state).toEqual(D);
			expect(d.problems[0]).toMatch(/^day=/);
		}
		const long = decodeQuery(`v=1&device=${'d'.repeat(101)}&day=2021-02-02`);
		expect(long.state).toEqual(D);
		expect(long.problems[0]).toMatch(/^device=".*must be at most 100 characters/);
	});

	it('names the parameters a broken rule involves, and puts only those back', () => {
		const d = decodeQuery('v=1&temperature.avgLow=5000&temperature.k=2&ppg.minLow=900');
		expect(d.state.params.temperature.avgLow).toBe(3200);
		expect(d.state.params.temperature.k).toBe(2);
		expect(d.state.params.ppg.minLow).toBe(900);
		expect(d.problems).toEqual([
			'temperature.avgLow="5000": temperature.avgLow must be <= temperature.avgHigh; using the defaults'
		]);
	});

	it('puts back every parameter a rule names when several break it together', () => {
		const d = decodeQuery('v=1&rates.ppgHz=96&ppg.ruleHz=5');
		expect(d.state).toEqual(D);
		expect(d.problems).toHaveLength(1);
		expect(d.problems[0]).toMatch(/^rates\.ppgHz="96", ppg\.ruleHz="5": /);
	});

	it('refuses a parameter given twice', () => {
		const d = decodeQuery('v=1&temperature.k=2&temperature.k=2');
		expect(d.state).toEqual(D);
		expect(d.problems).toEqual(['temperature.k is given 2 times; using the default, 3']);
	});

	it('shows HTML in a bad value escaped', () => {
		const d = decodeQuery(`v=1&mode=${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
		expect(d.problems).toEqual([
			'mode="\\u003cimg src=x onerror=alert(1)\\u003e": must be original or wear-aware; using wear-aware'
		]);
	});
});

describe('wearables URL: the selection against the data', () => {
	const s = { ...defaultWearablesState(), selected: { device: 'device_015', day: '2021-02-02' } };

	it('keeps a device-day the data has', () => {
		expect(checkSelection(s, [{ device: 'device_015', day: '2021-02-02' }])).toEqual({
			state: s,
			problems: []
		});
	});

	it('drops one it lacks, with a problem', () => {
		const r = checkSelection(s, [{ device: 'device_015', day: '2021-02-03' }]);
		expect(r.state.selected).toBeNull();
		expect(r.problems).toEqual([
			'device="device_015", day="2021-02-02": not in the data; using no selection'
		]);
	});
});

describe('wearables URL: fuzz', () => {
	const junk = [
		'',
		'0',
		'1',
		'-1',
		'2',
		'none',
		'NaN',
		'1e308',
		'0.5',
		'5000',
		'<script>',
		'%',
		'files',
		'original',
		'-status',
		'2021-02-02',
		'a.csv~1~0123456789abcdef'
	];

	it('never throws and always returns parameters the detection accepts', () => {
		const rng = new Rng('wearables-fuzz');
		const keys = ['v', ...WEARABLES_KEYS, 'selected', 'faultyOnly', 'x'];
		for (let i = 0; i < 500; i++) {
			const pairs: [string, string][] = [];
			for (let j = rng.int(0, 10); j > 0; j--) {
				pairs.push([rng.pick(keys), rng.bool(0.8) ? rng.pick(junk) : text(rng, 0, 30)]);
			}
			const d = decodeWearables(new URLSearchParams(pairs));
			expect(detectionParamsProblems(d.state.params)).toEqual([]);
			if (d.state.source === 'demo') expect(d.state.files).toEqual([]);
			expectSafe(d.problems);
			expect(decodeQuery(wearablesQuery(d.state)).state).toEqual(d.state);
		}
	});
});
