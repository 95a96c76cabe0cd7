/**
 * The load path against the real engine (DuckDB-WASM in Node): staged chunks swapped in
 * by a transaction, a failed run or a failed rebuild leaving the previous data, and the
 * explorer's queries answering from the rebuilt tables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb, type NodeDbClient } from '../../support/duckdb-node';
import { readingsToIPC } from '../../../src/lib/arrow/readings';
import { planChunks, simulateChunk } from '../../../src/lib/simulation/footfall';
import type { SimulationParams } from '../../../src/lib/domain/footfall';
import type { DbClient } from '../../../src/lib/db/client';
import {
	STAGING,
	fetchHeatmap,
	fetchView,
	stageChunks,
	swapInStaged
} from '../../../src/lib/state/footfall-db';
import { defaultView, extentOf } from '../../../src/lib/state/view';

const small: SimulationParams = {
	generator: 'seeded',
	seed: 'test',
	start: '2024-07-01',
	end: '2024-07-14',
	stores: [
		{
			name: 'Alpha',
			sensors: 3,
			opened: '2020-01-01T00:00',
			avg: 100,
			std: 10,
			pFail: 0.05,
			pAnom: 0.05
		},
		{ name: 'Beta', sensors: 2, opened: '2020-01-01T00:00', avg: 50, std: 5, pFail: 0, pAnom: 0 }
	]
};

async function* simulated(params: SimulationParams, failAfter = Infinity) {
	let i = 0;
	for (const chunk of planChunks(params, 3)) {
		if (i++ >= failAfter) throw new Error('worker failed');
		const cols = simulateChunk(params, chunk);
		yield { ipc: readingsToIPC(cols), length: cols.length };
	}
}

async function load(db: DbClient, params: SimulationParams) {
	const staged = await stageChunks(db, simulated(params));
	await swapInStaged(db, params.stores);
	return staged;
}

const countReadings = async (db: DbClient) =>
	(await db.query<{ n: number }>('SELECT CAST(count(*) AS INTEGER) AS n FROM readings'))[0].n;
const storeNames = async (db: DbClient) =>
	(await db.query<{ name: string }>('SELECT name FROM stores ORDER BY store_idx')).map(
		(r) => r.name
	);
const tables = async (db: DbClient) =>
	(
		await db.query<{ name: string }>('SELECT table_name AS name FROM information_schema.tables')
	).map((r) => r.name);

let db: NodeDbClient;
beforeAll(async () => {
	db = await createNodeDb();
});
afterAll(() => db?.close());

describe('loading a simulation into DuckDB', () => {
	it('loads every reading and answers the default view', async () => {
		const staged = await load(db, small);
		expect(staged.readings).toBe(5 * 14 * 24);
		expect(await countReadings(db)).toBe(5 * 14 * 24);
		expect(await tables(db)).not.toContain(STAGING);
		const view = defaultView(extentOf(small));
		const { rows } = await fetchView(db, view);
		expect(rows.map((r) => new Date(r.t).getUTCDay())).not.toContain(0); // Sundays filtered
		expect(rows).toHaveLength(12); // 14 days minus 2 Sundays
		const { data } = await fetchHeatmap(db, view, 3);
		expect(data.granularity).toBe('hourly');
		expect(data.cells).toHaveLength(3 * 14 * 24);
		expect(data.cells.some((c) => c.count === -1)).toBe(true);
	});

	it('keeps the loaded data when a run fails half-way', async () => {
		const before = await countReadings(db);
		await expect(stageChunks(db, simulated({ ...small, end: '2024-07-31' }, 1))).rejects.toThrow(
			'worker failed'
		);
		expect(await countReadings(db)).toBe(before);
		expect(await tables(db)).not.toContain(STAGING);
	});

	it('keeps the loaded data when rebuilding the rollups fails, and the staging table is gone', async () => {
		const before = await countReadings(db);
		await stageChunks(db, simulated({ ...small, end: '2024-07-31' }));
		const failing: DbClient = {
			...db,
			query: db.query.bind(db),
			insertArrowIPC: db.insertArrowIPC.bind(db),
			exec: async (sql) => {
				if (sql.includes('TABLE daily_store')) throw new Error('rebuild failed');
				return db.exec(sql);
			}
		};
		await expect(swapInStaged(failing, small.stores)).rejects.toThrow('rebuild failed');
		expect(await countReadings(db)).toBe(before);
		expect(await storeNames(db)).toEqual(['Alpha', 'Beta']);
		expect(await tables(db)).not.toContain(STAGING);
		const { rows } = await fetchView(db, defaultView(extentOf(small)));
		expect(rows).toHaveLength(12);
	});

	it('replaces readings, stores and rollups with a new run', async () => {
		const next: SimulationParams = {
			...small,
			end: '2024-07-07',
			stores: [{ ...small.stores[1], name: 'Gamma', sensors: 4 }]
		};
		await load(db, next);
		expect(await countReadings(db)).toBe(4 * 7 * 24);
		expect(await storeNames(db)).toEqual(['Gamma']);
		const { rows } = await fetchView(db, { ...defaultView(extentOf(next)), resolution: 'hourly' });
		expect(rows).toHaveLength(6 * 24);
		expect((await fetchView(db, defaultView(extentOf(small)))).rows).toEqual([]);
	});
});

describe('the heatmap of a long range', () => {
	it('has a cell per sensor and day that sums the cells of its hours', async () => {
		const long: SimulationParams = { ...small, start: '2024-03-01', end: '2024-06-30' }; // 122 days
		await load(db, long);
		const spec = { store: 'Alpha', from: '2024-03-01', to: '2024-06-30' };
		const { data } = await fetchHeatmap(db, spec, 3);
		expect(data.granularity).toBe('daily');
		expect(data.cells).toHaveLength(3 * 122);

		// The same days as hour cells, two ranges of at most 62 days, summed per sensor and day.
		const hours = [
			...(await fetchHeatmap(db, { ...spec, to: '2024-04-30' }, 3)).data.cells,
			...(await fetchHeatmap(db, { ...spec, from: '2024-05-01' }, 3)).data.cells
		];
		const DAY = 86_400_000;
		const sums = new Map<string, { count: number; failed: number; anomalies: number }>();
		for (const c of hours) {
			const key = `${c.sensor}:${Math.floor(c.t / DAY) * DAY}`;
			const s = sums.get(key) ?? { count: 0, failed: 0, anomalies: 0 };
			s.count += Math.max(0, c.count);
			s.failed += c.failed;
			s.anomalies += c.anomalies;
			sums.set(key, s);
		}
		expect(data.cells.map((c) => [c.sensor, c.t, c.count, c.failed, c.anomalies])).toEqual(
			[...sums]
				.map(([key, s]) => {
					const [sensor, t] = key.split(':').map(Number);
					return [sensor, t, s.count, s.failed, s.anomalies];
				})
				.sort((a, b) => a[0] - b[0] || a[1] - b[1])
		);
		expect(data.failed).toBeGreaterThan(0);
		expect(data.anomalies).toBeGreaterThan(0);
		expect(data.max).toBe(Math.max(...data.cells.map((c) => c.count)));
	});
});
