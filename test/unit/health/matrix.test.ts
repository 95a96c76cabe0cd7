import { describe, expect, it } from 'vitest';
import { clientStores, FAILED, SHOP_CLOSED } from '../../../src/lib/domain/footfall';
import { MISSING } from '../../../src/lib/domain/health';
import {
	checkMatrix,
	mergeReadings,
	storeMatricesFromReadings,
	toStoreMatrix
} from '../../../src/lib/health/matrix';
import { simulate } from '../../../src/lib/simulation/footfall';

const shape = { storeIdx: 2, store: 'Bridge', sensors: 2, startHour: 24 * 100, hours: 48 };

describe('toStoreMatrix: columns of one store, in any order, into a dense matrix', () => {
	it('places unsorted rows and leaves absent hours MISSING', () => {
		const { matrix, duplicates } = toStoreMatrix(shape, {
			sensor: [1, 0, 1, 0],
			hour: [2400 + 47, 2400 + 5, 2400, 2400],
			count: [7, 3, -1, 12]
		});
		expect(duplicates).toBe(0);
		expect(matrix).toMatchObject({ storeIdx: 2, store: 'Bridge', sensors: 2, hours: 48 });
		const c = matrix.counts;
		expect(c[0]).toBe(12);
		expect(c[5]).toBe(3);
		expect(c[48]).toBe(FAILED);
		expect(c[48 + 47]).toBe(7);
		expect(c[1]).toBe(MISSING);
		expect(c.filter((v) => v === MISSING)).toHaveLength(96 - 4);
	});

	it('reads NaN (a blank count) as MISSING and accepts typed columns', () => {
		const { matrix } = toStoreMatrix(shape, {
			sensor: Uint16Array.of(0),
			hour: Int32Array.of(2400),
			count: Float64Array.of(Number.NaN)
		});
		expect(matrix.counts[0]).toBe(MISSING);
	});

	it.each([
		[5, 5, 5, 'a repeated row counts once'],
		[5, 7, 12, "two counts for one wall-clock hour are summed (DST's 25-hour day)"],
		[FAILED, 5, 5, 'a count beats a failure'],
		[5, MISSING, 5, 'a count beats a blank'],
		[MISSING, FAILED, FAILED, 'a failure beats a blank'],
		[FAILED, SHOP_CLOSED, SHOP_CLOSED, 'closed beats a failure']
	])('merges duplicates: %i then %i is %i (%s)', (a, b, want) => {
		expect(mergeReadings(a, b)).toBe(want);
		const { matrix, duplicates } = toStoreMatrix(shape, {
			sensor: [0, 0],
			hour: [2401, 2401],
			count: [a, b]
		});
		expect(duplicates).toBe(1);
		expect(matrix.counts[1]).toBe(want);
	});

	it.each([
		[
			{ sensor: [2], hour: [2400], count: [1] },
			'row 0 of "Bridge": sensor 2 is not a sensor number from 0 to 1'
		],
		[
			{ sensor: [0], hour: [2448], count: [1] },
			'row 0 of "Bridge": hour 2448 is not an hour index from 2400 to 2447'
		],
		[
			{ sensor: [0, 0], hour: [2400, 2401], count: [1, 2.5] },
			'row 1 of "Bridge": count 2.5 is not a whole number'
		],
		[{ sensor: [0], hour: [2400], count: [-4] }, 'count -4 is not a whole number'],
		[{ sensor: [0], hour: [2400], count: [] }, 'sensor, hour and count must have the same length']
	])('refuses bad rows with the row and field: %o', (columns, message) => {
		expect(() => toStoreMatrix(shape, columns)).toThrow(message);
	});

	it.each([
		[{ startHour: 5 }, 'startHour must be an hour index at midnight (got 5)'],
		[{ hours: 25 }, 'hours must be a whole number of days (a multiple of 24, got 25)'],
		[{ sensors: 0 }, 'sensors must be a whole number from 1 to 65535 (got 0)']
	])('refuses a bad shape naming the field: %o', (patch, message) => {
		expect(() =>
			toStoreMatrix({ ...shape, ...patch }, { sensor: [], hour: [], count: [] })
		).toThrow(message);
	});

	it('checkMatrix refuses counts of the wrong length', () => {
		expect(() => checkMatrix({ ...shape, counts: new Int32Array(3) })).toThrow(
			'counts must be an Int32Array of sensors x hours = 96 values (got 3)'
		);
	});
});

