/**
 * Health tables and imputed totals on real DuckDB-WASM: readings loaded like the page does,
 * `materializeSql()` (which creates the empty health tables), then health results built
 * by hand as `StoreHealth` columns and swapped in with `replaceHealth`.
 *
 * Stores (store_idx = position), 2024-07-01 (Monday) to 2024-07-14 (Sunday), every day:
 *   0 Alpha, 2 sensors: 10 visits in each hour 08-17, 0 otherwise, except
 *     - sensor 0, Tue 07-02 10:00 reads -1      -> flagged failed,  expected 12
 *     - sensor 1, Wed 07-03 09:00 reads 0       -> flagged zero,    expected 9
 *     - both sensors, Thu 07-04 11:00: no row   -> flagged missing, expected 10 and 11
 *     - sensor 1, Fri 07-05 12:00 reads 30      -> flagged high (an event, not imputed)
 *   1 Beta ("x'; DROP TABLE readings; --"), 1 sensor, 5 visits every hour, no flags.
 * A normal day of Alpha: 2 x 10 x 10 = 200 visits; a week 1400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsoWeekday, ReadingColumns, StoreParams } from '../../../src/lib/domain/footfall';
import {
	HOUR_FLAG_KINDS,
	type HourFlagKind,
	type StoreHealth
} from '../../../src/lib/domain/health';
import { readingsToIPC } from '../../../src/lib/arrow/readings';
import { replaceHealth } from '../../../src/lib/arrow/health';
import { toDisplaySql } from '../../../src/lib/db/sql/literal';
import { materializeSql } from '../../../src/lib/db/sql/materialize';
import {
	HEALTH_TABLES,
	clearHealthSql,
	healthTablesSql,
	imputedSql
} from '../../../src/lib/db/sql/health';
import { storesTableSql } from '../../../src/lib/db/sql/schema';
import { viewQuery, type ViewRow, type ViewSpec } from '../../../src/lib/db/sql/view';
import { createNodeDb, type NodeDbClient } from '../../support/duckdb-node';

const EVIL = "x'; DROP TABLE readings; --";
const HOUR = 3_600_000;
const ALL_DAYS: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];
const FIRST = '2024-07-01';
const LAST = '2024-07-14';
const DAYS = 14;
const at = (day: string, hour = 0) => Date.parse(`${day}T00:00Z`) + hour * HOUR;
const hourIdx = (day: string, hour = 0) => at(day, hour) / HOUR;
const dayIdx = (day: string) => at(day) / (24 * HOUR);

const store = (name: string, sensors: number): StoreParams => ({
	name,
	sensors,
	opened: '2020-01-01T00:00',
	avg: 0,
	std: 0,
	pFail: 0,
	pAnom: 0
});
const STORES = [store('Alpha', 2), store(EVIL, 1)];

const FAILED_AT = hourIdx('2024-07-02', 10);
const ZERO_AT = hourIdx('2024-07-03', 9);
const MISSING_AT = hourIdx('2024-07-04', 11);
const HIGH_AT = hourIdx('2024-07-05', 12);

function reading(s: number, sensor: number, h: number): number | null {
	if (s === 1) return 5;
	if (h === MISSING_AT) return null;
	if (sensor === 0 && h === FAILED_AT) return -1;
	if (sensor === 1 && h === ZERO_AT) return 0;
	if (sensor === 1 && h === HIGH_AT) return 30;
	const hod = h % 24;
	return hod >= 8 && hod <= 17 ? 10 : 0;
}

function fixture(): ReadingColumns {
	const rows: number[][] = [];
	const h0 = hourIdx(FIRST);
	STORES.forEach((st, s) => {
		for (let sensor = 0; sensor < st.sensors; sensor++) {
			for (let h = h0; h < h0 + DAYS * 24; h++) {
				const c = reading(s, sensor, h);
				if (c !== null) rows.push([s, sensor, h, c]);
			}
		}
	});
	return {
		length: rows.length,
		store: Uint8Array.from(rows.map((r) => r[0])),
		sensor: Uint16Array.from(rows.map((r) => r[1])),
		hour: Int32Array.from(rows.map((r) => r[2])),
		count: Int32Array.from(rows.map((r) => r[3])),
		truth: new Uint8Array(rows.length)
	};
}

type Flag = [sensor: number, hour: number, kind: HourFlagKind, count: number, expected: number];

/** A StoreHealth with these flagged hours, one sensor-day row and one store-day row. */
function health(storeIdx: number, name: string, flags: Flag[]): StoreHealth {
	const n = flags.length;
	return {
		storeIdx,
		store: name,
		hours: {
			length: n,
			sensor: Uint16Array.from(flags.map((f) => f[0])),
			hour: Int32Array.from(flags.map((f) => f[1])),
			kind: Uint8Array.from(flags.map((f) => HOUR_FLAG_KINDS.indexOf(f[2]))),
			count: Int32Array.from(flags.map((f) => f[3])),
			expected: Float64Array.from(flags.map((f) => f[4])),
			low: Float64Array.from(flags.map((f) => (f[2] === 'missing' ? NaN : f[4] * 0.5))),
			high: Float64Array.from(flags.map((f) => (f[2] === 'missing' ? NaN : f[4] * 1.5)))
		},
		days: {
			length: 1,
			sensor: Uint16Array.of(0),
			day: Int32Array.of(dayIdx('2024-07-02')),
			openHours: Uint8Array.of(10),
			failed: Uint8Array.of(1),
			zero: Uint8Array.of(0),
			missing: Uint8Array.of(0),
			anomalies: Uint8Array.of(0),
			count: Float64Array.of(90),
			expected: Float64Array.of(102),
			siblingRatio: Float64Array.of(NaN),
			flags: Uint8Array.of(1)
		},
		storeDays: {
			length: 1,
			day: Int32Array.of(dayIdx('2024-07-04')),
			count: Float64Array.of(180),
			expected: Float64Array.of(200),
			low: Float64Array.of(150),
			high: Float64Array.of(250),
			abnormal: Uint8Array.of(0)
		},
		open: new Uint8Array(168)
	};
}

