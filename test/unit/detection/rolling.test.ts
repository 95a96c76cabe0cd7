import { describe, expect, it } from 'vitest';
import {
	EXACT_PRODUCT_LIMIT,
	emptyBandTotals,
	rollingBand,
	rollingMeanStd,
	rollingPath,
	type RollingPath
} from '../../../src/lib/detection/rolling';
import { bigIntRolling, gauss, maxRelDiff, naiveRolling, rng } from './helpers';

const NaN_ = Number.NaN;

function randomInts(n: number, level: number, sd: number, seed: number): Int32Array {
	const g = gauss(rng(seed));
	return Int32Array.from({ length: n }, () => Math.round(level + sd * g()));
}

describe('rollingMeanStd: window k, anchor end, strict', () => {
	it.each([
		{
			name: 'a window of 3 over 1..5',
			x: [1, 2, 3, 4, 5],
			w: 3,
			mean: [NaN_, NaN_, 2, 3, 4],
			std: [NaN_, NaN_, 1, 1, 1]
		},
		{
			name: 'a window of 2 over a step',
			x: [0, 0, 4, 4],
			w: 2,
			mean: [NaN_, 0, 2, 4],
			std: [NaN_, 0, Math.SQRT2 * 2, 0]
		},
		{
			name: 'a window of 1: the mean is the sample, the sample std is undefined',
			x: [7, -3],
			w: 1,
			mean: [7, -3],
			std: [NaN_, NaN_]
		},
		{
			name: 'a window longer than the series: nothing is defined',
			x: [1, 2, 3],
			w: 4,
			mean: [NaN_, NaN_, NaN_],
			std: [NaN_, NaN_, NaN_]
		},
		{ name: 'an empty series', x: [], w: 3, mean: [], std: [] }
	])('gives explicit values for $name', ({ x, w, mean, std }) => {
		const r = rollingMeanStd(Int32Array.from(x), w);
		expect(Array.from(r.mean)).toEqual(mean);
		expect(maxRelDiff(r.std, std)).toBeLessThan(1e-15);
	});

	it('gives exactly zero std (not a rounding residue) for a constant signal', () => {
		const r = rollingMeanStd(new Int32Array(5000).fill(3575), 1200);
		expect(Array.from(r.std.subarray(1199)).every((s) => s === 0)).toBe(true);
		expect(Array.from(r.mean.subarray(1199)).every((m) => m === 3575)).toBe(true);
	});

	it('never looks ahead: changing a later sample leaves earlier values unchanged', () => {
		const x = randomInts(3000, 3500, 20, 7);
		const a = rollingMeanStd(x, 100);
		const y = x.slice();
		y[2000] = 99999;
		const b = rollingMeanStd(y, 100);
		expect(Array.from(b.mean.subarray(0, 2000))).toEqual(Array.from(a.mean.subarray(0, 2000)));
		expect(Array.from(b.std.subarray(0, 2000))).toEqual(Array.from(a.std.subarray(0, 2000)));
		expect(b.mean[2000]).not.toBe(a.mean[2000]);
	});

	it.each([
		{ name: 'skin temperatures', level: 3500, sd: 30, w: 1200 },
		{ name: 'a faulty 474 °C device', level: 47431, sd: 500, w: 1200 },
		{ name: 'negative readings', level: -2000, sd: 5, w: 50 },
		{ name: 'a long window', level: 3500, sd: 3, w: 5000 }
	])(
		'agrees with a two-pass reference per window to 1e-12 on $name (exact path)',
		({ level, sd, w }) => {
			const x = randomInts(w + 3000, level, sd, 11);
			const r = rollingMeanStd(x, w);
			const ref = naiveRolling(x, w);
			expect(r.path).toBe('exact');
			expect(maxRelDiff(r.mean, ref.mean)).toBeLessThan(1e-12);
			expect(maxRelDiff(r.std, ref.std)).toBeLessThan(1e-12);
		}
	);
});

