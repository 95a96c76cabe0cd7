/**
 * The SQL builders on real DuckDB-WASM (the blocking bundle: the engine the browser runs)
 * against the real schema, loaded through readingsToIPC -> insertArrowIPC, on five weeks
 * of hand-made readings whose baselines are worked out by hand below.
 *
 * Stores (store_idx = position):
 *   0 Alpha, 2 sensors, opened 2024-07-01 05:00: hours 00-05 of July 1 read -2.
 *     sensor 0: Mondays 10:00 = 100, 200, -1, 400, 500 (weeks 1-5); Tuesdays 09:00 = 7;
 *               Sundays 11:00 = 1000; every other hour 0.
 *     sensor 1: Mondays 10:00 = 10, 20, 30, 40, 50 (the 50 is a planted anomaly);
 *               Tuesday July 2 12:00 = -1; every other hour 0.
 *   1 EVIL ("x'; DROP TABLE readings; --"), 1 sensor, 5 visits every hour.
 *   2 Gappy, 1 sensor: Mondays 10:00 = 100, (missing), 300, 400, 500; else 0.
 *   3 Empty, 3 sensors, no readings.
 * Data: 2024-07-01 (Monday) to 2024-08-04 (Sunday), 35 days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
	IsoWeekday,
	ReadingColumns,
	Resolution,
	StoreParams
} from '../../../src/lib/domain/footfall';
import { readingsToIPC } from '../../../src/lib/arrow/readings';
import type { Query } from '../../../src/lib/db/client';
import { heatmapQuery, type HeatmapRow } from '../../../src/lib/db/sql/heatmap';
import { toDisplaySql } from '../../../src/lib/db/sql/literal';
import { DERIVED, materializeSql } from '../../../src/lib/db/sql/materialize';
import { storesTableSql } from '../../../src/lib/db/sql/schema';
import { storeSummaryQuery, type StoreSummaryRow } from '../../../src/lib/db/sql/summary';
import {
	HEATMAP_HOURLY_MAX_DAYS,
	VIEW_COLUMNS,
	daysInRange,
	heatmapDailyQuery,
	heatmapGranularity,
	viewQuery,
	type HeatmapDailyRow,
	type ViewRow,
	type ViewSpec
} from '../../../src/lib/db/sql/view';
import { createNodeDb, type NodeDbClient } from '../../support/duckdb-node';

const EVIL = "x'; DROP TABLE readings; --";
const HOUR = 3_600_000;
const RESOLUTIONS: Resolution[] = ['hourly', 'daily', 'weekly', 'monthly'];
const ALL_DAYS: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

/** Epoch ms of a naive wall-clock time. */
const at = (day: string, hour = 0) => Date.parse(`${day}T00:00Z`) + hour * HOUR;
const hourIdx = (day: string, hour = 0) => at(day, hour) / HOUR;

const MONDAYS = ['2024-07-01', '2024-07-08', '2024-07-15', '2024-07-22', '2024-07-29'];
const FIRST = '2024-07-01';
const LAST = '2024-08-04';
const DAYS = 35;

const store = (name: string, sensors: number, opened: string): StoreParams => ({
	name,
	sensors,
	opened,
	avg: 0,
	std: 0,
	pFail: 0,
	pAnom: 0
});
const STORES = [
	store('Alpha', 2, '2024-07-01T05:00'),
	store(EVIL, 1, '2020-01-01T00:00'),
	store('Gappy', 1, '2020-01-01T00:00'),
	store('Empty', 3, '2020-01-01T00:00')
];

/** [count, truth] of a reading, or null where there is none. */
function reading(s: number, sensor: number, h: number): [number, number] | null {
	const day = Math.floor(h / 24);
	const hod = h - day * 24;
	const isodow = ((day + 3) % 7) + 1; // 1970-01-01 was a Thursday
	const week = Math.floor((day - hourIdx(FIRST) / 24) / 7);
	if (s === 0) {
		if (h <= hourIdx(FIRST, 5)) return [-2, 0];
		if (sensor === 0) {
			if (isodow === 1 && hod === 10) {
				const v = [100, 200, -1, 400, 500][week];
				return [v, v === -1 ? 1 : 0];
			}
			if (isodow === 2 && hod === 9) return [7, 0];
			if (isodow === 7 && hod === 11) return [1000, 0];
			return [0, 0];
		}
		if (isodow === 1 && hod === 10) return [[10, 20, 30, 40, 50][week], week === 4 ? 2 : 0];
		if (h === hourIdx('2024-07-02', 12)) return [-1, 1];
		return [0, 0];
	}
	if (s === 1) return [5, 0];
	if (s === 2) {
		if (isodow === 1 && hod === 10) return week === 1 ? null : [[100, 0, 300, 400, 500][week], 0];
		return [0, 0];
	}
	return null;
}