const ALPHA_FLAGS: Flag[] = [
	[0, FAILED_AT, 'failed', -1, 12],
	[0, MISSING_AT, 'missing', -3, 10],
	[1, ZERO_AT, 'zero', 0, 9],
	[1, MISSING_AT, 'missing', -3, 11],
	[1, HIGH_AT, 'high', 30, 10]
];

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
const close = (x: number) => Math.round(x * 1e9) / 1e9;

/** Starting DuckDB and loading can take long on a busy machine (the default is 10 s). */
const HOOK_TIMEOUT = 60_000;

let db: NodeDbClient;
const view = (s: ViewSpec) => db.query<ViewRow>(viewQuery(s));
const pick = (rows: ViewRow[], t: number) => rows.find((r) => r.t === t);

beforeAll(async () => {
	db = await createNodeDb();
	await db.insertArrowIPC('readings', readingsToIPC(fixture()), { create: true });
	await db.exec(storesTableSql(STORES));
	for (const sql of materializeSql()) await db.exec(sql);
}, HOOK_TIMEOUT);
afterAll(() => db?.close());

describe('before health has run', () => {
	it('materializeSql creates every health and imputation table, empty', async () => {
		for (const t of HEALTH_TABLES) {
			const [n] = await db.query(`SELECT CAST(count(*) AS INTEGER) AS n FROM ${t}`);
			expect(n.n, t).toBe(0);
		}
	});

	it.each(['hourly', 'daily', 'weekly', 'monthly'] as const)(
		'%s: imputed_count equals count and imputed_share is 0, store and sensor',
		async (resolution) => {
			for (const sensor of [null, 0]) {
				const rows = await view(spec({ resolution, sensor }));
				expect(rows.length).toBeGreaterThan(0);
				for (const r of rows) {
					expect(r.imputed_count).toBe(r.count);
					expect(r.imputed_share).toBe(0);
				}
			}
		}
	);

	it('an hour with no reading of any sensor has no row yet', async () => {
		const rows = await view(spec({ resolution: 'hourly', from: '2024-07-04', to: '2024-07-04' }));
		expect(rows).toHaveLength(23);
		expect(pick(rows, at('2024-07-04', 11))).toBeUndefined();
	});
});

