import { describe, expect, it } from 'vitest';
import {
	FAILED,
	SHOP_CLOSED,
	TRUTH_ANOMALY,
	TRUTH_FAILED,
	clientStores,
	defaultSimulation
} from '../../../src/lib/domain/footfall';
import type { GeneratorKind, SimulationParams } from '../../../src/lib/domain/footfall';
import type { SimulationChunk as ApiChunk } from '../../../workers/api';
import {
	MAX_READINGS,
	countReadings,
	planChunks,
	simulate,
	simulateChunk,
	validateSimulation
} from '../../../src/lib/simulation/footfall';
import type { SimulationChunk } from '../../../src/lib/simulation/footfall';
import { clearSeedCache } from '../../../src/lib/simulation/numpy-footfall';
import { concat, hourOf, params, plain, store } from './helpers';

const MODES: GeneratorKind[] = ['numpy', 'seeded'];

// planChunks returns exactly the worker API's chunk type.
const _sameChunkType: [SimulationChunk, ApiChunk] = [{} as ApiChunk, {} as SimulationChunk];
void _sameChunkType;

describe('output layout', () => {
	it('has one row per store, sensor and hour, ordered by store, sensor, then hour', () => {
		const p = params({
			start: '2024-02-28',
			end: '2024-03-01',
			stores: [store({ sensors: 2 }), store({ name: 'B', sensors: 1 })]
		});
		const c = simulate(p);
		expect(c.length).toBe(3 * 3 * 24);
		expect(countReadings(p)).toBe(c.length);
		const first = hourOf('2024-02-28', 0);
		let i = 0;
		for (const [s, sensors] of [
			[0, 2],
			[1, 1]
		]) {
			for (let sensor = 0; sensor < sensors; sensor++) {
				for (let h = 0; h < 72; h++, i++) {
					expect([c.store[i], c.sensor[i], c.hour[i]]).toEqual([s, sensor, first + h]);
				}
			}
		}
		expect(hourOf('2024-03-01', 23)).toBe(first + 71); // 2024 is a leap year
	});

	it('gives every column its own ArrayBuffer (transferable one by one)', () => {
		const c = simulateChunk(params(), { store: 0, sensorFrom: 0, sensorTo: 2 });
		const buffers = [c.store, c.sensor, c.hour, c.count, c.truth].map((a) => a.buffer);
		expect(new Set(buffers).size).toBe(5);
		expect(c.count.byteLength).toBe(c.length * 4);
	});
});

describe.each(MODES)('%s mode follows the original rules', (generator) => {
	const p = params({
		generator,
		start: '2023-01-01',
		end: '2023-12-31',
		stores: [store({ sensors: 4, pFail: 0.05, pAnom: 0.2, opened: '2020-06-01T09:00' })]
	});
	const c = simulate(p);

	it('reads 0 on Sundays unless failed', () => {
		let sundays = 0;
		for (let i = 0; i < c.length; i++) {
			if ((Math.floor(c.hour[i] / 24) + 3) % 7 !== 6) continue;
			sundays++;
			expect(c.count[i] === 0 || c.count[i] === FAILED).toBe(true);
		}
		expect(sundays).toBe(4 * 53 * 24); // 2023 has 53 Sundays
	});

	it('reads 0 before 8:00 and from 18:00 unless failed', () => {
		for (let i = 0; i < c.length; i++) {
			const hod = c.hour[i] % 24;
			if (hod < 8 || hod >= 18) expect(c.count[i] === 0 || c.count[i] === FAILED).toBe(true);
		}
	});

	it('reads visits at open hours, failures also at closed hours', () => {
		let failedClosed = 0;
		for (let i = 0; i < c.length; i++) {
			const hod = c.hour[i] % 24;
			const sunday = (Math.floor(c.hour[i] / 24) + 3) % 7 === 6;
			if (!sunday && hod >= 8 && hod < 18)
				expect(c.count[i] > 0 || c.count[i] === FAILED).toBe(true);
			else if (c.count[i] === FAILED) failedClosed++;
		}
		expect(failedClosed).toBeGreaterThan(100);
	});

	it('fails about pFail of the readings', () => {
		const failed = c.count.filter((x) => x === FAILED).length;
		// numpy mode draws from only ~390 distinct seeds here (sd of the share ~0.011): wider band
		expect(Math.abs(failed / c.length - 0.05)).toBeLessThan(generator === 'numpy' ? 0.035 : 0.003);
	});

	it('plants anomalies at about pAnom of the open hours, each about 10% of normal', () => {
		let anomalies = 0;
		let open = 0;
		let sumAnom = 0;
		let sumNormal = 0;
		for (let i = 0; i < c.length; i++) {
			if (c.count[i] <= 0) continue;
			open++;
			if (c.truth[i] === TRUTH_ANOMALY) {
				anomalies++;
				sumAnom += c.count[i];
				expect(c.count[i]).toBeLessThan(200);
			} else {
				sumNormal += c.count[i];
				expect(c.count[i]).toBeGreaterThan(300);
			}
		}
		expect(Math.abs(anomalies / open - 0.2)).toBeLessThan(generator === 'numpy' ? 0.05 : 0.01);
		const ratio = sumAnom / anomalies / (sumNormal / (open - anomalies));
		expect(ratio).toBeGreaterThan(0.095);
		expect(ratio).toBeLessThan(0.105);
	});

	it('keeps truth flags consistent with the counts', () => {
		for (let i = 0; i < c.length; i++) {
			const t = c.truth[i];
			expect(t === 0 || t === TRUTH_FAILED || t === TRUTH_ANOMALY).toBe(true);
			expect(t === TRUTH_FAILED).toBe(c.count[i] === FAILED);
			if (t === TRUTH_ANOMALY) expect(c.count[i]).toBeGreaterThanOrEqual(0);
		}
	});

	it('gives the same numbers on two runs', () => {
		clearSeedCache();
		expect(plain(simulate(p))).toEqual(plain(c));
	});
});