/** All readings, ordered by store, sensor, hour (as the simulator delivers them). */
function fixture(): ReadingColumns {
	const rows: number[][] = [];
	const h0 = hourIdx(FIRST);
	STORES.forEach((st, s) => {
		for (let sensor = 0; sensor < st.sensors; sensor++) {
			for (let h = h0; h < h0 + DAYS * 24; h++) {
				const r = reading(s, sensor, h);
				if (r) rows.push([s, sensor, h, r[0], r[1]]);
			}
		}
	});
	return {
		length: rows.length,
		store: Uint8Array.from(rows.map((r) => r[0])),
		sensor: Uint16Array.from(rows.map((r) => r[1])),
		hour: Int32Array.from(rows.map((r) => r[2])),
		count: Int32Array.from(rows.map((r) => r[3])),
		truth: Uint8Array.from(rows.map((r) => r[4]))
	};
}

function slice(c: ReadingColumns, from: number, to: number): ReadingColumns {
	return {
		length: to - from,
		store: c.store.slice(from, to),
		sensor: c.sensor.slice(from, to),
		hour: c.hour.slice(from, to),
		count: c.count.slice(from, to),
		truth: c.truth.slice(from, to)
	};
}

const spec = (over: Partial<ViewSpec> = {}): ViewSpec => ({
	store: 'Alpha',
	sensor: null,
	resolution: 'daily',
	weekdays: ALL_DAYS,
	from: FIRST,
	to: LAST,
	hourFrom: 0,
	hourTo: 23,
	...over
});

/** Compare numbers to 6 decimals, keeping null and exact values as they are. */
function close(xs: (number | null)[]): (number | null)[] {
	return xs.map((x) => (x === null ? null : Math.round(x * 1e6) / 1e6));
}

let db: NodeDbClient;
const view = (s: ViewSpec) => db.query<ViewRow>(viewQuery(s));
const explain = async (q: Query) => {
	const plan = await db.query({ sql: `EXPLAIN ${q.sql}`, params: q.params });
	expect(plan.length).toBeGreaterThan(0);
	expect(String(plan[0].explain_value)).toMatch(/┌─+┐/);
};

beforeAll(async () => {
	db = await createNodeDb();
	const cols = fixture();
	const half = 1800; // two chunks: create, then append
	await db.insertArrowIPC('readings', readingsToIPC(slice(cols, 0, half)), { create: true });
	await db.insertArrowIPC('readings', readingsToIPC(slice(cols, half, cols.length)), {
		create: false
	});
	await db.exec(storesTableSql(STORES));
	for (const sql of materializeSql()) await db.exec(sql);
});
afterAll(() => db?.close());

describe('materializeSql', () => {
	it('creates the readings_v view and the hourly_store, daily_sensor, daily_store tables', async () => {
		const names = await db.query<{ name: string }>(
			`SELECT table_name AS name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY name`
		);
		expect(names.map((r) => r.name)).toEqual(
			[...DERIVED, 'readings', 'stores'].sort((a, b) => a.localeCompare(b))
		);
	});

	it('every statement passes EXPLAIN', async () => {
		for (const sql of materializeSql()) await explain({ sql, params: [] });
	});

	it('readings_v labels each reading: status, count 0 unless OK, flags, calendar fields', async () => {
		const rows = await db.query(
			`SELECT CAST(ts AS TIMESTAMP) AS ts, CAST(date AS TIMESTAMP) AS date, hod, isodow,
			   raw_count, status, count, failed, closed, anomaly
			 FROM readings_v WHERE store = 'Alpha' AND sensor = 1 AND hour IN (?, ?, ?, ?)
			 ORDER BY hour`.replace(
				'?, ?, ?, ?',
				[
					hourIdx(FIRST, 5),
					hourIdx(FIRST, 6),
					hourIdx('2024-07-02', 12),
					hourIdx('2024-07-29', 10)
				].join(', ')
			)
		);
		expect(rows).toEqual([
			{
				ts: at(FIRST, 5),
				date: at(FIRST),
				hod: 5,
				isodow: 1,
				raw_count: -2,
				status: 'Shop closed',
				count: 0,
				failed: false,
				closed: true,
				anomaly: false
			},
			{
				ts: at(FIRST, 6),
				date: at(FIRST),
				hod: 6,
				isodow: 1,
				raw_count: 0,
				status: 'OK',
				count: 0,
				failed: false,
				closed: false,
				anomaly: false
			},
			{
				ts: at('2024-07-02', 12),
				date: at('2024-07-02'),
				hod: 12,
				isodow: 2,
				raw_count: -1,
				status: 'Measurement failed',
				count: 0,
				failed: true,
				closed: false,
				anomaly: false
			},
			{
				ts: at('2024-07-29', 10),
				date: at('2024-07-29'),
				hod: 10,
				isodow: 1,
				raw_count: 50,
				status: 'OK',
				count: 50,
				failed: false,
				closed: false,
				anomaly: true
			}
		]);
	});

	it('keeps one row per store and hour in hourly_store and per sensor and day in daily_sensor', async () => {
		const [n] = await db.query(
			`SELECT (SELECT CAST(count(*) AS INTEGER) FROM hourly_store) AS hourly,
			   (SELECT CAST(count(*) AS INTEGER) FROM daily_sensor) AS daily_sensor,
			   (SELECT CAST(count(*) AS INTEGER) FROM daily_store) AS daily_store`
		);
		// Alpha, EVIL, Gappy have readings (Gappy misses one hour); Empty has none.
		expect(n).toEqual({ hourly: 3 * DAYS * 24 - 1, daily_sensor: 4 * DAYS, daily_store: 3 * DAYS });
	});
});

