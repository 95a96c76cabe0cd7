/**
 * The wearable page's rune class with the real kernel and ingest behind fake workers and
 * a fake database: the demo loads and is judged, dropped files add device-days and only
 * they are detected, invalid parameters keep the results, the table's sort and filter,
 * removing things, and what is written to the database.
 */
import { describe, expect, it } from 'vitest';
import { defaultDetectionParams } from '../../../src/lib/domain/wearables';
import type { WearablesState } from '../../../src/lib/state/wearables.svelte';
import { fixtureSources, fleet, setup } from './wearables-fakes';

const faulty = (s: WearablesState) =>
	s.rows.filter((r) => r.status === 'flagged').map((r) => `${r.device} ${r.day}`);

describe('WearablesState', () => {
	it('loads the demo, judges it in both modes and selects the first faulty row', async () => {
		const { s, detected, log } = setup();
		expect(s.demoStatus).toBe('loading');
		await s.start();
		expect(s.demoStatus).toBe('loaded');
		expect(detected.length).toBe(fleet.length);
		expect(s.ready).toBe(true);
		expect(s.mode).toBe('wear-aware');
		expect(faulty(s)).toEqual(['device_007 2021-02-04', 'device_006 2021-02-04']);
		s.setMode('original');
		expect(faulty(s)).toEqual([
			'device_007 2021-02-04',
			'device_006 2021-02-04',
			'device_012 2021-02-04'
		]);
		expect(s.compareRows.map((r) => r.device)).toEqual(['device_012']);
		expect(s.selectedKey).toBe('demo:2021-02-04/device_007');
		await expect.poll(() => s.detail?.key).toBe('demo:2021-02-04/device_007');
		expect(s.detail!.result['wear-aware'].temperature.series).toBeDefined();
		await expect.poll(() => s.db.rows).toBe(2 * fleet.length);
		expect(log).toContain('BEGIN TRANSACTION');
		expect(log.some((l) => l.startsWith('CREATE OR REPLACE TABLE wearable_results'))).toBe(true);
	});

	it('adds dropped files to the demo and detects only them', async () => {
		const { s, detected } = setup();
		await s.start();
		detected.length = 0;
		await s.addFiles(await fixtureSources());
		expect(s.filePaths.length).toBe(3);
		expect(s.plan?.errors).toEqual([]);
		expect(s.files.map((d) => d.key)).toEqual(['files:original:fd2s/2021/02/04/device_015']);
		expect(detected).toEqual(['device_015 2021-02-04']);
		const row = s.allRows.find((r) => r.source !== 'demo');
		expect(row).toMatchObject({
			device: 'device_015',
			day: '2021-02-04',
			status: 'ok',
			source: 'fd2s/2021/02/04/device_015'
		});
		// the same files again replace the earlier ones: still one device-day, not detected again
		detected.length = 0;
		await s.addFiles(await fixtureSources());
		expect(s.filePaths.length).toBe(3);
		expect(s.files.length).toBe(1);
		expect(s.allRows.length).toBe(fleet.length + 1);
	});

	it('keeps good files and reports a malformed one by name', async () => {
		const { s } = setup();
		const bad = new File(['3400\n3401\nabc\n3402\n'], 'temperature.csv');
		await s.addFiles([
			...(await fixtureSources()),
			{ path: 'fd2s/2021/02/04/device_099/temperature.csv', file: bad }
		]);
		expect(s.plan!.errors.length).toBe(1);
		expect(s.plan!.errors[0].message).toMatch(/^device_099\/temperature\.csv: line 3/);
		expect(s.allRows.map((r) => r.device).sort()).toEqual(['device_015', 'device_099']);
	});

	it('keeps the results when the parameters are invalid and re-runs on valid ones', async () => {
		const { s, detected } = setup();
		await s.start();
		const before = s.results;
		detected.length = 0;
		const bad = defaultDetectionParams();
		bad.temperature.window = 1;
		s.setParams(bad);
		expect(s.paramProblems).toEqual(['"Rolling window" (temperature) must be a whole number >= 2']);
		expect(s.results).toBe(before);
		expect(detected).toEqual([]);

		const loose = defaultDetectionParams();
		loose.temperature.avgLow = 2000;
		s.setParams(loose);
		expect(s.paramProblems).toEqual([]);
		await expect.poll(() => s.params.temperature.avgLow).toBe(2000);
		await expect.poll(() => s.ready).toBe(true);
		expect(detected.length).toBe(fleet.length);
		expect(faulty(s)).toEqual(['device_007 2021-02-04']);
		// the same parameters again change nothing
		detected.length = 0;
		s.setParams(loose);
		expect(detected).toEqual([]);
	});

	it('sorts, filters and names its downloads after what they hold', async () => {
		const { s } = setup();
		await s.start();
		s.sortBy('device');
		expect(s.rows[0].device).toBe('device_001');
		s.sortBy('device');
		expect(s.rows[0].device).toBe(fleet.at(-1)!.device);
		s.resetSort();
		expect(s.rows[0].status).toBe('flagged');
		s.setFilter({ faultyOnly: true });
		expect(s.rows.length).toBe(2);
		expect(s.fileName('csv')).toBe('wearables_faults_wear-aware_2021-02-04.csv');
		s.setFilter({ faultyOnly: false, text: '00' });
		expect(s.fileName('json')).toBe('wearables_results_wear-aware_2021-02-04_filter-00.json');
		const csv = s.csv();
		expect(csv.text.trimEnd().split('\r\n').length).toBe(s.rows.length + 1);
		const report = JSON.parse(s.json('2024-01-01T00:00:00Z').text);
		expect(report).toMatchObject({
			mode: 'wear-aware',
			scope: 'results',
			filter: { device: '00' }
		});
		expect(report.params.temperature.window).toBe(1200);
	});

	it('removes the demo, the files, or everything', async () => {
		const { s } = setup();
		await s.start();
		await s.addFiles(await fixtureSources());
		s.removeDemo();
		expect(s.demoStatus).toBe('removed');
		expect(s.allRows.map((r) => r.device)).toEqual(['device_015']);
		expect(s.selectedKey).toBe(null);
		await expect.poll(() => s.db.rows).toBe(2);
		await s.loadDemo();
		expect(s.allRows.length).toBe(fleet.length + 1);
		s.clearFiles();
		expect(s.allRows.length).toBe(fleet.length);
		s.clearAll();
		expect(s.allRows).toEqual([]);
		expect(s.days).toEqual([]);
		await expect.poll(() => s.db.rows).toBe(0);
	});

	it('says why the demo could not load, and why detection failed', async () => {
		const { s } = setup({
			demoFleet: async () => {
				throw new Error('no worker');
			}
		});
		await s.start();
		expect(s.demoStatus).toBe('error');
		expect(s.demoError).toBe('no worker');

		const t = setup({
			detectAll: async () => {
				throw new Error('The detection worker failed: boom');
			}
		});
		await t.s.start();
		expect(t.s.runError).toBe('The detection worker failed: boom');
		expect(t.s.detecting).toBeNull();
	});
});
