/**
 * The wearable fault report: file names that say what the file holds, the CSV with every
 * column of `wearable_results`, and the JSON report with mode, parameters and counts.
 */
import { describe, expect, it } from 'vitest';
import { detectBothModes } from '../../../src/lib/detection';
import { defaultDetectionParams } from '../../../src/lib/domain/wearables';
import { WEARABLE_RESULT_COLUMNS } from '../../../src/lib/db/sql/wearables';
import {
	wearablesCsv,
	wearablesFileName,
	wearablesJson,
	wearablesReport
} from '../../../src/lib/export/report';
import { generateFleet } from '../../../src/lib/simulation/fleet';
import { demoDays } from '../../../src/lib/state/wearables.svelte';
import { resultRows, type BothModes } from '../../../src/lib/state/wearables-rows';

const days = demoDays(generateFleet({ devices: 8, days: ['2021-02-02', '2021-02-03'] }));
const results = new Map<string, BothModes>(days.map((d) => [d.key, detectBothModes(d.record)]));
const rows = resultRows(days, results, 'wear-aware');

describe('wearablesFileName', () => {
	it.each([
		[
			{
				scope: 'faults',
				mode: 'wear-aware',
				from: '2021-02-02',
				to: '2021-02-04',
				extension: 'csv'
			},
			'wearables_faults_wear-aware_2021-02-02_2021-02-04.csv'
		],
		[
			{
				scope: 'results',
				mode: 'original',
				from: '2021-02-02',
				to: '2021-02-04',
				extension: 'json'
			},
			'wearables_results_original_2021-02-02_2021-02-04.json'
		],
		[
			{
				scope: 'results',
				mode: 'original',
				from: '2021-02-04',
				to: '2021-02-04',
				extension: 'csv'
			},
			'wearables_results_original_2021-02-04.csv'
		],
		[
			{ scope: 'faults', mode: 'original', from: null, to: null, extension: 'csv' },
			'wearables_faults_original_empty.csv'
		],
		[
			{
				scope: 'results',
				mode: 'wear-aware',
				from: '2021-02-02',
				to: '2021-02-03',
				filter: ' device_0/1 ',
				extension: 'csv'
			},
			'wearables_results_wear-aware_2021-02-02_2021-02-03_filter-device-0-1.csv'
		],
		[
			{
				scope: 'results',
				mode: 'wear-aware',
				from: '2021-02-02',
				to: '2021-02-03',
				filter: '   ',
				extension: 'csv'
			},
			'wearables_results_wear-aware_2021-02-02_2021-02-03.csv'
		]
	] as const)('%j -> %s', (spec, name) => {
		expect(wearablesFileName(spec)).toBe(name);
	});
});

describe('wearablesCsv', () => {
	const csv = wearablesCsv(rows);
	const lines = csv.split('\r\n');
	const header = lines[0].split(',');

	it('has the columns of wearable_results and one CRLF line per row', () => {
		expect(header).toEqual(WEARABLE_RESULT_COLUMNS.map((c) => c.name));
		expect(lines.length).toBe(rows.length + 2);
		expect(lines.at(-1)).toBe('');
	});

	it('writes the values as stored: flags, quoted reasons, empty missing metrics', () => {
		const faulty = rows.find((r) => r.device === 'device_005' && r.day === '2021-02-02')!;
		const line = lines.find((l) => l.startsWith(`${faulty.key},`))!;
		expect(line).toContain(',flagged,1,temperature avg,');
		expect(line).toContain(`,${faulty.temp_avg_cents},flag,`);
		// the reason holds no comma here; a reason with one is quoted
		const withComma = wearablesCsv([{ ...faulty, reason: 'a, b', temp_max_cents: null }]);
		expect(withComma).toContain(',"a, b",');
		expect(withComma).toContain(`,${faulty.temp_avg_cents},flag,,pass,`);
	});

	it('writes only the header for no rows', () => {
		expect(wearablesCsv([])).toBe(`${WEARABLE_RESULT_COLUMNS.map((c) => c.name).join(',')}\r\n`);
	});
});

describe('wearablesReport', () => {
	const params = defaultDetectionParams();
	it('holds the mode, the parameters, the days, the counts and every row', () => {
		const faults = rows.filter((r) => r.status === 'flagged');
		const report = wearablesReport({
			rows: faults,
			mode: 'wear-aware',
			params,
			scope: 'faults',
			created: '2024-01-01T00:00:00.000Z'
		});
		expect(report).toMatchObject({
			report: 'wearable fault detection',
			version: 1,
			created: '2024-01-01T00:00:00.000Z',
			mode: 'wear-aware',
			scope: 'faults',
			filter: { device: '', faultyOnly: true },
			days: { from: '2021-02-02', to: '2021-02-02' },
			counts: { deviceDays: 1, faulty: 1, ok: 0, notEnoughData: 0 }
		});
		expect(report.params).toEqual(params);
		expect(report.rows).toEqual(faults);
		expect(report.rows[0]).not.toBe(faults[0]);
	});

	it('records the mode of the report in the parameters', () => {
		const report = wearablesReport({ rows, mode: 'original', params, scope: 'results' });
		expect(report.params.mode).toBe('original');
		expect(params.mode).toBe('wear-aware');
		expect(report.created).toBeNull();
		expect(report.counts.deviceDays).toBe(rows.length);
		expect(report.counts.faulty + report.counts.ok + report.counts.notEnoughData).toBe(rows.length);
	});

	it('is JSON that reads back to the same report; missing metrics are null', () => {
		const text = wearablesJson({
			rows,
			mode: 'wear-aware',
			params: { ...params, quality: { ...params.quality, railLow: null } },
			scope: 'results'
		});
		expect(text.endsWith('}\n')).toBe(true);
		const back = JSON.parse(text);
		expect(back.rows).toEqual(rows);
		expect(back.params.quality.railLow).toBeNull();
		const empty = JSON.parse(
			wearablesJson({ rows: [], mode: 'original', params, scope: 'faults' })
		);
		expect(empty.days).toBeNull();
		expect(empty.rows).toEqual([]);
	});
});