describe('viewQuery: every combination passes EXPLAIN and the display SQL gives the same rows', () => {
	const cases: ViewSpec[] = [];
	for (const resolution of RESOLUTIONS) {
		for (const sensor of [null, 0]) {
			for (const weekdays of [ALL_DAYS, [] as IsoWeekday[], [1, 3, 7] as IsoWeekday[]]) {
				for (const [hourFrom, hourTo] of [
					[0, 23],
					[8, 17],
					[22, 1]
				]) {
					cases.push(spec({ resolution, sensor, weekdays, hourFrom, hourTo }));
				}
			}
		}
	}
	it.each(cases.map((c) => [JSON.stringify(c), c] as const))('%s', async (_name, s) => {
		const q = viewQuery(s);
		await explain(q);
		const rows = await db.query(q);
		expect(await db.query(toDisplaySql(q))).toEqual(rows);
	});
});

describe('viewQuery rows', () => {
	it.each(
		RESOLUTIONS.flatMap((resolution) =>
			[null, 1].map((sensor) => [resolution, sensor] as [Resolution, number | null])
		)
	)(
		'%s, sensor %s: columns in order, plain JS values only, ordered by t',
		async (resolution, sensor) => {
			const q = viewQuery(spec({ resolution, sensor }));
			const rows = await db.query<ViewRow>(q);
			expect(rows.length).toBeGreaterThan(0);
			for (const r of rows) {
				expect(Object.keys(r)).toEqual([...VIEW_COLUMNS]);
				for (const k of VIEW_COLUMNS.slice(0, 8)) {
					if (k !== 'perc_diff' || r[k] !== null) expect(Number.isFinite(r[k])).toBe(true);
				}
				expect(r.status === null || typeof r.status === 'string').toBe(true);
			}
			const ts = rows.map((r) => r.t);
			expect(ts).toEqual([...ts].sort((a, b) => a - b));
			expect(new Set(ts).size).toBe(ts.length);
		}
	);

	it('hourly, one sensor: Monday 10:00 over five weeks, baseline of the current and 3 previous weeks', async () => {
		const rows = await view(
			spec({ resolution: 'hourly', sensor: 0, weekdays: [1], hourFrom: 10, hourTo: 10 })
		);
		expect(rows.map((r) => r.t)).toEqual(MONDAYS.map((d) => at(d, 10)));
		expect(rows.map((r) => r.count)).toEqual([100, 200, 0, 400, 500]);
		// (100)/1, (100+200)/2, (100+200+0)/3, (100+200+0+400)/4, (200+0+400+500)/4
		expect(rows.map((r) => r.avg_count_4days)).toEqual([100, 150, 100, 175, 275]);
		expect(close(rows.map((r) => r.perc_diff))).toEqual(
			close([0, 100 / 3, -100, (100 * 225) / 175, (100 * 225) / 275])
		);
		expect(rows.map((r) => r.status)).toEqual(['OK', 'OK', 'Measurement failed', 'OK', 'OK']);
		expect(rows.map((r) => r.failed)).toEqual([0, 0, 1, 0, 0]);
		expect(rows.map((r) => r.readings)).toEqual([1, 1, 1, 1, 1]);
	});

	it('hourly, store total: sensors summed with the failed reading as 0, baseline by hand', async () => {
		const rows = await view(
			spec({ resolution: 'hourly', weekdays: [1], hourFrom: 10, hourTo: 10 })
		);
		expect(rows.map((r) => r.count)).toEqual([110, 220, 30, 440, 550]);
		// 110, (110+220)/2, (110+220+30)/3, (110+220+30+440)/4, (220+30+440+550)/4
		expect(rows.map((r) => r.avg_count_4days)).toEqual([110, 165, 120, 200, 310]);
		expect(close(rows.map((r) => r.perc_diff))).toEqual(
			close([0, (100 * 55) / 165, -75, 120, (100 * 240) / 310])
		);
		expect(rows.map((r) => r.failed)).toEqual([0, 0, 1, 0, 0]);
		expect(rows.map((r) => r.anomalies)).toEqual([0, 0, 0, 0, 1]);
		expect(rows.map((r) => r.readings)).toEqual([2, 2, 2, 2, 2]);
		expect(rows.map((r) => r.status)).toEqual([null, null, null, null, null]);
	});

	it('hourly: closed hours before the opening count 0, and an all-zero slot has perc_diff null', async () => {
		const rows = await view(spec({ resolution: 'hourly', to: FIRST, hourFrom: 3, hourTo: 6 }));
		expect(rows.map((r) => [r.t, r.count, r.closed, r.avg_count_4days, r.perc_diff])).toEqual([
			[at(FIRST, 3), 0, 2, 0, null],
			[at(FIRST, 4), 0, 2, 0, null],
			[at(FIRST, 5), 0, 2, 0, null],
			[at(FIRST, 6), 0, 0, 0, null]
		]);
		const one = await view(
			spec({ resolution: 'hourly', sensor: 1, to: FIRST, hourFrom: 5, hourTo: 6 })
		);
		expect(one.map((r) => r.status)).toEqual(['Shop closed', 'OK']);
	});

	it('hourly: the date range keeps earlier weeks in the baseline (store table and per-sensor window)', async () => {
		const range = {
			weekdays: [1] as IsoWeekday[],
			hourFrom: 10,
			hourTo: 10,
			from: '2024-07-15',
			to: '2024-07-22'
		};
		const store = await view(spec({ resolution: 'hourly', ...range }));
		expect(store.map((r) => [r.t, r.avg_count_4days])).toEqual([
			[at('2024-07-15', 10), 120],
			[at('2024-07-22', 10), 200]
		]);
		const sensor = await view(
			spec({ resolution: 'hourly', sensor: 0, ...range, from: '2024-07-29', to: LAST })
		);
		expect(sensor.map((r) => [r.t, r.count, r.avg_count_4days])).toEqual([
			[at('2024-07-29', 10), 500, 275]
		]);
	});

	it('hourly, one sensor with a missing reading: the baseline takes the 3 previous readings that exist', async () => {
		const full = await view(
			spec({
				store: 'Gappy',
				resolution: 'hourly',
				sensor: 0,
				weekdays: [1],
				hourFrom: 10,
				hourTo: 10
			})
		);
		expect(full.map((r) => r.t)).toEqual([MONDAYS[0], ...MONDAYS.slice(2)].map((d) => at(d, 10)));
		// rows 100, 300, 400, 500: 100, (100+300)/2, (100+300+400)/3, (100+300+400+500)/4
		expect(close(full.map((r) => r.avg_count_4days))).toEqual(close([100, 200, 800 / 3, 325]));
		const last = await view(
			spec({
				store: 'Gappy',
				resolution: 'hourly',
				sensor: 0,
				weekdays: [1],
				hourFrom: 10,
				hourTo: 10,
				from: '2024-07-29'
			})
		);
		expect(last.map((r) => r.avg_count_4days)).toEqual([325]);
		const total = await view(
			spec({ store: 'Gappy', resolution: 'hourly', weekdays: [1], hourFrom: 10, hourTo: 10 })
		);
		expect(close(total.map((r) => r.avg_count_4days))).toEqual(close([100, 200, 800 / 3, 325]));
	});

	it('hourly: hours are inclusive, and a range from 22 to 1 wraps midnight', async () => {
		const day = {
			store: EVIL,
			resolution: 'hourly' as const,
			from: '2024-07-03',
			to: '2024-07-03'
		};
		const wrap = await view(spec({ ...day, hourFrom: 22, hourTo: 1 }));
		expect(wrap.map((r) => r.t)).toEqual([0, 1, 22, 23].map((h) => at('2024-07-03', h)));
		const single = await view(spec({ ...day, sensor: 0, hourFrom: 7, hourTo: 7 }));
		expect(single.map((r) => [r.t, r.count])).toEqual([[at('2024-07-03', 7), 5]]);
	});

	it('daily: sensor rows and store totals, Mondays by hand, failed and closed counted', async () => {
		const sensor = await view(spec({ sensor: 0, weekdays: [1] }));
		expect(sensor.map((r) => r.t)).toEqual(MONDAYS.map((d) => at(d)));
		expect(sensor.map((r) => r.count)).toEqual([100, 200, 0, 400, 500]);
		expect(sensor.map((r) => r.avg_count_4days)).toEqual([100, 150, 100, 175, 275]);
		expect(sensor.map((r) => r.failed)).toEqual([0, 0, 1, 0, 0]);
		expect(sensor.map((r) => r.readings)).toEqual([24, 24, 24, 24, 24]);

		const store = await view(spec({ weekdays: [1] }));
		expect(store.map((r) => r.count)).toEqual([110, 220, 30, 440, 550]);
		expect(store.map((r) => r.avg_count_4days)).toEqual([110, 165, 120, 200, 310]);
		expect(store.map((r) => r.closed)).toEqual([12, 0, 0, 0, 0]);
		expect(store.map((r) => r.readings)).toEqual([48, 48, 48, 48, 48]);
		expect(store.map((r) => r.anomalies)).toEqual([0, 0, 0, 0, 1]);
	});

	it('daily: Tuesdays (a failed reading counts 0) and Wednesdays (all zero, perc_diff null)', async () => {
		const tue = await view(spec({ weekdays: [2] }));
		expect(tue.map((r) => [r.count, r.avg_count_4days, r.perc_diff])).toEqual(
			Array(5).fill([7, 7, 0])
		);
		expect(tue.map((r) => r.failed)).toEqual([1, 0, 0, 0, 0]);
		const wed = await view(spec({ weekdays: [3] }));
		expect(wed).toHaveLength(5);
		expect(wed.every((r) => r.count === 0 && r.avg_count_4days === 0 && r.perc_diff === null)).toBe(
			true
		);
	});

	it('daily: a day with a missing reading still has a row, with one reading fewer', async () => {
		const mondays = await view(spec({ store: 'Gappy', weekdays: [1] }));
		expect(mondays.map((r) => [r.count, r.readings])).toEqual([
			[100, 24],
			[0, 23],
			[300, 24],
			[400, 24],
			[500, 24]
		]);
	});

	it('daily: weekday filter and date range', async () => {
		const rows = await view(spec({ weekdays: [6, 7], from: '2024-07-06', to: '2024-07-14' }));
		expect(rows.map((r) => [r.t, r.count])).toEqual([
			[at('2024-07-06'), 0],
			[at('2024-07-07'), 1000],
			[at('2024-07-13'), 0],
			[at('2024-07-14'), 1000]
		]);
	});

	it('weekly, store total: all days, and Mon-Sat summing only the selected days', async () => {
		const all = await view(spec({ resolution: 'weekly' }));
		expect(all.map((r) => r.t)).toEqual(MONDAYS.map((d) => at(d)));
		expect(all.map((r) => r.count)).toEqual([1117, 1227, 1037, 1447, 1557]);
		// 1117, (1117+1227)/2, (1117+1227+1037)/3, (.. +1447)/4, (1227+1037+1447+1557)/4
		expect(all.map((r) => r.avg_count_4days)).toEqual([1117, 1172, 1127, 1207, 1317]);
		expect(all.map((r) => r.readings)).toEqual([336, 336, 336, 336, 336]);
		expect(all.map((r) => r.failed)).toEqual([1, 0, 1, 0, 0]);

		const monSat = await view(spec({ resolution: 'weekly', weekdays: [1, 2, 3, 4, 5, 6] }));
		expect(monSat.map((r) => r.count)).toEqual([117, 227, 37, 447, 557]);
		expect(monSat.map((r) => r.avg_count_4days)).toEqual([117, 172, 127, 207, 317]);
		expect(monSat.map((r) => r.readings)).toEqual([288, 288, 288, 288, 288]);
	});

	it('weekly, one sensor', async () => {
		const rows = await view(spec({ resolution: 'weekly', sensor: 0 }));
		expect(rows.map((r) => r.count)).toEqual([1107, 1207, 1007, 1407, 1507]);
		expect(rows.map((r) => r.avg_count_4days)).toEqual([1107, 1157, 1107, 1182, 1282]);
	});

	it('weekly: whole weeks overlapping the range, their baseline fed by earlier weeks', async () => {
		const rows = await view(spec({ resolution: 'weekly', from: '2024-07-17', to: '2024-07-24' }));
		expect(rows.map((r) => [r.t, r.count, r.avg_count_4days])).toEqual([
			[at('2024-07-15'), 1037, 1127],
			[at('2024-07-22'), 1447, 1207]
		]);
	});

	it('monthly: July and August, the baseline over the current and previous months', async () => {
		const rows = await view(spec({ resolution: 'monthly' }));
		expect(rows.map((r) => [r.t, r.count, r.avg_count_4days])).toEqual([
			[at('2024-07-01'), 5385, 5385],
			[at('2024-08-01'), 1000, 3192.5]
		]);
		expect(close(rows.map((r) => r.perc_diff))).toEqual(close([0, (100 * -2192.5) / 3192.5]));
		const aug = await view(spec({ resolution: 'monthly', from: '2024-08-02' }));
		expect(aug.map((r) => [r.t, r.avg_count_4days])).toEqual([[at('2024-08-01'), 3192.5]]);
		const sensor1 = await view(spec({ resolution: 'monthly', sensor: 1 }));
		expect(sensor1.map((r) => [r.count, r.failed, r.anomalies])).toEqual([
			[150, 1, 1],
			[0, 0, 0]
		]);
	});

	it.each(RESOLUTIONS)('%s: no weekday selected gives no rows', async (resolution) => {
		expect(await view(spec({ resolution, weekdays: [] }))).toEqual([]);
		expect(await view(spec({ resolution, sensor: 0, weekdays: [] }))).toEqual([]);
	});

	it.each(RESOLUTIONS)(
		'%s: an unknown store, sensor or empty range gives no rows',
		async (resolution) => {
			expect(await view(spec({ resolution, store: 'Nowhere' }))).toEqual([]);
			expect(await view(spec({ resolution, sensor: 9 }))).toEqual([]);
			expect(await view(spec({ resolution, store: 'Empty' }))).toEqual([]);
			expect(await view(spec({ resolution, from: '2024-09-01', to: '2024-09-30' }))).toEqual([]);
		}
	);

	it.each(
		RESOLUTIONS.flatMap(
			(r) =>
				[
					[r, null],
					[r, 0]
				] as [Resolution, number | null][]
		)
	)(
		'%s, sensor %s: a hostile store name is bound, returns its own rows and drops nothing',
		async (resolution, sensor) => {
			const q = viewQuery(spec({ store: EVIL, resolution, sensor }));
			expect(q.sql).not.toContain(EVIL);
			const rows = await db.query<ViewRow>(q);
			const perDay = { hourly: 1, daily: 24, weekly: 168, monthly: 0 }[resolution];
			if (perDay) expect(rows.every((r) => r.count === 5 * perDay)).toBe(true);
			expect(rows.length).toBe(
				{ hourly: DAYS * 24, daily: DAYS, weekly: 5, monthly: 2 }[resolution]
			);
			expect(await db.query(toDisplaySql(q))).toEqual(rows);
			const [n] = await db.query('SELECT CAST(count(*) AS INTEGER) AS n FROM readings');
			expect(n.n).toBe(fixture().length);
		}
	);

	it('refuses an unknown resolution and out-of-range values', () => {
		const bad: Partial<ViewSpec>[] = [
			{ resolution: 'yearly' as Resolution },
			{ resolution: "daily'; DROP TABLE readings; --" as Resolution },
			{ sensor: -1 },
			{ sensor: 1.5 },
			{ sensor: 70_000 },
			{ weekdays: [0 as IsoWeekday] },
			{ weekdays: [8 as IsoWeekday] },
			{ hourFrom: 24 },
			{ hourTo: -1 },
			{ hourFrom: 2.5 },
			{ from: '2024-02-30' },
			{ to: "2024-07-01'; --" }
		];
		for (const b of bad) expect(() => viewQuery(spec(b)), JSON.stringify(b)).toThrow(RangeError);
	});

	it('binds every value: the SQL text holds no store name or date, the params hold them in order', () => {
		const q = viewQuery(
			spec({
				store: 'Zeta',
				sensor: 3,
				resolution: 'hourly',
				weekdays: [2, 4],
				hourFrom: 9,
				hourTo: 16
			})
		);
		expect(q.sql).not.toMatch(/Zeta|2024-/);
		// readings of the sensor, its imputed hours (hour indexes of from and to + 1 day), the first hour shown, the filters
		expect(q.params).toEqual([
			'Zeta',
			3,
			FIRST,
			LAST,
			'Zeta',
			3,
			hourIdx(FIRST),
			hourIdx(LAST) + 24,
			hourIdx(FIRST),
			2,
			4,
			9,
			16
		]);
	});
});

