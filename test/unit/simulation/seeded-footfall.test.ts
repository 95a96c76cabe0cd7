import { describe, expect, it } from 'vitest';
import { clientStores, defaultSimulation } from '../../../src/lib/domain/footfall';
import type { ReadingColumns } from '../../../src/lib/domain/footfall';
import { simulate } from '../../../src/lib/simulation/footfall';
import { sensorKey, storeKey } from '../../../src/lib/simulation/seeded-footfall';
import { params, plain, store } from './helpers';

/** Open-hour (non-zero, non-code) counts of one sensor of one store, by row order. */
function openCounts(c: ReadingColumns, storeIndex: number, sensor: number): Map<number, number> {
	const out = new Map<number, number>();
	for (let i = 0; i < c.length; i++) {
		if (c.store[i] === storeIndex && c.sensor[i] === sensor && c.count[i] > 0) {
			out.set(c.hour[i], c.count[i]);
		}
	}
	return out;
}

function correlation(a: number[], b: number[]): number {
	const n = a.length;
	const ma = a.reduce((s, x) => s + x, 0) / n;
	const mb = b.reduce((s, x) => s + x, 0) / n;
	let sab = 0;
	let saa = 0;
	let sbb = 0;
	for (let i = 0; i < n; i++) {
		sab += (a[i] - ma) * (b[i] - mb);
		saa += (a[i] - ma) ** 2;
		sbb += (b[i] - mb) ** 2;
	}
	return sab / Math.sqrt(saa * sbb);
}

/** Share of hours where both series have a count and the counts are equal, with a lag. */
function sameShare(a: Map<number, number>, b: Map<number, number>, lag: number) {
	let both = 0;
	let same = 0;
	const xs: number[] = [];
	const ys: number[] = [];
	for (const [h, v] of a) {
		const w = b.get(h - lag);
		if (w === undefined) continue;
		both++;
		if (v === w) same++;
		xs.push(v);
		ys.push(w);
	}
	return { both, share: same / both, r: correlation(xs, ys) };
}

describe('seeded mode gives every sensor its own traffic', () => {
	const c = simulate(
		params({
			generator: 'seeded',
			start: '2024-01-01',
			end: '2024-06-30',
			stores: [store({ sensors: 3, pAnom: 0 })]
		})
	);

	it.each([
		[0, 1, 0],
		[0, 1, 1],
		[1, 2, 1],
		[0, 2, 0]
	])(
		'sensor %i and sensor %i (lag %i h) share almost no counts and are uncorrelated',
		(a, b, lag) => {
			const { both, share, r } = sameShare(openCounts(c, 0, a), openCounts(c, 0, b), lag);
			expect(both).toBeGreaterThan(1000);
			expect(share).toBeLessThan(0.01);
			expect(Math.abs(r)).toBeLessThan(0.1);
		}
	);

	it('unlike numpy mode, where sensor 0 at h equals sensor 1 at h-1', () => {
		const n = simulate(
			params({
				generator: 'numpy',
				start: '2024-01-01',
				end: '2024-06-30',
				stores: [store({ sensors: 2, pAnom: 0 })]
			})
		);
		const { both, share } = sameShare(openCounts(n, 0, 0), openCounts(n, 0, 1), 1);
		expect(both).toBeGreaterThan(1000);
		expect(share).toBeGreaterThan(0.85); // all but the 8:00 readings (previous hour closed)
	});

	it('gives different stores with the same parameters different traffic', () => {
		const twin = store({ name: 'Twin', sensors: 1 });
		const d = simulate(
			params({ generator: 'seeded', stores: [twin, twin, { ...twin, name: 'Other' }] })
		);
		const s0 = openCounts(d, 0, 0);
		for (const other of [1, 2]) {
			expect(sameShare(s0, openCounts(d, other, 0), 0).share).toBeLessThan(0.02);
		}
	});
});