describe('rollingPath: the exact path only when w * max|x| keeps every sum below 2^53', () => {
	it.each<{ name: string; x: Int32Array | Float64Array; w: number; path: RollingPath }>([
		{ name: 'skin temperatures, w 1200', x: Int32Array.of(3500, -3600), w: 1200, path: 'exact' },
		{
			name: 'w * max exactly at the limit',
			x: Int32Array.of(EXACT_PRODUCT_LIMIT / 5),
			w: 5,
			path: 'exact'
		},
		{
			name: 'w * max one above the limit',
			x: Int32Array.of(1, EXACT_PRODUCT_LIMIT),
			w: 2,
			path: 'compensated'
		},
		{ name: '100 000 cents with w 1200', x: Int32Array.of(100_000), w: 1200, path: 'compensated' },
		{
			name: 'int32 extremes',
			x: Int32Array.of(-(2 ** 31), 2 ** 31 - 1),
			w: 3,
			path: 'compensated'
		},
		{ name: 'integer-valued doubles', x: Float64Array.of(1, 2, 3), w: 3, path: 'exact' },
		{ name: 'non-integer doubles', x: Float64Array.of(1, 2.5, 3), w: 3, path: 'compensated' }
	])('takes the $path path for $name', ({ x, w, path }) => {
		expect(rollingPath(x, w)).toBe(path);
	});

	it('refuses NaN and infinite samples', () => {
		expect(() => rollingPath(Float64Array.of(1, Number.NaN), 2)).toThrow(RangeError);
		expect(() => rollingPath(Float64Array.of(1, Infinity), 2)).toThrow(RangeError);
	});

	it('refuses a window that is not a whole number >= 1', () => {
		expect(() => rollingMeanStd(Int32Array.of(1, 2), 0)).toThrow(RangeError);
		expect(() => rollingMeanStd(Int32Array.of(1, 2), 1.5)).toThrow(RangeError);
	});
});

describe('the compensated path stays accurate where plain sums would not', () => {
	const u = rng(5);
	const cases: { name: string; x: Int32Array; w: number }[] = [
		{
			name: 'values near the int32 maximum with a std of a few units',
			x: Int32Array.from({ length: 4000 }, () => 2 ** 31 - 1 - Math.floor(u() * 10)),
			w: 1200
		},
		{
			name: 'alternating int32 extremes',
			x: Int32Array.from({ length: 3000 }, (_, i) => (i % 2 ? 2 ** 31 - 1 : -(2 ** 31))),
			w: 1200
		},
		{
			name: 'a flat series with one huge spike passing through the window',
			x: Int32Array.from({ length: 3000 }, (_, i) => (i === 1500 ? 2_000_000_000 : 3500 + (i % 3))),
			w: 1200
		},
		{
			name: 'uniform int32 values',
			x: Int32Array.from({ length: 3000 }, () => Math.floor((u() - 0.5) * 2 ** 32)),
			w: 300
		}
	];

	it.each(cases)('matches an exact BigInt reference to 1e-12 relative on $name', ({ x, w }) => {
		const r = rollingMeanStd(x, w);
		const ref = bigIntRolling(x, w);
		expect(r.path).toBe('compensated');
		expect(maxRelDiff(r.mean, ref.mean)).toBeLessThan(1e-12);
		expect(maxRelDiff(r.std, ref.std)).toBeLessThan(1e-12);
	});

	it('shows why: plain double sums lose the std of values near 2^31 entirely', () => {
		const { x, w } = cases[0];
		const ref = bigIntRolling(x, w);
		let s1 = 0;
		let s2 = 0;
		for (let i = 0; i < w; i++) {
			s1 += x[i];
			s2 += x[i] * x[i];
		}
		const naive = Math.sqrt(Math.max(0, (w * s2 - s1 * s1) / (w * (w - 1))));
		expect(Math.abs(naive - ref.std[w - 1]) / ref.std[w - 1]).toBeGreaterThan(0.1);
	});

	it('agrees with the exact path to 1e-15 when forced onto ordinary temperatures', () => {
		const x = randomInts(5000, 3500, 25, 3);
		const exact = { mean: new Float64Array(x.length), std: new Float64Array(x.length) };
		const comp = { mean: new Float64Array(x.length), std: new Float64Array(x.length) };
		rollingBand(x, 1200, 3, { ...exact, path: 'exact' });
		rollingBand(x, 1200, 3, { ...comp, path: 'compensated' });
		expect(maxRelDiff(comp.mean, exact.mean)).toBeLessThan(1e-15);
		expect(maxRelDiff(comp.std, exact.std)).toBeLessThan(1e-15);
	});

	it('handles non-integer doubles to 1e-9 of a two-pass reference', () => {
		const g = gauss(rng(9));
		const x = Float64Array.from({ length: 3000 }, () => 36.5 + 0.2 * g());
		const r = rollingMeanStd(x, 240);
		const ref = naiveRolling(x, 240);
		expect(r.path).toBe('compensated');
		expect(maxRelDiff(r.mean, ref.mean)).toBeLessThan(1e-12);
		expect(maxRelDiff(r.std, ref.std)).toBeLessThan(1e-9);
	});
});

