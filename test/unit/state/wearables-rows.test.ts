/**
 * The wearable page's row helpers: a detection result flattened into one row (every
 * metric and check, the reason in words), the table's sort and filter, and the
 * device-days where the two modes disagree. Real detection results on part of the demo
 * fleet (device_006, 007 and 012 on 2021-02-04 carry planted verdicts) plus a recording
 * that was never worn.
 */
import { describe, expect, it } from 'vitest';
import { detectBothModes } from '../../../src/lib/detection';
import type { DeviceDay } from '../../../src/lib/domain/wearables';
import type { WearableResultRow } from '../../../src/lib/db/sql/wearables';
import { WEARABLE_RESULT_COLUMNS } from '../../../src/lib/db/sql/wearables';
import { generateFleet } from '../../../src/lib/simulation/fleet';
import {
	ariaSort,
	dayRange,
	disagreements,
	filterRows,
	flagList,
	nextSort,
	resultRows,
	sortRows,
	toResultRow,
	verdictCounts,
	verdictReason,
	type BothModes,
	type LoadedDay
} from '../../../src/lib/state/wearables-rows';
import { demoDays } from '../../../src/lib/state/wearables.svelte';

const fleet = generateFleet({ devices: 13, days: ['2021-02-04'] });
const never: DeviceDay = {
	device: 'device_900',
	day: '2021-02-03',
	onWrist: new Int32Array(120),
	temperature: new Int32Array(480).fill(3000),
	ppg: new Int32Array(7680).fill(5000)
};
const days: LoadedDay[] = [
	...demoDays(fleet),
	{
		key: 'files:original:x/2021/02/03/device_900',
		origin: 'files',
		source: 'x/2021/02/03/device_900',
		record: never,
		files: ['x/2021/02/03/device_900/temperature.csv'],
		notes: ['dropped by a test'],
		fingerprint: 'f'
	}
];
const results = new Map<string, BothModes>(days.map((d) => [d.key, detectBothModes(d.record)]));
const byDevice = (rows: WearableResultRow[], device: string) =>
	rows.find((r) => r.device === device)!;

describe('toResultRow', () => {
	const wear = resultRows(days, results, 'wear-aware');
	const orig = resultRows(days, results, 'original');

	it('has exactly the columns of the results table', () => {
		expect(Object.keys(wear[0]).sort()).toEqual(WEARABLE_RESULT_COLUMNS.map((c) => c.name).sort());
	});

	it('keeps every metric and check of the hot, spiky device_007', () => {
		const r = byDevice(wear, 'device_007');
		const res = results.get('demo:2021-02-04/device_007')!['wear-aware'];
		expect(r).toMatchObject({
			key: 'demo:2021-02-04/device_007',
			source: 'demo',
			day: '2021-02-04',
			mode: 'wear-aware',
			status: 'flagged',
			flag_count: 3,
			flags: 'temperature volatility; temperature avg; temperature max',
			other_mode_status: 'flagged',
			temp_volatility_check: 'flag',
			temp_avg_check: 'flag',
			temp_max_check: 'flag',
			ppg_min_check: 'pass',
			quality_pulse_check: 'info'
		});
		expect(r.temp_avg_cents).toBe(res.temperature.metrics.avg);
		expect(r.temp_max_cents).toBe(res.temperature.metrics.max);
		expect(r.temp_volatility_index).toBe(res.temperature.metrics.volatilityIndex);
		expect(r.ppg_avg).toBe(res.ppg.metrics.avg);
		expect(r.quality_median_bpm).toBe(res.quality.metrics.medianBpm);
		expect(r.temp_avg_cents!).toBeGreaterThan(4300);
		expect(r.reason).toMatch(
			/^temperature: volatility index .* is above 50.*; temperature: average .* °C is above 43\.00 °C/
		);
	});

	it('says where the modes differ: device_012 is a false positive of the original', () => {
		expect(byDevice(orig, 'device_012')).toMatchObject({
			status: 'flagged',
			flags: 'temperature volatility',
			other_mode_status: 'ok'
		});
		expect(byDevice(wear, 'device_012')).toMatchObject({
			status: 'ok',
			flags: '',
			other_mode_status: 'flagged',
			temp_volatility_check: 'pass'
		});
		expect(byDevice(wear, 'device_012').temp_settling).toBeGreaterThan(0);
		expect(byDevice(orig, 'device_012').temp_settling).toBe(0);
	});

	it('writes missing metrics as null and explains a device-day that was never worn', () => {
		const r = byDevice(wear, 'device_900');
		expect(r.status).toBe('insufficient-data');
		expect(r.temp_avg_cents).toBeNull();
		expect(r.temp_max_cents).toBeNull();
		expect(r.ppg_min).toBeNull();
		expect(r.quality_pulse_share).toBeNull();
		expect(r.temp_avg_check).toBe('not-evaluated');
		expect(r.reason).toBe(
			'not enough data to judge (temperature: no worn samples; PPG: no worn PPG samples; PPG quality: no worn PPG samples)'
		);
		expect(r.notes).toContain('dropped by a test');
	});

	it('says which checks could not be evaluated on a healthy device-day', () => {
		const ok = wear.filter((r) => r.status === 'ok');
		expect(ok.length).toBeGreaterThan(5);
		for (const r of ok) {
			expect(r.reason).toMatch(/^within limits/);
			if (r.temp_volatility_check === 'not-evaluated') {
				expect(r.reason).toContain('not evaluated: temperature volatility (no rolling band');
			}
		}
	});

	it('lists a result without the other mode as having no other verdict', () => {
		const d = days[0];
		expect(toResultRow(d, results.get(d.key)!.original).other_mode_status).toBeNull();
	});
});

