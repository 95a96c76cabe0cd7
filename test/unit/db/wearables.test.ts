/**
 * The `wearable_results` table on real DuckDB-WASM (the blocking bundle: the engine the
 * browser runs): the DDL, the bound inserts and every query pass EXPLAIN, and real rows
 * (detection on part of the demo fleet, both modes) come back with their values, nulls
 * and the planted verdicts. Replacing the rows is one transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectBothModes } from '../../../src/lib/detection';
import {
	INSERT_BATCH_ROWS,
	WEARABLE_RESULTS,
	WEARABLE_RESULT_COLUMNS,
	insertWearableResultsQueries,
	wearableDisagreementsQuery,
	wearableFaultsQuery,
	wearableResultsTableSql,
	wearableSummaryQuery,
	type WearableResultRow
} from '../../../src/lib/db/sql/wearables';
import { toDisplaySql } from '../../../src/lib/db/sql/literal';
import type { Query } from '../../../src/lib/db/client';
import type { DeviceDay } from '../../../src/lib/domain/wearables';
import { generateFleet, PLANTED_FAULTS } from '../../../src/lib/simulation/fleet';
import { demoDays } from '../../../src/lib/state/wearables.svelte';
import { resultRows, type BothModes, type LoadedDay } from '../../../src/lib/state/wearables-rows';
import {
	cellText,
	fetchWearableSummary,
	replaceWearableResults,
	runWearableQuery
} from '../../../src/lib/state/wearables-db';
import { createNodeDb, type NodeDbClient } from '../../support/duckdb-node';

const EVIL = "x'; DROP TABLE wearable_results; --";
let db: NodeDbClient;

const fleet = generateFleet({ devices: 12, days: ['2021-02-02', '2021-02-04'] });
const never: DeviceDay = {
	device: 'device_900',
	day: '2021-02-03',
	onWrist: new Int32Array(60),
	temperature: new Int32Array(240),
	ppg: new Int32Array(3840)
};
const days: LoadedDay[] = [
	...demoDays(fleet),
	{
		key: `files:${EVIL}`,
		origin: 'files',
		source: EVIL,
		record: never,
		files: [],
		notes: [],
		fingerprint: ''
	}
];
const results = new Map<string, BothModes>(days.map((d) => [d.key, detectBothModes(d.record)]));
const rows: WearableResultRow[] = [
	...resultRows(days, results, 'original'),
	...resultRows(days, results, 'wear-aware')
];

async function explain(q: Query | string) {
	const plan = await db.query(
		typeof q === 'string' ? `EXPLAIN ${q}` : { ...q, sql: `EXPLAIN ${q.sql}` }
	);
	expect(plan.length).toBeGreaterThan(0);
}

beforeAll(async () => {
	db = await createNodeDb();
});
afterAll(() => db?.close());

describe('wearable_results on DuckDB', () => {
	it('creates the table with every column and the primary key', async () => {
		await db.exec(wearableResultsTableSql());
		const cols = await db.query(
			`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${WEARABLE_RESULTS}' ORDER BY ordinal_position`
		);
		expect(cols.map((c) => c.column_name)).toEqual(WEARABLE_RESULT_COLUMNS.map((c) => c.name));
		expect(cols.map((c) => c.data_type)).toEqual(WEARABLE_RESULT_COLUMNS.map((c) => c.type));
	});

	it('passes EXPLAIN for the inserts and every query', async () => {
		for (const q of insertWearableResultsQueries(rows.slice(0, 3))) await explain(q);
		await explain(wearableSummaryQuery());
		await explain(wearableFaultsQuery('original'));
		await explain(wearableFaultsQuery('wear-aware'));
		await explain(wearableDisagreementsQuery());
	});

	it('inserts in batches with every value bound', () => {
		const qs = insertWearableResultsQueries(rows);
		expect(qs.length).toBe(Math.ceil(rows.length / INSERT_BATCH_ROWS));
		for (const q of qs) {
			expect(q.params.length % WEARABLE_RESULT_COLUMNS.length).toBe(0);
			expect(q.sql).not.toContain('device_');
			expect(q.sql).not.toContain(EVIL);
		}
		expect(insertWearableResultsQueries([])).toEqual([]);
	});

	it('refuses a day that is not a calendar date before building SQL', () => {
		expect(() => insertWearableResultsQueries([{ ...rows[0], day: '2021-02-30' }])).toThrow(
			RangeError
		);
	});

	it('stores real rows and gives them back with their values and nulls', async () => {
		expect(await replaceWearableResults(db, rows)).toBe(rows.length);
		const [{ n }] = await db.query(
			`SELECT CAST(count(*) AS INTEGER) AS n FROM ${WEARABLE_RESULTS}`
		);
		expect(n).toBe(rows.length);
		const want = rows.find((r) => r.mode === 'wear-aware' && r.device === 'device_007')!;
		const [got] = await db.query({
			sql: `SELECT *, strftime(day, '%Y-%m-%d') AS day_text FROM ${WEARABLE_RESULTS} WHERE key = ? AND mode = ?`,
			params: [want.key, 'wear-aware']
		});
		for (const c of WEARABLE_RESULT_COLUMNS) {
			if (c.name === 'day') continue;
			expect(got[c.name], c.name).toEqual(want[c.name]);
		}
		expect(got.day_text).toBe(want.day);
		const [evil] = await db.query({
			sql: `SELECT source, status, temp_avg_cents, ppg_min, quality_median_bpm FROM ${WEARABLE_RESULTS} WHERE source = ? AND mode = 'original'`,
			params: [EVIL]
		});
		expect(evil).toEqual({
			source: EVIL,
			status: 'insufficient-data',
			temp_avg_cents: null,
			ppg_min: null,
			quality_median_bpm: null
		});
	});

	it('counts per mode and lists the planted faults and the one disagreement', async () => {
		const inFleet = PLANTED_FAULTS.filter(
			(f) => ['2021-02-02', '2021-02-04'].includes(f.day) && Number(f.device.slice(-3)) <= 12
		);
		const planted = (mode: 'original' | 'wear-aware') =>
			inFleet
				.filter((f) => f.flags.some((x) => x.mode === mode))
				.map((f) => `${f.device} ${f.day}`)
				.sort((a, b) => (a.slice(-10) + a < b.slice(-10) + b ? -1 : 1));
		expect(planted('original')).toEqual([
			'device_005 2021-02-02',
			'device_006 2021-02-04',
			'device_007 2021-02-04',
			'device_012 2021-02-04'
		]);
		const n = days.length;
		const span = { first_day: Date.UTC(2021, 1, 2), last_day: Date.UTC(2021, 1, 4) };
		const summary = await fetchWearableSummary(db);
		expect(summary.rows).toEqual([
			{ mode: 'original', device_days: n, flagged: 4, ok: n - 5, insufficient: 1, ...span },
			{ mode: 'wear-aware', device_days: n, flagged: 3, ok: n - 4, insufficient: 1, ...span }
		]);
		expect(summary.sql).toBe(toDisplaySql(wearableSummaryQuery()));

		for (const mode of ['original', 'wear-aware'] as const) {
			const faults = await db.query(wearableFaultsQuery(mode));
			expect(faults.map((f) => `${f.device} ${f.day}`)).toEqual(planted(mode));
		}
		const differ = await db.query(wearableDisagreementsQuery());
		expect(differ).toEqual([
			{
				device: 'device_012',
				day: '2021-02-04',
				source: 'demo',
				original_status: 'flagged',
				original_flags: 'temperature volatility',
				wear_aware_status: 'ok',
				wear_aware_flags: ''
			}
		]);
	});

	it('keeps the previous rows when a replacement fails half-way', async () => {
		const duplicate = [rows[0], rows[1], rows[0]]; // violates the primary key
		await expect(replaceWearableResults(db, duplicate)).rejects.toThrow();
		const [{ n }] = await db.query(
			`SELECT CAST(count(*) AS INTEGER) AS n FROM ${WEARABLE_RESULTS}`
		);
		expect(n).toBe(rows.length);
	});

	it("runs a person's query and shows dates as days", async () => {
		const answer = await runWearableQuery(
			db,
			`SELECT device, day, temp_avg_cents FROM ${WEARABLE_RESULTS} WHERE mode = 'original' ORDER BY day, device LIMIT 3`
		);
		expect(answer.columns).toEqual(['device', 'day', 'temp_avg_cents']);
		expect(answer.rows.length).toBe(3);
		expect(cellText('day', answer.rows[0].day)).toBe('2021-02-02');
		expect(cellText('temp_avg_cents', 3446.290816957113)).toBe('3446.290817');
		expect(cellText('x', null)).toBe('');
		const all = await runWearableQuery(db, `SELECT * FROM range(500)`);
		expect(all.total).toBe(500);
		expect(all.rows.length).toBe(200);
		await expect(runWearableQuery(db, 'SELECT nope FROM nowhere')).rejects.toThrow(/nowhere/);
	});
});
