/**
 * `trendQuery` on real DuckDB-WASM, on one reading per day (at 12:00) so that every total
 * is worked out by hand:
 *
 *   0 Weekly: 2024-01-01 (Monday) .. 2024-01-31 (Wednesday). Week k (0..4) reads
 *     100 + 10 k a day: 100, 110, 120, 130, 140. Tue 01-30 reads -1, flagged failed by
 *     health with expected 140.
 *   1 Late: 2023-01-01 .. 2024-06-15, closed (-2) before 2023-03-15; then 100 a day in
 *     2023 and 110 a day in 2024.
 *   2 Nothing: no readings.
 * The trend of Late is checked against an independent least-squares fit written here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsoWeekday, ReadingColumns, StoreParams } from '../../../src/lib/domain/footfall';
import { HOUR_FLAG_KINDS, type StoreHealth } from '../../../src/lib/domain/health';
import { readingsToIPC } from '../../../src/lib/arrow/readings';
import { replaceHealth } from '../../../src/lib/arrow/health';
import { toDisplaySql } from '../../../src/lib/db/sql/literal';
import { materializeSql } from '../../../src/lib/db/sql/materialize';
import { storesTableSql } from '../../../src/lib/db/sql/schema';
import {
	DAYS_PER_YEAR,
	TREND_COLUMNS,
	trendQuery,
	type TrendPeriod,
	type TrendRow,
	type TrendSpec
} from '../../../src/lib/db/sql/trend';
import { createNodeDb, type NodeDbClient } from '../../support/duckdb-node';

const DAY = 86_400_000;
const ALL_DAYS: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];
const at = (day: string) => Date.parse(`${day}T00:00Z`);
const dayIdx = (day: string) => at(day) / DAY;
const iso = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);

const store = (name: string): StoreParams => ({
	name,
	sensors: 1,
	opened: '2020-01-01T00:00',
	avg: 0,
	std: 0,
	pFail: 0,
	pAnom: 0
});
const FAILED_DAY = dayIdx('2024-01-30');

function fixture(): ReadingColumns {
	const rows: number[][] = [];
	for (let d = dayIdx('2024-01-01'); d <= dayIdx('2024-01-31'); d++) {
		const week = Math.floor((d - dayIdx('2024-01-01')) / 7);
		rows.push([0, d * 24 + 12, d === FAILED_DAY ? -1 : 100 + 10 * week]);
	}
	for (let d = dayIdx('2023-01-01'); d <= dayIdx('2024-06-15'); d++) {
		const c = d < dayIdx('2023-03-15') ? -2 : iso(d) < '2024' ? 100 : 110;
		rows.push([1, d * 24 + 12, c]);
	}
	return {
		length: rows.length,
		store: Uint8Array.from(rows.map((r) => r[0])),
		sensor: new Uint16Array(rows.length),
		hour: Int32Array.from(rows.map((r) => r[1])),
		count: Int32Array.from(rows.map((r) => r[2])),
		truth: new Uint8Array(rows.length)
	};
}

/** Health of Weekly: the failed reading of 01-30 flagged, expected 140. */
function weeklyHealth(): StoreHealth {
	const none = { length: 0 };
	return {
		storeIdx: 0,
		store: 'Weekly',
		hours: {
			length: 1,
			sensor: Uint16Array.of(0),
			hour: Int32Array.of(FAILED_DAY * 24 + 12),
			kind: Uint8Array.of(HOUR_FLAG_KINDS.indexOf('failed')),
			count: Int32Array.of(-1),
			expected: Float64Array.of(140),
			low: Float64Array.of(100),
			high: Float64Array.of(180)
		},
		days: {
			...none,
			sensor: new Uint16Array(),
			day: new Int32Array(),
			openHours: new Uint8Array(),
			failed: new Uint8Array(),
			zero: new Uint8Array(),
			missing: new Uint8Array(),
			anomalies: new Uint8Array(),
			count: new Float64Array(),
			expected: new Float64Array(),
			siblingRatio: new Float64Array(),
			flags: new Uint8Array()
		},
		storeDays: {
			...none,
			day: new Int32Array(),
			count: new Float64Array(),
			expected: new Float64Array(),
			low: new Float64Array(),
			high: new Float64Array(),
			abnormal: new Uint8Array()
		},
		open: new Uint8Array(168)
	};
}

/** Least squares y = a + b x. */
function fit(xs: number[], ys: number[]): { a: number; b: number } {
	const n = xs.length;
	const mx = xs.reduce((s, x) => s + x, 0) / n;
	const my = ys.reduce((s, y) => s + y, 0) / n;
	let sxy = 0;
	let sxx = 0;
	for (let i = 0; i < n; i++) {
		sxy += (xs[i] - mx) * (ys[i] - my);
		sxx += (xs[i] - mx) ** 2;
	}
	const b = sxy / sxx;
	return { a: my - b * mx, b };
}