describe('storeMatricesFromReadings: the fast path from the simulator', () => {
	const params = {
		generator: 'seeded' as const,
		seed: 's',
		start: '2024-03-01',
		end: '2024-03-14',
		stores: clientStores()
	};
	const readings = simulate(params);
	const names = params.stores.map((s) => s.name);

	it('gives one matrix per store with the same counts and truth, in their own buffers', () => {
		const stores = storeMatricesFromReadings(readings, names);
		expect(stores.map((s) => [s.matrix.store, s.matrix.sensors])).toEqual([
			['Madrid', 1],
			['Paris', 20],
			['Berlin', 6],
			['Roma', 4],
			['London', 8]
		]);
		let row = 0;
		for (const { matrix, truth } of stores) {
			expect(matrix.hours).toBe(14 * 24);
			expect(matrix.startHour).toBe(readings.hour[0]);
			expect(matrix.counts.buffer.byteLength).toBe(matrix.counts.byteLength);
			for (let i = 0; i < matrix.counts.length; i++, row++) {
				if (matrix.counts[i] !== readings.count[row] || truth[i] !== readings.truth[row]) {
					throw new Error(`row ${row} differs`);
				}
			}
		}
		expect(row).toBe(readings.length);
	});

	it('refuses readings that are not dense and ordered', () => {
		const shuffled = { ...readings, hour: readings.hour.slice() };
		shuffled.hour[1] = shuffled.hour[0];
		shuffled.hour[0] += 1;
		expect(() => storeMatricesFromReadings(shuffled, names)).toThrow(
			'the readings of "Madrid" are not dense and ordered by sensor then hour'
		);
	});
});

describe('a messy counter file, end to end', () => {
	it('unsorted rows, dropped rows, blank counts and duplicates: the gaps are flagged missing', async () => {
		const { storeHealth } = await import('../../../src/lib/health/store-health');
		const { defaultHealthParams } = await import('../../../src/lib/health/params');
		const { syntheticStore, rng } = await import('./helpers');
		const clean = syntheticStore({ sensors: 2, days: 56, open: () => true, avg: 300, seed: 15 });
		const u = rng(16);
		const rows: [number, number, number][] = [];
		let dropped = 0;
		for (let s = 0; s < 2; s++) {
			for (let t = 0; t < clean.hours; t++) {
				const c = clean.counts[s * clean.hours + t];
				const r = u();
				if (r < 0.01) {
					dropped++;
					continue;
				}
				rows.push([s, clean.startHour + t, r < 0.02 ? Number.NaN : c]);
				if (r > 0.99) rows.push([s, clean.startHour + t, c]); // a repeated row
			}
		}
		for (let i = rows.length - 1; i > 0; i--) {
			const j = Math.floor(u() * (i + 1));
			[rows[i], rows[j]] = [rows[j], rows[i]];
		}
		const { matrix, duplicates } = toStoreMatrix(
			{ storeIdx: 0, store: 'Bridge', sensors: 2, startHour: clean.startHour, hours: clean.hours },
			{ sensor: rows.map((r) => r[0]), hour: rows.map((r) => r[1]), count: rows.map((r) => r[2]) }
		);
		const blanks = rows.filter((r) => Number.isNaN(r[2])).length;
		expect(duplicates).toBeGreaterThan(0);
		expect(matrix.counts.filter((c) => c === MISSING)).toHaveLength(dropped + blanks);
		const h = storeHealth(matrix, defaultHealthParams());
		const missing = [...h.hours.kind].filter((k) => k === 2).length;
		expect(missing).toBe(dropped + blanks);
		expect(dropped).toBeGreaterThan(0);
	});
});