describe('heatmapQuery', () => {
	it('passes EXPLAIN', async () => {
		await explain(heatmapQuery({ store: 'Alpha', from: FIRST, to: LAST }));
	});

	it('gives one row per sensor, day and hour, ordered, with status and anomaly', async () => {
		const rows = await db.query<HeatmapRow>(
			heatmapQuery({ store: 'Alpha', from: FIRST, to: FIRST })
		);
		expect(rows).toHaveLength(2 * 24);
		expect(rows.map((r) => [r.sensor, r.hour])).toEqual(
			[0, 1].flatMap((s) => Array.from({ length: 24 }, (_, h) => [s, h]))
		);
		expect(rows[10]).toEqual({
			sensor: 0,
			day: at(FIRST),
			hour: 10,
			count: 100,
			status: 'OK',
			anomaly: 0
		});
		expect(rows[24 + 3]).toEqual({
			sensor: 1,
			day: at(FIRST),
			hour: 3,
			count: 0,
			status: 'Shop closed',
			anomaly: 0
		});
		const late = await db.query<HeatmapRow>(
			heatmapQuery({ store: 'Alpha', from: '2024-07-29', to: '2024-07-29' })
		);
		expect(late.find((r) => r.sensor === 1 && r.hour === 10)).toEqual({
			sensor: 1,
			day: at('2024-07-29'),
			hour: 10,
			count: 50,
			status: 'OK',
			anomaly: 1
		});
		const failed = await db.query<HeatmapRow>(
			heatmapQuery({ store: 'Alpha', from: '2024-07-02', to: '2024-07-02' })
		);
		expect(failed.filter((r) => r.status === 'Measurement failed')).toEqual([
			{
				sensor: 1,
				day: at('2024-07-02'),
				hour: 12,
				count: 0,
				status: 'Measurement failed',
				anomaly: 0
			}
		]);
	});

	it('binds a hostile store name and validates dates', async () => {
		const q = heatmapQuery({ store: EVIL, from: FIRST, to: '2024-07-02' });
		expect(await db.query(q)).toHaveLength(48);
		expect(await db.query(toDisplaySql(q))).toHaveLength(48);
		expect(() => heatmapQuery({ store: 'Alpha', from: "2024-07-01'", to: LAST })).toThrow(
			RangeError
		);
	});
});