describe('verdictReason and flagList', () => {
	it('name the section of every flag', () => {
		const r = results.get('demo:2021-02-04/device_006')!.original;
		expect(flagList(r)).toBe('temperature avg');
		expect(verdictReason(r)).toMatch(/^temperature: average \d+\.\d\d °C is below 32\.00 °C$/);
	});
});

describe('resultRows', () => {
	it('leaves out device-days without results and keeps load order', () => {
		const partial = new Map([...results].slice(0, 3));
		const rows = resultRows(days, partial, 'original');
		expect(rows.map((r) => r.key)).toEqual(days.slice(0, 3).map((d) => d.key));
	});
	it('gives nothing for nothing', () => {
		expect(resultRows([], results, 'original')).toEqual([]);
	});
});

/** Small hand-made rows for the sort and filter tests. */
function row(p: Partial<WearableResultRow>): WearableResultRow {
	const base = resultRows(days.slice(0, 1), results, 'wear-aware')[0];
	return { ...base, ...p };
}
const A = row({
	key: 'a',
	device: 'device_002',
	day: '2021-02-03',
	status: 'ok',
	flag_count: 0,
	temp_avg_cents: 3400
});
const B = row({
	key: 'b',
	device: 'device_010',
	day: '2021-02-02',
	status: 'flagged',
	flag_count: 1,
	temp_avg_cents: 2800
});
const C = row({
	key: 'c',
	device: 'device_001',
	day: '2021-02-04',
	status: 'insufficient-data',
	flag_count: 0,
	temp_avg_cents: null
});
const D = row({
	key: 'd',
	device: 'device_007',
	day: '2021-02-04',
	status: 'flagged',
	flag_count: 3,
	temp_avg_cents: 47000
});
const E = row({
	key: 'e',
	device: 'device_001',
	day: '2021-02-02',
	status: 'ok',
	flag_count: 0,
	temp_avg_cents: 3400
});
const ROWS = [A, B, C, D, E];
const keys = (rows: WearableResultRow[]) => rows.map((r) => r.key).join('');

describe('sortRows', () => {
	it('puts faulty rows first by default, more flags first, then by day and device', () => {
		expect(keys(sortRows(ROWS, null))).toBe('dbcea');
	});
	it('sorts numbers ascending and descending with missing values last in both', () => {
		expect(keys(sortRows(ROWS, { column: 'temp_avg_cents', direction: 'ascending' }))).toBe(
			'beadc'
		);
		expect(keys(sortRows(ROWS, { column: 'temp_avg_cents', direction: 'descending' }))).toBe(
			'deabc'
		);
	});
	it('sorts text by code units and statuses by severity', () => {
		expect(keys(sortRows(ROWS, { column: 'device', direction: 'ascending' }))).toBe('ceadb');
		expect(keys(sortRows(ROWS, { column: 'status', direction: 'ascending' }))).toBe('dbcea');
		expect(keys(sortRows(ROWS, { column: 'status', direction: 'descending' }))).toBe('eacdb');
	});
	it('does not change its input', () => {
		const copy = [...ROWS];
		sortRows(ROWS, { column: 'day', direction: 'descending' });
		expect(ROWS).toEqual(copy);
	});
	it('handles no rows and one row', () => {
		expect(sortRows([], null)).toEqual([]);
		expect(sortRows([A], { column: 'device', direction: 'descending' })).toEqual([A]);
	});
});

describe('nextSort and ariaSort', () => {
	it('starts a new column ascending and flips the same column', () => {
		const s1 = nextSort(null, 'device');
		expect(s1).toEqual({ column: 'device', direction: 'ascending' });
		const s2 = nextSort(s1, 'device');
		expect(s2).toEqual({ column: 'device', direction: 'descending' });
		expect(nextSort(s2, 'device').direction).toBe('ascending');
		expect(nextSort(s2, 'day')).toEqual({ column: 'day', direction: 'ascending' });
		expect(ariaSort(s2, 'device')).toBe('descending');
		expect(ariaSort(s2, 'day')).toBe('none');
		expect(ariaSort(null, 'device')).toBe('none');
	});
});

describe('filterRows', () => {
	it.each([
		['', false, 'abcde'],
		['', true, 'bd'],
		['device_001', false, 'ce'],
		['DEVICE_00', false, 'acde'],
		['  007 ', false, 'd'],
		['2021-02-04', false, 'cd'],
		['007', true, 'd'],
		['nothing', false, '']
	])('text %j, faulty only %j keeps %j', (text, faultyOnly, expected) => {
		expect(keys(filterRows(ROWS, { text, faultyOnly }))).toBe(expected);
	});
});

describe('dayRange and verdictCounts', () => {
	it('span the rows', () => {
		expect(dayRange(ROWS)).toEqual({ from: '2021-02-02', to: '2021-02-04' });
		expect(dayRange([])).toBeNull();
		expect(verdictCounts(ROWS)).toEqual({ flagged: 2, ok: 2, 'insufficient-data': 1 });
	});
});

describe('disagreements', () => {
	it('lists exactly the device-days the modes judge differently', () => {
		const d = disagreements(days, results);
		expect(d.map((x) => `${x.device} ${x.day}`)).toEqual(['device_012 2021-02-04']);
		expect(d[0].original).toMatchObject({ status: 'flagged', flags: 'temperature volatility' });
		expect(d[0].wearAware).toMatchObject({ status: 'ok', flags: '' });
		expect(d[0].original.reason).toMatch(/^temperature: volatility index/);
	});
	it('is empty without results', () => {
		expect(disagreements(days, new Map())).toEqual([]);
	});
});