describe.each(MODES)('%s mode reads -2 at or before the opening time', (generator) => {
	it.each([
		['2024-01-10T13:45', '2024-01-10', 13],
		['2024-01-10T14:00', '2024-01-10', 14],
		['2024-01-10T00:00', '2024-01-10', 0],
		['2024-01-09T23:59', '2024-01-09', 23]
	])('opened %s: hours up to %s %i:00 read -2, later ones never', (opened, day, hour) => {
		const c = simulate(
			params({
				generator,
				start: '2024-01-08',
				end: '2024-01-12',
				stores: [store({ opened, pFail: 0.3 })]
			})
		);
		const last = hourOf(day, hour);
		for (let i = 0; i < c.length; i++) {
			if (c.hour[i] <= last) expect([c.count[i], c.truth[i]]).toEqual([SHOP_CLOSED, 0]);
			else expect(c.count[i]).not.toBe(SHOP_CLOSED);
		}
	});

	it('reads -2 everywhere for a store opened after the period, and nowhere for an old one', () => {
		const c = simulate(
			params({
				generator,
				stores: [store({ opened: '2025-01-01T00:00' }), store({ opened: '2000-01-01T00:00' })]
			})
		);
		const half = c.length / 2;
		expect(c.count.subarray(0, half).every((x) => x === SHOP_CLOSED)).toBe(true);
		expect(c.count.subarray(half).some((x) => x === SHOP_CLOSED)).toBe(false);
	});
});

describe.each(MODES)('%s mode is chunk-invariant', (generator) => {
	const p: SimulationParams = {
		...defaultSimulation(),
		generator,
		start: '2024-07-01',
		end: '2024-07-21',
		stores: [...clientStores(), store({ name: 'Late', sensors: 5, opened: '2024-07-10T12:00' })]
	};
	const whole = plain(simulate(p));

	it.each([1, 2, 3, 7])('concatenating the %i-chunk plan equals one simulation', (n) => {
		const chunks = planChunks(p, n);
		expect(chunks.length).toBeLessThanOrEqual(Math.max(n, p.stores.length));
		expect(plain(concat(chunks.map((ch) => simulateChunk(p, ch))))).toEqual(whole);
	});

	it('gives the same rows when single-sensor chunks run in reverse order from a cold cache', () => {
		clearSeedCache();
		const chunks = p.stores.flatMap((s, store) =>
			Array.from({ length: s.sensors }, (_, sensor) => ({
				store,
				sensorFrom: sensor,
				sensorTo: sensor + 1
			}))
		);
		const parts = chunks
			.reverse()
			.map((ch) => simulateChunk(p, ch))
			.reverse();
		expect(plain(concat(parts))).toEqual(whole);
	});
});

describe('planChunks', () => {
	const p = defaultSimulation(); // sensors 1, 20, 6, 4, 8

	it.each([
		[1, 5, 20],
		[5, 5, 20],
		[8, 8, 7],
		[16, 15, 3],
		[39, 39, 1],
		[1000, 39, 1]
	])('with n = %i makes %i chunks of at most %i sensors', (n, chunks, widest) => {
		const plan = planChunks(p, n);
		expect(plan.length).toBe(chunks);
		expect(Math.max(...plan.map((c) => c.sensorTo - c.sensorFrom))).toBe(widest);
	});

	it('covers every sensor of every store once, in order', () => {
		for (const n of [1, 2, 3, 7, 13, 64]) {
			const plan = planChunks(p, n);
			const seen = plan.flatMap((c) =>
				Array.from(
					{ length: c.sensorTo - c.sensorFrom },
					(_, k) => `${c.store}/${c.sensorFrom + k}`
				)
			);
			const all = p.stores.flatMap((s, i) =>
				Array.from({ length: s.sensors }, (_, k) => `${i}/${k}`)
			);
			expect(seen).toEqual(all);
		}
	});

	it('rejects a chunk count below 1', () => {
		expect(() => planChunks(p, 0)).toThrow(/chunk count n must be at least 1/);
		expect(() => planChunks(p, NaN)).toThrow(/chunk count/);
	});
});

