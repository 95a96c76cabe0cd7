/**
 * The printable fault report: the faulty rows shown, with flags, reasons and metrics in
 * words; the mode, days, filter and the time it was made in UTC; every parameter with
 * the changed ones marked.
 */
import { describe, expect, it } from 'vitest';
import { printReport, utcStamp } from '../../../src/lib/state/wearables-print';
import { defaultDetectionParams } from '../../../src/lib/domain/wearables';
import { setup } from './wearables-fakes';

describe('printReport', () => {
	it('lists the faulty device-days shown with their reasons and the parameters', async () => {
		const { s } = setup();
		await s.start();
		const params = defaultDetectionParams();
		params.temperature.k = 2.5;
		const model = printReport({
			rows: s.rows,
			mode: s.mode,
			params,
			filterText: ' device_00 ',
			created: '2026-11-24T20:28:07.123Z'
		});
		expect(model.title).toBe('Wearable fault report');
		expect(model.created).toBe('2026-11-24 20:28 UTC');
		expect(model.days).toBe('2021-02-04');
		expect(model.rows.map((r) => r.device)).toEqual(['device_007', 'device_006']);
		expect(model.summary).toBe(
			`2 faulty device-days of ${s.rows.length} shown, wear-aware mode, device filter 'device_00'`
		);
		const r007 = model.rows[0];
		expect(r007.reason).toMatch(/^temperature: /);
		expect(r007.flags).toContain('temperature');
		expect(r007.metrics).toMatch(/^temperature avg \d+\.\d\d °C, max \d+\.\d\d °C, volatility/);
		const k = model.params.find((p) => p.label === 'Band width k');
		expect(k).toMatchObject({ value: '2.5 std', changed: true, group: 'Temperature rules' });
		expect(model.params.filter((p) => p.changed)).toHaveLength(1);
		expect(model.params.find((p) => p.label === 'ADC high rail')?.value).toBe('none');
		expect(model.params.find((p) => p.label.startsWith('Settle at the start'))?.value).toBe('no');
	});

	it('says when nothing is shown', () => {
		const model = printReport({
			rows: [],
			mode: 'original',
			params: defaultDetectionParams(),
			filterText: '',
			created: '2026-01-02T03:04:05Z'
		});
		expect(model.days).toBe('no device-days');
		expect(model.summary).toBe('0 faulty device-days of 0 shown, original mode');
		expect(model.rows).toEqual([]);
	});

	it('stamps times in UTC', () => {
		expect(utcStamp('2024-01-01T10:20:30.000Z')).toBe('2024-01-01 10:20 UTC');
	});
});
