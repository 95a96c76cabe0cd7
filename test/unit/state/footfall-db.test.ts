import { describe, expect, it } from 'vitest';
import {
	STAGING,
	errorMessage,
	fetchHeatmap,
	fetchView,
	stageChunks,
	summarizeCells,
	swapInStaged,
	toDailyHeatCell,
	toHeatCell,
	toSeriesPoint
} from '../../../src/lib/state/footfall-db';
import { materializeSql, viewQuery } from '../../../src/lib/db/sql';
import { clientStores } from '../../../src/lib/domain/footfall';
import type { FootfallView } from '../../../src/lib/state/view';
import { chunks, fakeDb } from './fake-db';

const view: FootfallView = {
	store: 'Paris',
	sensor: null,
	resolution: 'daily',
	weekdays: [1, 2, 3, 4, 5, 6],
	from: '2024-07-01',
	to: '2024-08-07',
	hourFrom: 0,
	hourTo: 23
};

describe('stageChunks', () => {
	it('drops a leftover staging table, creates it with the first chunk and appends the rest', async () => {
		const { db, log } = fakeDb();
		const result = await stageChunks(db, chunks(3));
		expect(log).toEqual([
			`DROP TABLE IF EXISTS ${STAGING}`,
			`insert ${STAGING} 1 bytes create=true`,
			`insert ${STAGING} 2 bytes create=false`,
			`insert ${STAGING} 3 bytes create=false`
		]);
		expect(result).toMatchObject({ readings: 300, chunks: 3 });
	});

	it('waits for a database that is still starting', async () => {
		const { db, log } = fakeDb();
		const later = new Promise<typeof db>((resolve) => setTimeout(() => resolve(db), 5));
		await stageChunks(later, chunks(1));
		expect(log).toHaveLength(2);
	});

	it('never touches the loaded readings and drops the staging table when a chunk fails', async () => {
		const { db, log } = fakeDb();
		await expect(stageChunks(db, chunks(3, 2))).rejects.toThrow('Invalid simulation');
		expect(log.at(-1)).toBe(`DROP TABLE IF EXISTS ${STAGING}`);
		expect(log.some((l) => /\breadings\b/.test(l.replace(STAGING, '')))).toBe(false);
	});

	it('fails without touching the database when the simulation throws at once', async () => {
		const { db, log } = fakeDb();
		await expect(stageChunks(db, chunks(3, 0))).rejects.toThrow('Invalid simulation');
		expect(log).toEqual([]);
	});

	it('refuses a simulation without readings', async () => {
		const { db } = fakeDb();
		await expect(stageChunks(db, chunks(0))).rejects.toThrow('no readings');
	});
});

describe('swapInStaged', () => {
	it('replaces readings, stores and rollups in one transaction', async () => {
		const { db, log } = fakeDb();
		await swapInStaged(db, clientStores());
		expect(log.slice(0, 4)).toEqual([
			'BEGIN TRANSACTION',
			'DROP TABLE IF EXISTS readings',
			`ALTER TABLE ${STAGING} RENAME TO readings`,
			expect.stringContaining('CREATE OR REPLACE TABLE stores')
		]);
		expect(log.slice(4, -1)).toEqual(materializeSql().map((s) => s.split('\n')[0]));
		expect(log.at(-1)).toBe('COMMIT');
	});

	it('rolls back and rethrows when a statement fails', async () => {
		const { db, log } = fakeDb({ failOn: (sql) => sql.includes('daily_store AS') });
		await expect(swapInStaged(db, clientStores())).rejects.toThrow('exec failed');
		expect(log).toContain('ROLLBACK');
		expect(log).not.toContain('COMMIT');
	});
});

describe('toSeriesPoint', () => {
	it('keeps numbers and turns missing baselines into null', () => {
		expect(
			toSeriesPoint({
				t: 1719792000000,
				count: 12,
				avg_count_4days: null,
				perc_diff: null,
				failed: 1,
				anomalies: 0,
				status: 'OK'
			})
		).toEqual({
			t: 1719792000000,
			count: 12,
			avg_count_4days: null,
			perc_diff: null,
			failed: 1,
			anomalies: 0,
			status: 'OK',
			imputed_count: null,
			imputed_share: null
		});
	});

	it('reads the imputed total and its share once the health check has filled them', () => {
		expect(
			toSeriesPoint({ t: 0, count: 90, imputed_count: 100, imputed_share: 0.1, status: null })
		).toMatchObject({ count: 90, imputed_count: 100, imputed_share: 0.1 });
	});

	it('turns numeric strings (huge integers) into numbers', () => {
		expect(toSeriesPoint({ t: 0, count: '12', avg_count_4days: '3.5', perc_diff: 'x' })).toEqual({
			t: 0,
			count: 12,
			avg_count_4days: 3.5,
			perc_diff: null,
			failed: 0,
			anomalies: 0,
			status: null,
			imputed_count: null,
			imputed_share: null
		});
	});
});

describe('toHeatCell', () => {
	const day = Date.UTC(2024, 6, 1);
	it.each([
		['OK', 812, 812, 0],
		['Measurement failed', 0, -1, 1],
		['Shop closed', 0, -2, 0]
	])('a %s reading of %j becomes count %j, failed %j', (status, count, expected, failed) => {
		expect(toHeatCell({ sensor: 3, day, hour: 9, count, status, anomaly: 0 })).toEqual({
			sensor: 3,
			t: day + 9 * 3_600_000,
			count: expected,
			failed,
			anomalies: 0
		});
	});

	it('counts an anomaly', () => {
		expect(
			toHeatCell({ sensor: 0, day, hour: 0, count: 5, status: 'OK', anomaly: 1 }).anomalies
		).toBe(1);
	});
});

