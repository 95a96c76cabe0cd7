/**
 * The pure helpers behind the trends and alerts panels and the exports: trend rows as
 * points (partial periods, missing trends), the latest year-over-year change, the alerts
 * filter keeping the newest-first order, an alert's full view, the data's name in
 * reports, and the CSV and Parquet columns with the imputed totals.
 */
import { describe, expect, it } from 'vitest';
import { latestYoy, toTrendData, toTrendPoint } from '../../../src/lib/state/footfall-trends';
import {
	ALERT_KIND_LABELS,
	alertsInput,
	dataSourceText,
	filterAlerts,
	viewOfAlert
} from '../../../src/lib/state/footfall-alerts';
import {
	footfallExportColumns,
	footfallExportCsv,
	footfallExportSpec,
	parquetName,
	type FootfallExportRow
} from '../../../src/lib/state/footfall-csv';
import { toColumns } from '../../../src/lib/export/columns';
import { defaultSimulation } from '../../../src/lib/domain/footfall';
import { extentOf } from '../../../src/lib/state/view';

const trendRow = (t: number, over: Record<string, unknown> = {}) => ({
	t,
	days: 6,
	period_days: 6,
	partial: false,
	count: 100,
	imputed_count: 110,
	imputed_share: 0.1,
	trend_count: 105,
	trend_imputed: 112,
	yoy_pct: 4,
	yoy_imputed_pct: 5,
	growth_pct: 3.5,
	growth_imputed_pct: 3.9,
	...over
});

describe('trend points', () => {
	it('reads a row, with partial periods and missing trends', () => {
		expect(
			toTrendPoint(trendRow(0, { partial: true, days: 2, trend_count: null, yoy_pct: null }))
		).toEqual({
			t: 0,
			days: 2,
			periodDays: 6,
			partial: true,
			count: 100,
			imputed: 110,
			imputedShare: 0.1,
			trend: null,
			trendImputed: 112,
			yoy: null,
			yoyImputed: 5
		});
	});

	it('keeps the growth per year and what the trends were asked for', () => {
		const spec = { store: 'Paris', period: 'monthly' as const, weekdays: [1, 2] as (1 | 2)[] };
		expect(toTrendData(spec, [trendRow(0), trendRow(1)])).toMatchObject({
			store: 'Paris',
			period: 'monthly',
			weekdays: [1, 2],
			growth: 3.5,
			growthImputed: 3.9
		});
		expect(toTrendData(spec, [])).toMatchObject({ points: [], growth: null, growthImputed: null });
	});

	it('takes the latest full period with a year-over-year change', () => {
		const points = [
			trendRow(1, { yoy_pct: 2 }),
			trendRow(2, { yoy_pct: 7 }),
			trendRow(3, { yoy_pct: null }),
			trendRow(4, { partial: true, yoy_pct: -40 })
		].map(toTrendPoint);
		expect(latestYoy(points)?.t).toBe(2);
		expect(latestYoy(points.slice(2))).toBeNull();
	});
});