describe('heatmapDailyQuery', () => {
	const daily = (from = FIRST, to = LAST, store = 'Alpha') =>
		db.query<HeatmapDailyRow>(heatmapDailyQuery({ store, from, to }));

	it('passes EXPLAIN', async () => {
		await explain(heatmapDailyQuery({ store: 'Alpha', from: FIRST, to: LAST }));
	});

	it('gives one row per sensor and day, ordered by sensor and day', async () => {
		const rows = await daily();
		expect(rows).toHaveLength(2 * DAYS);
		expect(rows.map((r) => [r.sensor, r.day])).toEqual(
			[0, 1].flatMap((s) => Array.from({ length: DAYS }, (_, d) => [s, at(FIRST) + d * 24 * HOUR]))
		);
	});

	it.each([
		// sensor, day: closed before opening at 05:00, 100 visits at 10:00 on Mondays
		[0, FIRST, { count: 100, readings: 24, failed: 0, closed: 6, anomalies: 0 }],
		[0, '2024-07-02', { count: 7, readings: 24, failed: 0, closed: 0, anomalies: 0 }],
		[0, '2024-07-15', { count: 0, readings: 24, failed: 1, closed: 0, anomalies: 0 }],
		[1, '2024-07-02', { count: 0, readings: 24, failed: 1, closed: 0, anomalies: 0 }],
		[1, '2024-07-29', { count: 50, readings: 24, failed: 0, closed: 0, anomalies: 1 }]
	])('sensor %i on %s', async (sensor, day, expected) => {
		const rows = await daily(day, day);
		expect(rows.find((r) => r.sensor === sensor)).toEqual({ sensor, day: at(day), ...expected });
	});

	it('sums exactly the hour rows of heatmapQuery', async () => {
		const hours = await db.query<HeatmapRow>(
			heatmapQuery({ store: 'Alpha', from: FIRST, to: LAST })
		);
		const sums = new Map<string, number[]>();
		for (const h of hours) {
			const key = `${h.sensor}:${h.day}`;
			const s = sums.get(key) ?? [h.sensor, h.day, 0, 0, 0, 0, 0];
			s[2] += h.count;
			s[3] += 1;
			s[4] += h.status === 'Measurement failed' ? 1 : 0;
			s[5] += h.status === 'Shop closed' ? 1 : 0;
			s[6] += h.anomaly;
			sums.set(key, s);
		}
		const rows = await daily();
		expect(
			rows.map((r) => [r.sensor, r.day, r.count, r.readings, r.failed, r.closed, r.anomalies])
		).toEqual([...sums.values()]);
	});

	it('binds a hostile store name, returns the same rows as its display SQL and validates dates', async () => {
		const q = heatmapDailyQuery({ store: EVIL, from: FIRST, to: '2024-07-03' });
		expect(q.sql).not.toMatch(/DROP|2024-/);
		expect(await db.query(q)).toHaveLength(3);
		expect(await db.query(toDisplaySql(q))).toEqual(await db.query(q));
		expect(await daily(FIRST, LAST, 'Nobody')).toEqual([]);
		expect(await daily(LAST, FIRST)).toEqual([]);
		for (const bad of [
			{ store: 'Alpha', from: "2024-07-01'", to: LAST },
			{ store: 'Alpha', from: FIRST, to: '2024-02-30' },
			{ store: 1 as unknown as string, from: FIRST, to: LAST }
		]) {
			expect(() => heatmapDailyQuery(bad), JSON.stringify(bad)).toThrow(RangeError);
		}
	});
});

