import { describe, expect, it } from 'vitest';
import {
	MAD_SCALE,
	medianAbs,
	medianOf,
	medianWithout,
	select,
	sortSmall,
	sortedMedian
} from '../../../src/lib/health/stats';
import { rng } from './helpers';

function refMedian(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	if (!s.length) return NaN;
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

describe('robust statistics helpers', () => {
	it('sorts short windows and takes their median', () => {
		const a = Float64Array.of(5, 1, 4, 2, 3, 0);
		sortSmall(a, 5);
		expect([...a]).toEqual([1, 2, 3, 4, 5, 0]);
		expect(sortedMedian(a, 5)).toBe(3);
		expect(sortedMedian(a, 4)).toBe(2.5);
		expect(sortedMedian(a, 0)).toBeNaN();
	});

	it('medianWithout equals the median of the others, ties included', () => {
		const u = rng(7);
		for (let trial = 0; trial < 500; trial++) {
			const n = 2 + Math.floor(u() * 20);
			const xs = Array.from({ length: n }, () => Math.floor(u() * 6));
			const sorted = Float64Array.from(xs).sort();
			const drop = xs[Math.floor(u() * n)];
			const others = [...xs];
			others.splice(others.indexOf(drop), 1);
			expect(medianWithout(sorted, n, drop)).toBe(refMedian(others));
		}
		expect(medianWithout(Float64Array.of(3), 1, 3)).toBeNaN();
	});

	it('medianOf copies a slice and leaves it unchanged', () => {
		const v = Float64Array.of(9, 3, 1, 2, 8);
		expect(medianOf(v, 3, new Float64Array(5), 1)).toBe(2);
		expect([...v]).toEqual([9, 3, 1, 2, 8]);
	});

	it('medianAbs and select agree with a full sort', () => {
		const u = rng(3);
		for (let trial = 0; trial < 300; trial++) {
			const n = 1 + Math.floor(u() * 300);
			const xs = Array.from({ length: n }, () => (u() - 0.5) * (trial % 3 ? 10 : 2));
			const v = Float64Array.from(xs);
			expect(medianAbs(v, n, new Float64Array(n))).toBe(refMedian(xs.map(Math.abs)));
			const k = Math.floor(u() * n);
			const a = Float64Array.from(xs);
			expect(select(a, 0, n - 1, k)).toBe([...xs].sort((p, q) => p - q)[k]);
		}
		expect(medianAbs(new Float64Array(0), 0, new Float64Array(0))).toBeNaN();
		expect(medianAbs(Float64Array.of(100, -3, 1, -2, 100), 3, new Float64Array(3), 1)).toBe(2);
	});

	it('MAD_SCALE turns the median absolute deviation of a normal into its sigma', () => {
		expect(MAD_SCALE).toBeCloseTo(1 / 0.6744897501960817, 12);
	});
});