describe('rollingBand: the band test fused into the pass', () => {
	it('counts a sample above mean + k std and sums its excursion', () => {
		// window [0, 0, 0, 0, 10]: mean 2, std sqrt(20); with k = 1 the upper band is 2 + 4.472
		const totals = emptyBandTotals();
		rollingBand(Int32Array.of(0, 0, 0, 0, 10), 5, 1, { totals });
		expect(totals.banded).toBe(1);
		expect(totals.outside).toBe(1);
		expect(totals.excess).toBeCloseTo(10 - (2 + Math.sqrt(20)), 12);
	});

	it('counts a sample below mean - k std', () => {
		const totals = emptyBandTotals();
		rollingBand(Int32Array.of(10, 10, 10, 10, 0), 5, 1, { totals });
		expect(totals.outside).toBe(1);
		expect(totals.excess).toBeCloseTo(8 - Math.sqrt(20) - 0, 12);
	});

	it('finds nothing outside the band of a constant signal', () => {
		const totals = emptyBandTotals();
		rollingBand(new Int32Array(3000).fill(3600), 1200, 3, { totals });
		expect(totals).toEqual({ banded: 1801, outside: 0, excess: 0 });
	});

	it.each([0, 0.01, 0.5, 1, 2, 3, 6])(
		'counts exactly the same with k = %s whether or not mean and std are written out',
		(k) => {
			// small integers with ties, steps and spikes: many samples near the band edges
			const u = rng(21);
			const x = Int32Array.from(
				{ length: 20000 },
				(_, i) => Math.floor(u() * 4) + (i % 997 < 30 ? 5 : 0) + (u() < 0.001 ? 40 : 0)
			);
			for (const w of [2, 3, 30, 1200]) {
				const screened = emptyBandTotals();
				const full = emptyBandTotals();
				rollingBand(x, w, k, { totals: screened, path: 'exact' });
				rollingBand(x, w, k, { totals: full, path: 'exact', mean: new Float64Array(x.length) });
				expect(screened).toEqual(full);
			}
		}
	);

	it('keeps the window inside [from, to): a sub-range is its own series', () => {
		const x = Int32Array.of(100, 100, 100, 1, 2, 3, 4, 5);
		const mean = new Float64Array(x.length).fill(-1);
		const std = new Float64Array(x.length).fill(-1);
		rollingBand(x, 3, 3, { from: 3, to: 8, mean, std });
		expect(Array.from(mean)).toEqual([-1, -1, -1, NaN_, NaN_, 2, 3, 4]);
		expect(Array.from(std)).toEqual([-1, -1, -1, NaN_, NaN_, 1, 1, 1]);
	});

	it('adds to the totals it is given, so segments accumulate', () => {
		const totals = emptyBandTotals();
		const x = Int32Array.of(0, 0, 0, 0, 10, 0, 0, 0, 0, 10);
		rollingBand(x, 5, 1, { totals, from: 0, to: 5 });
		rollingBand(x, 5, 1, { totals, from: 5, to: 10 });
		expect(totals.banded).toBe(2);
		expect(totals.outside).toBe(2);
	});
});