describe('validation names the field at fault', () => {
	const cases: [string, (p: SimulationParams) => void, RegExp][] = [
		[
			'an unknown generator',
			(p) => ((p as { generator: string }).generator = 'python'),
			/generator must be "seeded" or "numpy"/
		],
		[
			'a seed that is not a string',
			(p) => ((p as { seed: unknown }).seed = 42),
			/seed must be a string/
		],
		[
			'an invalid start date',
			(p) => (p.start = '2024-02-30'),
			/start must be a date YYYY-MM-DD \(got "2024-02-30"\)/
		],
		['an invalid end date', (p) => (p.end = '31/01/2024'), /end must be a date/],
		[
			'an end before the start',
			(p) => (p.end = '2023-12-31'),
			/end must not be before start 2024-01-01/
		],
		[
			'more than 100 years',
			(p) => (p.end = '2124-06-01'),
			/end must be at most 36525 days after start/
		],
		['no stores', (p) => (p.stores = []), /stores must list 1 to 255 stores/],
		[
			'256 stores',
			(p) => (p.stores = Array.from({ length: 256 }, () => store({ sensors: 1 }))),
			/stores must list 1 to 255 stores \(got 256\)/
		],
		[
			'zero sensors',
			(p) => (p.stores[0].sensors = 0),
			/stores\[0\]\.sensors must be an integer from 1 to 65535 \(got 0\)/
		],
		[
			'65536 sensors',
			(p) => (p.stores[0].sensors = 65536),
			/stores\[0\]\.sensors must be an integer/
		],
		['fractional sensors', (p) => (p.stores[0].sensors = 2.5), /stores\[0\]\.sensors/],
		[
			'an invalid opening time',
			(p) => (p.stores[0].opened = '2024-01-01'),
			/stores\[0\]\.opened must be a date-time/
		],
		['a negative std', (p) => (p.stores[0].std = -1), /stores\[0\]\.std must be a number from 0/],
		['a NaN avg', (p) => (p.stores[0].avg = NaN), /stores\[0\]\.avg must be a number/],
		[
			'pFail above 1',
			(p) => (p.stores[0].pFail = 1.5),
			/stores\[0\]\.pFail must be a number from 0 to 1/
		],
		[
			'pAnom below 0',
			(p) => (p.stores[0].pAnom = -0.1),
			/stores\[0\]\.pAnom must be a number from 0 to 1/
		],
		[
			'a name that is not a string',
			(p) => ((p.stores[0] as { name: unknown }).name = 3),
			/stores\[0\]\.name must be a string/
		],
		[
			'over 50M readings',
			(p) => ((p.end = '2030-01-01'), (p.stores[0].sensors = 1000)),
			/at most 50000000 readings/
		]
	];

	it.each(cases)('rejects %s', (_what, mutate, message) => {
		const p = params();
		mutate(p);
		expect(() => validateSimulation(p)).toThrow(message);
		expect(() => simulate(p)).toThrow(message);
		expect(() => planChunks(p, 4)).toThrow(message);
		expect(() => simulateChunk(p, { store: 0, sensorFrom: 0, sensorTo: 1 })).toThrow(message);
	});

	it('lets countReadings report a total over the limit', () => {
		const p = params({ end: '2030-01-01', stores: [store({ sensors: 1000 })] });
		expect(countReadings(p)).toBeGreaterThan(MAX_READINGS);
		expect(() => countReadings(params({ end: '2023-01-01' }))).toThrow(
			/end must not be before start/
		);
	});

	it.each([
		[{ store: 1, sensorFrom: 0, sensorTo: 1 }, /chunk\.store must be a store index from 0 to 0/],
		[{ store: 0, sensorFrom: -1, sensorTo: 1 }, /chunk\.sensorFrom must be an integer from 0 to 2/],
		[{ store: 0, sensorFrom: 1, sensorTo: 1 }, /chunk\.sensorTo must be an integer from 2 to 3/],
		[{ store: 0, sensorFrom: 0, sensorTo: 4 }, /chunk\.sensorTo/]
	])('rejects chunk %j', (chunk, message) => {
		expect(() => simulateChunk(params(), chunk)).toThrow(message);
	});

	it('accepts the default simulation and the client stores in numpy mode', () => {
		expect(() => validateSimulation(defaultSimulation())).not.toThrow();
		expect(countReadings({ ...defaultSimulation(), generator: 'numpy' })).toBe(39 * 38 * 24);
	});
});