describe('alerts', () => {
	const alerts = [
		{ kind: 'sensor-down' as const, store: 'Paris', id: 'a' },
		{ kind: 'abnormal-day' as const, store: 'Berlin', id: 'b' },
		{ kind: 'sensor-down' as const, store: 'Berlin', id: 'c' }
	];

	it('filters by kind and store and keeps the order', () => {
		expect(filterAlerts(alerts, { kind: null, store: null }).map((a) => a.id)).toEqual([
			'a',
			'b',
			'c'
		]);
		expect(filterAlerts(alerts, { kind: 'sensor-down', store: null }).map((a) => a.id)).toEqual([
			'a',
			'c'
		]);
		expect(filterAlerts(alerts, { kind: null, store: 'Berlin' }).map((a) => a.id)).toEqual([
			'b',
			'c'
		]);
		expect(filterAlerts(alerts, { kind: 'trend-deviation', store: null })).toEqual([]);
		expect(Object.keys(ALERT_KIND_LABELS)).toHaveLength(5);
	});

	it("opens an alert's store, sensor, resolution and days at every hour, inside the data", () => {
		const extent = extentOf(defaultSimulation());
		const current = { weekdays: [1, 2, 3] as (1 | 2 | 3)[] };
		expect(
			viewOfAlert(
				{ store: 'Paris', sensor: 12, resolution: 'hourly', from: '2024-06-01', to: '2024-07-03' },
				current,
				extent
			)
		).toEqual({
			store: 'Paris',
			sensor: 12,
			resolution: 'hourly',
			weekdays: [1, 2, 3],
			from: '2024-07-01',
			to: '2024-07-03',
			hourFrom: 0,
			hourTo: 23
		});
		const v = viewOfAlert(
			{
				store: 'Madrid',
				sensor: null,
				resolution: 'daily',
				from: '2024-07-05',
				to: '2024-07-09',
				weekdays: [1, 2, 3, 4, 5, 6, 7]
			},
			current,
			extent
		);
		expect(v.weekdays).toEqual([1, 2, 3, 4, 5, 6, 7]);
	});

	it('gives buildAlerts the days of the data as day indexes', () => {
		const input = alertsInput([], [], { start: '1970-01-02', end: '2024-07-01' });
		expect(input.firstDay).toBe(1);
		expect(input.lastDay).toBe(Date.UTC(2024, 6, 1) / 86_400_000);
	});

	it('names the data in reports: the simulation, or the first files', () => {
		const sim = defaultSimulation();
		expect(dataSourceText('sim', sim, [])).toBe('simulation (seed sensors-and-more)');
		expect(dataSourceText('sim', { ...sim, generator: 'numpy' }, [])).toBe(
			'simulation (numpy generator)'
		);
		expect(dataSourceText('sim', { ...sim, model: 'rich' }, [])).toBe(
			'simulation (seed sensors-and-more, rich model)'
		);
		const f = (name: string) => ({ name, size: 1, sha256: '0'.repeat(16) });
		expect(dataSourceText('files', null, [f('a.csv')])).toBe('a.csv');
		expect(dataSourceText('files', null, ['a', 'b', 'c', 'd', 'e'].map(f))).toBe(
			'a, b, c and 2 more'
		);
		expect(dataSourceText('files', null, [])).toBe('dropped files');
	});
});

describe('exports with the imputed totals', () => {
	const row = (over: Partial<FootfallExportRow> = {}): FootfallExportRow => ({
		t: Date.UTC(2024, 6, 1, 9),
		count: 90,
		avg_count_4days: 100,
		perc_diff: -10,
		failed: 1,
		anomalies: 0,
		status: null,
		imputed_count: 100,
		imputed_share: 0.1,
		...over
	});

	it('puts imputed_count and imputed_share after count, empty before the health check', () => {
		expect(footfallExportCsv([row(), row({ imputed_count: null, imputed_share: null })])).toBe(
			'time_local,count,imputed_count,imputed_share,avg_count_4days,perc_diff,failed,anomalies\r\n' +
				'2024-07-01T09:00,90,100,0.1,100,-10,1,0\r\n' +
				'2024-07-01T09:00,90,,,100,-10,1,0\r\n'
		);
	});

	it("adds the status of one sensor's readings at the end", () => {
		const cols = footfallExportColumns([row({ status: 'Measurement failed' })]).map(
			(c) => c.header
		);
		expect(cols.at(-1)).toBe('status');
		expect(cols).toHaveLength(9);
	});

	it('gives Parquet the same columns, the time as a timestamp', () => {
		const rows = [row({ status: 'OK' })];
		const cols = toColumns(footfallExportSpec(rows), rows);
		expect(cols.map((c) => c.name)).toEqual(footfallExportColumns(rows).map((c) => c.header));
		expect(cols[0]).toEqual({ name: 'time_local', values: [rows[0].t], timestamp: true });
		expect(cols.find((c) => c.name === 'imputed_share')?.values).toEqual([0.1]);
		expect(parquetName('footfall_Paris_total_daily.csv')).toBe(
			'footfall_Paris_total_daily.parquet'
		);
	});
});