describe('toDailyHeatCell', () => {
	const day = Date.UTC(2024, 6, 1);
	const row = (over: Record<string, number>) => ({
		sensor: 2,
		day,
		count: 900,
		readings: 24,
		failed: 0,
		closed: 0,
		anomalies: 0,
		...over
	});
	it.each([
		['an open day', row({}), { count: 900, failed: 0, anomalies: 0 }],
		[
			'failed readings and anomalies',
			row({ failed: 2, anomalies: 3 }),
			{ failed: 2, anomalies: 3 }
		],
		['a day closed throughout', row({ count: 0, closed: 24 }), { count: -2 }],
		['a day closed in part (before opening)', row({ count: 40, closed: 5 }), { count: 40 }],
		['a day of numeric strings', row({}), { count: 900 }]
	])('%s', (_, r, expected) => {
		expect(toDailyHeatCell(r)).toMatchObject({ sensor: 2, t: day, ...expected });
	});
});

describe('summarizeCells', () => {
	it.each([
		[[], { max: 0, failed: 0, anomalies: 0 }],
		[
			[
				{ sensor: 0, t: 0, count: 5, failed: 0, anomalies: 1 },
				{ sensor: 0, t: 1, count: -1, failed: 1, anomalies: 0 },
				{ sensor: 1, t: 0, count: 12, failed: 2, anomalies: 3 },
				{ sensor: 1, t: 1, count: -2, failed: 0, anomalies: 0 }
			],
			{ max: 12, failed: 3, anomalies: 4 }
		]
	])('%j -> %j', (cells, expected) => {
		expect(summarizeCells(cells)).toEqual(expected);
	});
});

describe('fetchView', () => {
	it('runs the view query and shows it with its values written in', async () => {
		const q = viewQuery(view);
		let seen: unknown;
		const { db } = fakeDb({
			answer: (query) => {
				seen = query;
				return [{ t: 0, count: 5, avg_count_4days: 5, perc_diff: 0, failed: 0, anomalies: 0 }];
			}
		});
		const result = await fetchView(db, view);
		expect(seen).toEqual(q);
		expect(result.rows).toHaveLength(1);
		expect(result.sql).toContain("store = 'Paris'");
		expect(result.sql).not.toContain('?');
	});
});

describe('fetchHeatmap', () => {
	it('asks for every sensor-hour of the store and days of a short view', async () => {
		let query: { sql: string; params: unknown[] } | undefined;
		const { db } = fakeDb({
			answer: (q) => {
				query = q;
				return [
					{ sensor: 1, day: Date.UTC(2024, 6, 1), hour: 9, count: 7, status: 'OK', anomaly: 1 }
				];
			}
		});
		const result = await fetchHeatmap(db, view, 20);
		expect(query?.params).toEqual(['Paris', '2024-07-01', '2024-08-07']);
		expect(query?.sql).toContain('FROM readings');
		expect(result.data).toEqual({
			granularity: 'hourly',
			store: 'Paris',
			from: '2024-07-01',
			to: '2024-08-07',
			sensors: 20,
			cells: [{ sensor: 1, t: Date.UTC(2024, 6, 1, 9), count: 7, failed: 0, anomalies: 1 }],
			max: 7,
			failed: 0,
			anomalies: 1
		});
		expect(result.sql).toContain("'Paris'");
	});

	it.each([
		['2024-07-01', '2024-08-31', 'hourly', 'FROM readings'], // 62 days
		['2024-07-01', '2024-09-01', 'daily', 'FROM daily_sensor'], // 63 days
		['2015-01-01', '2024-12-31', 'daily', 'FROM daily_sensor']
	])('%s .. %s: %s cells (%s)', async (from, to, granularity, source) => {
		let sql = '';
		const { db } = fakeDb({
			answer: (q) => {
				sql = q.sql;
				return [];
			}
		});
		const result = await fetchHeatmap(db, { ...view, from, to }, 20);
		expect(result.data.granularity).toBe(granularity);
		expect(sql).toContain(source);
		expect(result.data.cells).toEqual([]);
	});

	it('turns day rows into day cells', async () => {
		const day = Date.UTC(2024, 0, 1);
		const { db } = fakeDb({
			answer: () => [
				{ sensor: 0, day, count: 900, readings: 24, failed: 1, closed: 0, anomalies: 2 },
				{ sensor: 1, day, count: 0, readings: 24, failed: 0, closed: 24, anomalies: 0 }
			]
		});
		const { data } = await fetchHeatmap(db, { ...view, from: '2024-01-01', to: '2024-12-31' }, 2);
		expect(data.cells).toEqual([
			{ sensor: 0, t: day, count: 900, failed: 1, anomalies: 2 },
			{ sensor: 1, t: day, count: -2, failed: 0, anomalies: 0 }
		]);
		expect(data).toMatchObject({ granularity: 'daily', max: 900, failed: 1, anomalies: 2 });
	});
});

describe('errorMessage', () => {
	it.each([
		[new Error('bad p'), 'bad p'],
		[{ message: 'from a worker' }, 'from a worker'],
		['plain', 'plain']
	])('%j -> %j', (e, expected) => {
		expect(errorMessage(e)).toBe(expected);
	});
});
