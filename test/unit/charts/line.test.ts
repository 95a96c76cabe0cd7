/** The canvas line's geometry: runs broken at gaps, thinned to 4 points per pixel column. */
import { describe, expect, it } from 'vitest';
import { dashCoverage, lineBands, lineRuns, thinRun } from '../../../src/lib/charts/line';

interface P {
	t: number;
	v: number | null;
}
const series = (...vs: (number | null)[]): P[] => vs.map((v, t) => ({ t, v }));
const value = (d: P) => d.v;
const x = (d: P) => d.t * 10;
const y = (v: number) => 100 - v;

describe('lineRuns', () => {
	it.each<[string, P[], number, number[][]]>([
		['no points', [], Infinity, []],
		['one run', series(1, 2, 3), Infinity, [[0, 99, 10, 98, 20, 97]]],
		[
			'null breaks the line',
			series(1, null, 3, 4),
			Infinity,
			[
				[0, 99],
				[20, 97, 30, 96]
			]
		],
		[
			'NaN and Infinity break the line',
			series(1, NaN, 3, Infinity, 5),
			Infinity,
			[
				[0, 99],
				[20, 97],
				[40, 95]
			]
		],
		['leading and trailing nulls', series(null, 1, 2, null), Infinity, [[10, 99, 20, 98]]],
		[
			'a gap in time longer than maxGap breaks the line',
			[
				{ t: 0, v: 1 },
				{ t: 1, v: 2 },
				{ t: 5, v: 3 },
				{ t: 6, v: 4 }
			],
			1.5,
			[
				[0, 99, 10, 98],
				[50, 97, 60, 96]
			]
		]
	])('%s', (_, data, maxGap, expected) => {
		expect(lineRuns(data, value, x, y, maxGap)).toEqual(expected);
		expect(lineRuns(data, value, x, y, maxGap, false)).toEqual(expected);
	});

	it('thins a dense run to at most 4 points per pixel column, keeping its extremes', () => {
		const data = Array.from({ length: 75_000 }, (_, t) => ({ t, v: Math.sin(t / 5) * 50 }));
		const scaleX = (d: P) => (d.t / 75_000) * 1000;
		const [run] = lineRuns(data, value, scaleX, y, Infinity);
		expect(run.length / 2).toBeLessThanOrEqual(4 * 1000);
		expect(run.length / 2).toBeGreaterThan(2 * 1000);
		const ys = run.filter((_, i) => i % 2 === 1);
		expect(Math.min(...ys)).toBeCloseTo(50, 2);
		expect(Math.max(...ys)).toBeCloseTo(150, 2);
		const [full] = lineRuns(data, value, scaleX, y, Infinity, false);
		expect(full.length / 2).toBe(75_000);
	});
});

describe('thinRun', () => {
	it.each<[string, number[], number, number[]]>([
		[
			'up to 4 points: as they are',
			[0, 5, 0.1, 1, 0.2, 9, 0.3, 2],
			1,
			[0, 5, 0.1, 1, 0.2, 9, 0.3, 2]
		],
		[
			'one column: first, lowest and highest in their order, last',
			[0, 5, 0.1, 1, 0.2, 9, 0.3, 4, 0.4, 3, 0.5, 6],
			1,
			[0, 5, 0.1, 1, 0.2, 9, 0.5, 6]
		],
		[
			'highest before lowest keeps that order',
			[0, 5, 0.1, 9, 0.2, 4, 0.3, 1, 0.4, 3, 0.5, 6],
			1,
			[0, 5, 0.1, 9, 0.3, 1, 0.5, 6]
		],
		[
			'the extremes at the ends: no point twice',
			[0, 0, 0.1, 5, 0.2, 5, 0.3, 5, 0.4, 5, 0.5, 10],
			1,
			[0, 0, 0.1, 5, 0.5, 10]
		],
		[
			'columns are thinned one by one',
			[0, 1, 0.2, 2, 0.4, 3, 0.6, 4, 0.8, 5, 1.0, 6, 1.5, 7],
			1,
			[0, 1, 0.2, 2, 0.6, 4, 0.8, 5, 1.0, 6, 1.5, 7]
		],
		[
			'half-pixel columns (device pixel ratio 2)',
			[0, 1, 0.1, 2, 0.2, 3, 0.3, 4, 0.4, 5, 0.6, 6],
			0.5,
			[0, 1, 0.1, 2, 0.3, 4, 0.4, 5, 0.6, 6]
		]
	])('%s', (_, run, px, expected) => {
		expect(thinRun(run, px)).toEqual(expected);
	});
});

describe('lineBands', () => {
	// x = t / 4: four points per pixel column
	const dense = (d: P) => d.t / 4;

	it.each<[string, P[], number, number[]]>([
		['no points', [], Infinity, []],
		['one column', series(1, 5, 3, 2), Infinity, [0, 95, 99]],
		[
			'a column reaches back to the last point of the one before',
			series(1, 2, 3, 4, 10, 10, 10, 10),
			Infinity,
			[0, 96, 99, 1, 90, 96]
		],
		[
			'a break does not connect the columns',
			series(1, 2, 3, 4, null, 10, 10, 10),
			Infinity,
			[0, 96, 99, 1, 90, 90]
		],
		[
			'nor does a step over maxGap',
			[
				{ t: 0, v: 1 },
				{ t: 1, v: 2 },
				{ t: 9, v: 10 },
				{ t: 10, v: 10 }
			],
			4,
			[0, 98, 99, 2, 90, 90]
		],
		[
			'columns without points are skipped',
			[
				{ t: 0, v: 1 },
				{ t: 12, v: 3 }
			],
			4,
			[0, 99, 99, 3, 97, 97]
		]
	])('%s', (_, data, maxGap, expected) => {
		expect(lineBands(data, value, dense, y, maxGap)).toEqual(expected);
	});

	it('covers what the thinned line covers, column by column', () => {
		const data = Array.from({ length: 20_000 }, (_, t) => ({
			t,
			v: (t % 24) * 3 + Math.sin(t) * 5
		}));
		const sx = (d: P) => (d.t / 20_000) * 500;
		const bands = lineBands(data, value, sx, y);
		const [run] = lineRuns(data, value, sx, y);
		expect(bands.length / 3).toBe(500);
		// every vertex of the stroked line lies inside its column's band
		for (let i = 0; i < run.length; i += 2) {
			const c = Math.floor(run[i]);
			const b = bands.indexOf(c, 0);
			expect(b % 3).toBe(0);
			expect(run[i + 1]).toBeGreaterThanOrEqual(bands[b + 1]);
			expect(run[i + 1]).toBeLessThanOrEqual(bands[b + 2]);
		}
	});

	it('works in half-pixel columns', () => {
		expect(lineBands(series(1, 2, 3, 4), value, (d) => d.t / 4, y, Infinity, 0.5)).toEqual([
			0, 98, 99, 1, 96, 98
		]);
	});
});

describe('dashCoverage', () => {
	it.each([
		[[], 1],
		[[5, 4], 5 / 9],
		[[6, 4], 0.6],
		[[5], 0.5],
		[[2, 1, 1], 4 / 8],
		[[0, 0], 1]
	])('%j -> %f', (dash, expected) => {
		expect(dashCoverage(dash)).toBeCloseTo(expected, 12);
	});
});
