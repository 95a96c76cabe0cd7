import { describe, expect, it } from 'vitest';
import {
	STAGING,
	errorMessage,
	fetchHeatmap,
	fetchView,
	stageChunks,
	swapInStaged,
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
			status: 'OK'
		});
	});

	it('turns numeric strings (huge integers) into numbers', () => {
		expect(toSeriesPoint({ t: 0, count: '12', avg_count_4days: '3.5', perc_diff: 'x' })).toEqual({
			t: 0,
			count: 12,
			avg_count_4days: 3.5,
			perc_diff: null,
			failed: 0,
			anomalies: 0,
			status: null
		});
	});
});

describe('toHeatCell', () => {
	const day = Date.UTC(2024, 6, 1);
	it.each([
		['OK', 812, 812],
		['Measurement failed', 0, -1],
		['Shop closed', 0, -2]
	])('a %s reading of %j becomes count %j', (status, count, expected) => {
		expect(toHeatCell({ sensor: 3, day, hour: 9, count, status, anomaly: 0 })).toEqual({
			sensor: 3,
			t: day + 9 * 3_600_000,
			count: expected,
			anomaly: false
		});
	});

	it('flags anomalies', () => {
		expect(
			toHeatCell({ sensor: 0, day, hour: 0, count: 5, status: 'OK', anomaly: 1 }).anomaly
		).toBe(true);
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
	it('asks for the store and days of the view', async () => {
		let params: unknown;
		const { db } = fakeDb({
			answer: (q) => {
				params = q.params;
				return [];
			}
		});
		const result = await fetchHeatmap(db, view);
		expect(params).toEqual(['Paris', '2024-07-01', '2024-08-07']);
		expect(result.cells).toEqual([]);
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