describe('with health loaded', () => {
	beforeAll(async () => {
		const n = await replaceHealth(db, [health(0, 'Alpha', ALPHA_FLAGS), health(1, EVIL, [])]);
		expect(n).toEqual({ hours: 5, days: 2, storeDays: 2 });
	}, HOOK_TIMEOUT);

	it('stores the rows with store_idx, NaN as NULL, and sums imputation per hour and day', async () => {
		const hours = await db.query(
			`SELECT CAST(store_idx AS INTEGER) AS s, CAST(sensor AS INTEGER) AS sensor, hour,
			   CAST(kind AS INTEGER) AS kind, count, expected, low, high
			 FROM health_hours ORDER BY sensor, hour`
		);
		expect(hours[1]).toEqual({
			s: 0,
			sensor: 0,
			hour: MISSING_AT,
			kind: 2,
			count: -3,
			expected: 10,
			low: null,
			high: null
		});
		const byHour = await db.query(
			`SELECT CAST(ts AS TIMESTAMP) AS ts, imputed_add, imputed_part, imputed_hours, isodow, hod
			 FROM imputed_hourly_store ORDER BY ts`
		);
		expect(byHour).toEqual([
			{
				ts: at('2024-07-02', 10),
				imputed_add: 12,
				imputed_part: 12,
				imputed_hours: 1,
				isodow: 2,
				hod: 10
			},
			{
				ts: at('2024-07-03', 9),
				imputed_add: 9,
				imputed_part: 9,
				imputed_hours: 1,
				isodow: 3,
				hod: 9
			},
			{
				ts: at('2024-07-04', 11),
				imputed_add: 21,
				imputed_part: 21,
				imputed_hours: 2,
				isodow: 4,
				hod: 11
			}
		]);
		const [ratio] = await db.query(
			`SELECT sibling_ratio, CAST(open_hours AS INTEGER) AS open_hours FROM health_days WHERE store_idx = 0`
		);
		expect(ratio).toEqual({ sibling_ratio: null, open_hours: 10 });
	});

	it('hourly, store total: failed and zero readings imputed, a high reading kept', async () => {
		const rows = await view(spec({ resolution: 'hourly' }));
		const r = (d: string, h: number) => pick(rows, at(d, h));
		expect(r('2024-07-02', 10)).toMatchObject({ count: 10, imputed_count: 22, failed: 1 });
		expect(close(r('2024-07-02', 10)!.imputed_share)).toBe(close(12 / 22));
		expect(r('2024-07-03', 9)).toMatchObject({ count: 10, imputed_count: 19 });
		expect(close(r('2024-07-03', 9)!.imputed_share)).toBe(close(9 / 19));
		expect(r('2024-07-05', 12)).toMatchObject({ count: 40, imputed_count: 40, imputed_share: 0 });
		expect(r('2024-07-02', 11)).toMatchObject({ count: 20, imputed_count: 20, imputed_share: 0 });
	});

	it('hourly, store total: the hour no sensor reported gets a row with its imputed total', async () => {
		const rows = await view(spec({ resolution: 'hourly', from: '2024-07-04', to: '2024-07-04' }));
		expect(rows).toHaveLength(24);
		expect(rows.map((r) => r.t)).toEqual(Array.from({ length: 24 }, (_, h) => at('2024-07-04', h)));
		expect(pick(rows, at('2024-07-04', 11))).toEqual({
			t: at('2024-07-04', 11),
			count: 0,
			avg_count_4days: null,
			perc_diff: null,
			readings: 0,
			failed: 0,
			closed: 0,
			anomalies: 0,
			status: null,
			imputed_count: 21,
			imputed_share: 1
		});
	});

	it('hourly: the imputed-only row obeys the weekday and hour filters', async () => {
		const hours = { resolution: 'hourly' as const, from: '2024-07-04', to: '2024-07-04' };
		expect(await view(spec({ ...hours, hourFrom: 11, hourTo: 11 }))).toHaveLength(1);
		expect(await view(spec({ ...hours, hourFrom: 12, hourTo: 10 }))).toHaveLength(23);
		expect(await view(spec({ ...hours, weekdays: [1, 2, 3, 5] }))).toEqual([]);
		const sensor = { ...hours, sensor: 1 };
		expect(await view(spec({ ...sensor, hourFrom: 11, hourTo: 11 }))).toHaveLength(1);
		expect(await view(spec({ ...sensor, hourFrom: 12, hourTo: 10 }))).toHaveLength(23);
		expect(await view(spec({ ...sensor, weekdays: [5] }))).toEqual([]);
	});

	it('hourly, one sensor: a missing reading becomes a Missing row, a zero is imputed', async () => {
		const s0 = await view(
			spec({ resolution: 'hourly', sensor: 0, from: '2024-07-04', to: '2024-07-04' })
		);
		expect(s0).toHaveLength(24);
		expect(pick(s0, at('2024-07-04', 11))).toEqual({
			t: at('2024-07-04', 11),
			count: 0,
			avg_count_4days: null,
			perc_diff: null,
			readings: 0,
			failed: 0,
			closed: 0,
			anomalies: 0,
			status: 'Missing',
			imputed_count: 10,
			imputed_share: 1
		});
		const s1 = await view(spec({ resolution: 'hourly', sensor: 1, to: '2024-07-05' }));
		expect(pick(s1, at('2024-07-03', 9))).toMatchObject({
			count: 0,
			status: 'OK',
			imputed_count: 9,
			imputed_share: 1
		});
		expect(pick(s1, at('2024-07-05', 12))).toMatchObject({ count: 30, imputed_count: 30 });
		const f = await view(spec({ resolution: 'hourly', sensor: 0, to: '2024-07-02' }));
		expect(pick(f, at('2024-07-02', 10))).toMatchObject({
			count: 0,
			status: 'Measurement failed',
			imputed_count: 12,
			imputed_share: 1
		});
	});

	it('daily: store totals and one sensor, by hand', async () => {
		const store = await view(spec({ to: '2024-07-05' }));
		expect(store.map((r) => [r.count, r.imputed_count])).toEqual([
			[200, 200],
			[190, 202],
			[190, 199],
			[180, 201],
			[220, 220]
		]);
		expect(close(store[3].imputed_share)).toBe(close(21 / 201));
		const s0 = await view(spec({ sensor: 0, to: '2024-07-05' }));
		expect(s0.map((r) => [r.count, r.imputed_count])).toEqual([
			[100, 100],
			[90, 102],
			[100, 100],
			[90, 100],
			[100, 100]
		]);
	});

	it('weekly and monthly: imputation summed over the selected weekdays', async () => {
		const weeks = await view(spec({ resolution: 'weekly' }));
		// week 1: 1400 - 10 (failed) - 10 (zero) - 20 (missing) + 20 (high); imputed + 12 + 9 + 21
		expect(weeks.map((r) => [r.t, r.count, r.imputed_count])).toEqual([
			[at(FIRST), 1380, 1422],
			[at('2024-07-08'), 1400, 1400]
		]);
		expect(close(weeks[0].imputed_share)).toBe(close(42 / 1422));
		const monTue = await view(spec({ resolution: 'weekly', weekdays: [1, 2] }));
		expect(monTue.map((r) => [r.count, r.imputed_count])).toEqual([
			[390, 402],
			[400, 400]
		]);
		const month = await view(spec({ resolution: 'monthly' }));
		expect(month.map((r) => [r.count, r.imputed_count])).toEqual([[2780, 2822]]);
		const s1 = await view(spec({ resolution: 'monthly', sensor: 1, weekdays: [4] }));
		expect(s1.map((r) => [r.count, r.imputed_count])).toEqual([[190, 201]]);
	});

	it('a store without flags and a hostile name is unchanged, and the display SQL agrees', async () => {
		for (const resolution of ['hourly', 'daily', 'weekly', 'monthly'] as const) {
			for (const sensor of [null, 0]) {
				const q = viewQuery(spec({ store: EVIL, resolution, sensor }));
				const rows = await db.query<ViewRow>(q);
				expect(rows.length).toBeGreaterThan(0);
				expect(rows.every((r) => r.imputed_count === r.count && r.imputed_share === 0)).toBe(true);
				expect(await db.query(toDisplaySql(q))).toEqual(rows);
			}
			const alpha = viewQuery(spec({ resolution }));
			expect(await db.query(toDisplaySql(alpha))).toEqual(await db.query(alpha));
		}
	});

	it('replacing one store leaves the others; an empty run restores the raw totals', async () => {
		await replaceHealth(db, [health(1, EVIL, [[0, hourIdx(FIRST, 3), 'failed', -1, 4]])]);
		const [alpha] = await view(spec({ resolution: 'monthly' }));
		expect(alpha.imputed_count).toBe(2822);
		const [beta] = await view(spec({ store: EVIL, resolution: 'monthly' }));
		expect(beta.imputed_count).toBe(beta.count + 4);

		await replaceHealth(db, [health(0, 'Alpha', []), health(1, EVIL, [])]);
		const rows = await view(spec({ resolution: 'hourly' }));
		expect(rows.every((r) => r.imputed_count === r.count)).toBe(true);
		expect(rows).toHaveLength(DAYS * 24 - 1);
		// Put the run back for the tests after this one.
		await replaceHealth(db, [health(0, 'Alpha', ALPHA_FLAGS)]);
	});

	it('a failing load is rolled back: the previous health stays', async () => {
		const bad = health(0, 'Alpha', []);
		const broken = {
			...db,
			insertArrowIPC: async () => {
				throw new Error('disk full');
			}
		};
		await expect(replaceHealth(broken, [health(0, 'Alpha', ALPHA_FLAGS)])).rejects.toThrow(
			'disk full'
		);
		const [month] = await view(spec({ resolution: 'monthly' }));
		expect(month.imputed_count).toBe(2822);
		const [n] = await db.query('SELECT CAST(count(*) AS INTEGER) AS n FROM health_hours');
		expect(n.n).toBe(ALPHA_FLAGS.length);
		// Encoding errors are found before anything is deleted.
		bad.hours.length = 3;
		await expect(replaceHealth(db, [bad])).rejects.toThrow(
			/health_hours of store 0: column sensor/
		);
		expect((await view(spec({ resolution: 'monthly' })))[0].imputed_count).toBe(2822);
		await expect(replaceHealth(db, [health(0, 'A', []), health(0, 'B', [])])).rejects.toThrow(
			/appears twice/
		);
	});
});

describe('health SQL builders', () => {
	it('clearHealthSql deletes the given stores, all stores, or none; refuses bad indexes', () => {
		expect(clearHealthSql([2, 0, 2])).toEqual([
			'DELETE FROM health_hours WHERE store_idx IN (2, 0)',
			'DELETE FROM health_days WHERE store_idx IN (2, 0)',
			'DELETE FROM health_store_days WHERE store_idx IN (2, 0)'
		]);
		expect(clearHealthSql()[0]).toBe('DELETE FROM health_hours');
		expect(clearHealthSql([])[0]).toBe('DELETE FROM health_hours WHERE FALSE');
		for (const bad of [-1, 256, 1.5, NaN]) expect(() => clearHealthSql([bad])).toThrow(RangeError);
	});

	it('healthTablesSql and imputedSql pass EXPLAIN and are idempotent', async () => {
		for (const sql of [...healthTablesSql(), ...imputedSql()]) {
			const plan = await db.query(`EXPLAIN ${sql}`);
			expect(plan.length).toBeGreaterThan(0);
		}
	});
});