describe('heatmapGranularity', () => {
	it.each([
		['2024-07-01', '2024-07-01', 1, 'hourly'],
		['2024-07-01', '2024-08-07', 38, 'hourly'],
		['2024-07-01', '2024-08-31', 62, 'hourly'],
		['2024-07-01', '2024-09-01', 63, 'daily'],
		['2024-02-01', '2024-04-02', 62, 'hourly'], // leap February
		['2015-01-01', '2024-12-31', 3653, 'daily'],
		['2024-07-02', '2024-07-01', 0, 'hourly']
	])('%s .. %s: %i days, %s', (from, to, days, granularity) => {
		expect(daysInRange(from, to)).toBe(days);
		expect(heatmapGranularity(from, to)).toBe(granularity);
	});

	it('switches to days above HEATMAP_HOURLY_MAX_DAYS', () => {
		expect(HEATMAP_HOURLY_MAX_DAYS).toBe(62);
		expect(() => heatmapGranularity('2024-07-01', 'soon')).toThrow(RangeError);
	});
});

describe('storeSummaryQuery', () => {
	it('passes EXPLAIN', async () => {
		await explain(storeSummaryQuery());
	});

	it('summarises every store, also one without readings', async () => {
		const rows = await db.query<StoreSummaryRow>(storeSummaryQuery());
		const day = (d: string) => at(d);
		expect(rows).toEqual([
			{
				store_idx: 0,
				store: 'Alpha',
				sensors: 2,
				opened: at(FIRST, 5),
				first_ts: at(FIRST, 0),
				last_ts: at(LAST, 23),
				first_day: day(FIRST),
				last_day: day(LAST),
				readings: 2 * DAYS * 24,
				// sensor 0: 100+200+400+500 + 5 x 7 + 5 x 1000; sensor 1: 10+20+30+40+50
				visits: 1200 + 35 + 5000 + 150,
				failed: 2,
				closed: 12,
				anomalies: 1
			},
			{
				store_idx: 1,
				store: EVIL,
				sensors: 1,
				opened: Date.UTC(2020, 0, 1),
				first_ts: at(FIRST, 0),
				last_ts: at(LAST, 23),
				first_day: day(FIRST),
				last_day: day(LAST),
				readings: DAYS * 24,
				visits: 5 * DAYS * 24,
				failed: 0,
				closed: 0,
				anomalies: 0
			},
			{
				store_idx: 2,
				store: 'Gappy',
				sensors: 1,
				opened: Date.UTC(2020, 0, 1),
				first_ts: at(FIRST, 0),
				last_ts: at(LAST, 23),
				first_day: day(FIRST),
				last_day: day(LAST),
				readings: DAYS * 24 - 1,
				visits: 1300,
				failed: 0,
				closed: 0,
				anomalies: 0
			},
			{
				store_idx: 3,
				store: 'Empty',
				sensors: 3,
				opened: Date.UTC(2020, 0, 1),
				first_ts: null,
				last_ts: null,
				first_day: null,
				last_day: null,
				readings: 0,
				visits: 0,
				failed: 0,
				closed: 0,
				anomalies: 0
			}
		]);
	});
});

describe('materializeSql again after appending', () => {
	it('is idempotent and picks up the new readings', async () => {
		const h = hourIdx('2024-08-05');
		const n = 24;
		await db.insertArrowIPC(
			'readings',
			readingsToIPC({
				length: n,
				store: new Uint8Array(n).fill(3),
				sensor: new Uint16Array(n).fill(2),
				hour: Int32Array.from({ length: n }, (_, i) => h + i),
				count: new Int32Array(n).fill(4),
				truth: new Uint8Array(n)
			}),
			{ create: false }
		);
		for (const sql of materializeSql()) await db.exec(sql);
		const rows = await view(
			spec({ store: 'Empty', sensor: 2, from: '2024-08-05', to: '2024-08-05' })
		);
		expect(rows.map((r) => [r.t, r.count, r.readings])).toEqual([[at('2024-08-05'), 96, 24]]);
		const summary = await db.query<StoreSummaryRow>(storeSummaryQuery());
		expect(summary[3].readings).toBe(24);
		expect(summary[0].readings).toBe(2 * DAYS * 24);
	});
});