const near = (x: number | null, y: number, digits = 6) => {
	expect(x).not.toBeNull();
	expect(x!).toBeCloseTo(y, digits);
};

/** Starting DuckDB and loading can take long on a busy machine (the default is 10 s). */
const HOOK_TIMEOUT = 60_000;

let db: NodeDbClient;
const trend = (s: Partial<TrendSpec> & { store: string; period: TrendPeriod }) =>
	db.query<TrendRow>(trendQuery({ weekdays: ALL_DAYS, ...s }));

beforeAll(async () => {
	db = await createNodeDb();
	await db.insertArrowIPC('readings', readingsToIPC(fixture()), { create: true });
	await db.exec(storesTableSql([store('Weekly'), store('Late'), store('Nothing')]));
	for (const sql of materializeSql()) await db.exec(sql);
	await replaceHealth(db, [weeklyHealth()]);
}, HOOK_TIMEOUT);
afterAll(() => db?.close());

describe('trendQuery', () => {
	it('passes EXPLAIN, returns TREND_COLUMNS in order, and its display SQL gives the same rows', async () => {
		for (const period of ['weekly', 'monthly'] as const) {
			const q = trendQuery({ store: 'Late', period, weekdays: [1, 2, 3, 4, 5, 6] });
			const plan = await db.query({ sql: `EXPLAIN ${q.sql}`, params: q.params });
			expect(plan.length).toBeGreaterThan(0);
			const rows = await db.query<TrendRow>(q);
			expect(rows.length).toBeGreaterThan(10);
			for (const r of rows) expect(Object.keys(r)).toEqual([...TREND_COLUMNS]);
			expect(await db.query(toDisplaySql(q))).toEqual(rows);
		}
	});

	it('weekly: totals, days covered, the partial last week, raw and imputed, by hand', async () => {
		const rows = await trend({ store: 'Weekly', period: 'weekly' });
		expect(rows.map((r) => [r.t, r.days, r.period_days, r.partial])).toEqual([
			[at('2024-01-01'), 7, 7, false],
			[at('2024-01-08'), 7, 7, false],
			[at('2024-01-15'), 7, 7, false],
			[at('2024-01-22'), 7, 7, false],
			[at('2024-01-29'), 3, 7, true]
		]);
		expect(rows.map((r) => r.count)).toEqual([700, 770, 840, 910, 280]);
		expect(rows.map((r) => r.imputed_count)).toEqual([700, 770, 840, 910, 420]);
		expect(rows.map((r) => r.imputed_share)).toEqual([0, 0, 0, 0, 140 / 420]);
		// Rates 100..130 a day over the full weeks: an exact line, 10/7 more per day.
		rows.forEach((r, i) => near(r.trend_count, [700, 770, 840, 910, 420][i]));
		rows.forEach((r, i) => near(r.trend_imputed, [700, 770, 840, 910, 420][i]));
		for (const r of rows) {
			near(r.growth_pct, (100 * (10 / 7) * DAYS_PER_YEAR) / 115);
			expect([r.yoy_pct, r.yoy_imputed_pct]).toEqual([null, null]);
		}
	});

	it('weekly, Mon-Wed: the last week is full, so imputation changes the fitted line', async () => {
		const rows = await trend({ store: 'Weekly', period: 'weekly', weekdays: [3, 1, 2, 1] });
		expect(rows.map((r) => [r.days, r.period_days, r.partial])).toEqual(
			Array(5).fill([3, 3, false])
		);
		expect(rows.map((r) => r.count)).toEqual([300, 330, 360, 390, 280]);
		expect(rows.map((r) => r.imputed_count)).toEqual([300, 330, 360, 390, 420]);
		const xs = [0, 7, 14, 21, 28].map((d) => dayIdx('2024-01-01') + d);
		const raw = fit(
			xs,
			rows.map((r) => r.count / 3)
		);
		rows.forEach((r, i) => near(r.trend_count, (raw.a + raw.b * xs[i]) * 3, 4));
		rows.forEach((r, i) => near(r.trend_imputed, [300, 330, 360, 390, 420][i], 4));
		near(
			rows[0].growth_pct,
			(100 * raw.b * DAYS_PER_YEAR) / ((100 + 110 + 120 + 130 + 280 / 3) / 5)
		);
		near(rows[0].growth_imputed_pct, (100 * (10 / 7) * DAYS_PER_YEAR) / 120);
	});

	it('monthly with one full period: no trend, no growth', async () => {
		const rows = await trend({ store: 'Weekly', period: 'monthly' });
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			t: at('2024-01-01'),
			days: 31,
			period_days: 31,
			partial: false,
			count: 100 * 7 + 110 * 7 + 120 * 7 + 130 * 7 + 140 * 2,
			imputed_count: 3640,
			trend_count: null,
			trend_imputed: null,
			growth_pct: null,
			yoy_pct: null
		});
	});

	it('monthly: the span starts at opening, year over year by per-day rate, trend by a reference fit', async () => {
		const rows = await trend({ store: 'Late', period: 'monthly' });
		expect(rows[0]).toMatchObject({
			t: at('2023-03-01'),
			days: 17,
			period_days: 31,
			partial: true
		});
		expect(rows[0].count).toBe(1700);
		const last = rows[rows.length - 1];
		expect(last).toMatchObject({ t: at('2024-06-01'), days: 15, period_days: 30, partial: true });
		expect(last.count).toBe(1650);
		expect(rows).toHaveLength(16);
		const yoy = Object.fromEntries(rows.map((r) => [iso(r.t / DAY), r.yoy_pct]));
		expect(yoy['2024-02-01']).toBeNull(); // February 2023 is before the opening
		near(yoy['2024-03-01'], 10); // 110 a day against 1700 / 17 = 100
		near(yoy['2024-05-01'], 10);
		near(yoy['2024-06-01'], 10); // partial June against a full June: per-day rates
		expect(yoy['2023-12-01']).toBeNull();

		const full = rows.filter((r) => !r.partial);
		expect(full).toHaveLength(14);
		const xs = full.map((r) => r.t / DAY);
		const ref = fit(
			xs,
			full.map((r) => r.count / r.days)
		);
		for (const r of rows) near(r.trend_count, (ref.a + ref.b * (r.t / DAY)) * r.days, 4);
		const mean = full.reduce((s, r) => s + r.count / r.days, 0) / full.length;
		near(rows[0].growth_pct, (100 * ref.b * DAYS_PER_YEAR) / mean);
		expect(rows[0].growth_pct!).toBeGreaterThan(0);
		// No health for Late: imputed equals raw.
		for (const r of rows) {
			expect(r.imputed_count).toBe(r.count);
			expect(r.trend_imputed).toBeCloseTo(r.trend_count!, 6);
		}
	});

	it('weekly year over year: the same week 52 weeks earlier', async () => {
		const rows = await trend({ store: 'Late', period: 'weekly', weekdays: [1, 2, 3, 4, 5, 6] });
		const byDay = new Map(rows.map((r) => [iso(r.t / DAY), r]));
		expect(byDay.get('2023-03-13')).toMatchObject({ days: 4, period_days: 6, partial: true });
		expect(byDay.get('2024-01-01')!.yoy_pct).toBeNull(); // 2023-01-02 was before the opening
		near(byDay.get('2024-03-18')!.yoy_pct, 10);
		expect(byDay.get('2024-03-18')!.count).toBe(660);
		expect(rows.every((r) => r.period_days === 6)).toBe(true);
	});

	it('gives no rows for a store without readings, an unknown store or no weekday', async () => {
		expect(await trend({ store: 'Nothing', period: 'weekly' })).toEqual([]);
		expect(await trend({ store: "x'; DROP TABLE readings; --", period: 'monthly' })).toEqual([]);
		expect(await trend({ store: 'Late', period: 'weekly', weekdays: [] })).toEqual([]);
		const [n] = await db.query('SELECT CAST(count(*) AS INTEGER) AS n FROM readings');
		expect(n.n).toBe(fixture().length);
	});

	it('binds values, whitelists the period and validates weekdays', () => {
		const q = trendQuery({ store: 'Zeta', period: 'weekly', weekdays: [2, 4] });
		expect(q.sql).not.toContain('Zeta');
		expect(q.params).toEqual(['Zeta', 'Zeta', 2, 4]);
		const bad: unknown[] = [
			{ store: 'Zeta', period: 'yearly', weekdays: [] },
			{ store: 'Zeta', period: "week'); --", weekdays: [] },
			{ store: 'Zeta', period: 'weekly', weekdays: [0] },
			{ store: 'Zeta', period: 'weekly', weekdays: [1.5] },
			{ store: 'Zeta', period: 'weekly', weekdays: '1' },
			{ store: 1, period: 'weekly', weekdays: [1] }
		];
		for (const b of bad)
			expect(() => trendQuery(b as TrendSpec), JSON.stringify(b)).toThrow(RangeError);
	});
});
