/** The tooltip's nearest point: a binary search over points sorted by time. */
import { describe, expect, it } from 'vitest';
import { nearestIndex } from '../../../src/lib/charts/nearest';

const pts = (...ts: number[]) => ts.map((t) => ({ t }));

describe('nearestIndex', () => {
	it.each([
		['no points', pts(), 5, -1],
		['no points, NaN', pts(), NaN, -1],
		['one point, before', pts(10), 0, 0],
		['one point, after', pts(10), 99, 0],
		['before the first', pts(10, 20, 30), -5, 0],
		['after the last', pts(10, 20, 30), 1e9, 2],
		['exactly on a point', pts(10, 20, 30), 20, 1],
		['nearer the lower', pts(10, 20, 30), 14, 0],
		['nearer the upper', pts(10, 20, 30), 16, 1],
		['halfway goes to the lower', pts(10, 20, 30), 15, 0],
		['uneven gaps', pts(0, 1, 100, 1000), 600, 3],
		['duplicate times: the first of them', pts(10, 20, 20, 30), 20, 1],
		['not a number: the first point', pts(10, 20, 30), NaN, 0],
		['infinity: the first point', pts(10, 20, 30), Infinity, 0]
	])('%s', (_, points, t, expected) => {
		expect(nearestIndex(points, t)).toBe(expected);
	});

	it('agrees with a linear scan on many points', () => {
		const points = pts(...Array.from({ length: 500 }, (_, i) => i * 3 + (i % 2)));
		const linear = (t: number) => {
			let best = 0;
			for (let i = 1; i < points.length; i++) {
				if (Math.abs(points[i].t - t) < Math.abs(points[best].t - t)) best = i;
			}
			return best;
		};
		for (let t = -10; t < 1600; t += 0.7) {
			const i = nearestIndex(points, t);
			expect(Math.abs(points[i].t - t)).toBe(Math.abs(points[linear(t)].t - t));
		}
	});
});