describe('seeded mode is a pure function of (seed, store, sensor, hour)', () => {
	it('gives the same numbers on two runs', () => {
		const p = { ...defaultSimulation(), end: '2024-07-10' };
		expect(plain(simulate(p))).toEqual(plain(simulate(p)));
	});

	it.each([
		['sensors-and-more', 'sensors-and-more2'],
		['a', 'b'],
		['', ' ']
	])('gives different traffic for seeds %j and %j', (a, b) => {
		const s = [store({ sensors: 2, pAnom: 0 })];
		const ca = simulate(params({ generator: 'seeded', seed: a, stores: s }));
		const cb = simulate(params({ generator: 'seeded', seed: b, stores: s }));
		const { both, share } = sameShare(openCounts(ca, 0, 1), openCounts(cb, 0, 1), 0);
		expect(both).toBeGreaterThan(200);
		expect(share).toBeLessThan(0.03);
	});

	it('does not change a reading when the date range around it changes', () => {
		const long = simulate(params({ generator: 'seeded', start: '2023-12-01', end: '2024-02-29' }));
		const short = simulate(params({ generator: 'seeded', start: '2024-01-15', end: '2024-01-16' }));
		const byKey = new Map<string, number>();
		for (let i = 0; i < long.length; i++)
			byKey.set(`${long.sensor[i]}/${long.hour[i]}`, long.count[i]);
		for (let i = 0; i < short.length; i++) {
			expect(short.count[i]).toBe(byKey.get(`${short.sensor[i]}/${short.hour[i]}`));
		}
	});

	it('derives distinct sensor keys from seed, store index, store name and sensor', () => {
		const keys = [
			sensorKey(storeKey('s', 0, 'A'), 0),
			sensorKey(storeKey('s', 0, 'A'), 1),
			sensorKey(storeKey('s', 1, 'A'), 0),
			sensorKey(storeKey('s', 0, 'B'), 0),
			sensorKey(storeKey('t', 0, 'A'), 0)
		].map((k) => k.join());
		expect(new Set(keys).size).toBe(keys.length);
		expect(sensorKey(storeKey('s', 0, 'A'), 0)).toEqual(sensorKey(storeKey('s', 0, 'A'), 0));
	});

	it('gives the 65535 sensors of a store 65535 distinct k1 and k2 words', () => {
		const key = storeKey('sensors-and-more', 0, 'Paris');
		const k1 = new Set<number>();
		const k2 = new Set<number>();
		for (let sensor = 0; sensor < 65535; sensor++) {
			const [a, b] = sensorKey(key, sensor);
			k1.add(a);
			k2.add(b);
		}
		expect([k1.size, k2.size]).toEqual([65535, 65535]);
	});
});

describe('seeded mode gives the pinned numbers (same bits in every engine)', () => {
	// Computed once in Node 20; only exact IEEE-754 arithmetic, Math.imul, Math.sqrt and
	// the fdlibm log port are involved, so any JavaScript engine must agree.
	const c = simulate(defaultSimulation());

	it('over the whole default simulation', () => {
		let sum = 0;
		let failed = 0;
		let anomalies = 0;
		let hash = 0;
		for (let i = 0; i < c.length; i++) {
			if (c.count[i] > 0) sum += c.count[i];
			if (c.truth[i] & 1) failed++;
			if (c.truth[i] & 2) anomalies++;
			hash = (Math.imul(hash, 31) + c.count[i]) | 0;
		}
		expect({ length: c.length, sum, failed, anomalies, hash }).toEqual({
			length: 35568,
			sum: 82254839,
			failed: 267,
			anomalies: 891,
			hash: 2081453132
		});
	});

	it.each([
		[0, 0, 0, 477720, 0],
		[8, 0, 0, 477728, 937],
		[9, 0, 0, 477729, 935],
		[17, 0, 0, 477737, 812],
		[5000, 1, 4, 478160, 6048],
		[20000, 2, 0, 478568, 2705],
		[35567, 4, 7, 478631, 0]
	])('row %i is store %i sensor %i hour %i count %i', (row, storeIndex, sensor, hour, count) => {
		expect([c.store[row], c.sensor[row], c.hour[row], c.count[row]]).toEqual([
			storeIndex,
			sensor,
			hour,
			count
		]);
	});
});

describe('seeded mode draws visits from the configured normal distribution', () => {
	it('has mean about avg and spread about std on non-anomaly open hours', () => {
		const s = clientStores()[4]; // London: avg 11000, std 1650
		const c = simulate(
			params({
				generator: 'seeded',
				start: '2023-01-01',
				end: '2023-12-31',
				stores: [{ ...s, pAnom: 0 }]
			})
		);
		const xs: number[] = [];
		for (let i = 0; i < c.length; i++) if (c.count[i] > 0) xs.push(c.count[i]);
		const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
		const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
		expect(xs.length).toBeGreaterThan(20_000);
		expect(Math.abs(mean - 11000)).toBeLessThan(30);
		expect(Math.abs(sd - 1650) / 1650).toBeLessThan(0.02);
		const within1 = xs.filter((x) => Math.abs(x - 11000) < 1650).length / xs.length;
		expect(within1).toBeGreaterThan(0.67);
		expect(within1).toBeLessThan(0.7);
	});

	it.each([1, 24, 168])('has no autocorrelation at lag %i hours within a sensor', (lag) => {
		const c = simulate(
			params({
				generator: 'seeded',
				start: '2022-01-01',
				end: '2023-12-31',
				stores: [store({ sensors: 1, pAnom: 0, pFail: 0 })]
			})
		);
		const { both, r } = sameShare(openCounts(c, 0, 0), openCounts(c, 0, 0), lag);
		expect(both).toBeGreaterThan(lag === 1 ? 5000 : 4000);
		expect(Math.abs(r)).toBeLessThan(0.05);
	});
});
