/** The marker lanes under the time series: which buckets get a tick, how dark, how wide. */
import { describe, expect, it } from 'vitest';
import {
	RUG_LANES,
	mergeRugMarks,
	rugMarks,
	rugTickWidth,
	type RugMark
} from '../../../src/lib/charts/rug';
import type { SeriesPoint } from '../../../src/lib/charts/types';

const point = (t: number, failed: number, anomalies: number): SeriesPoint => ({
	t,
	count: 0,
	avg_count_4days: null,
	perc_diff: null,
	failed,
	anomalies,
	status: null,
	imputed_count: null,
	imputed_share: null
});

describe('rugMarks', () => {
	const data = [point(0, 0, 1), point(1, 2, 0), point(2, 4, 3), point(3, 0, 0)];
	const x = (d: SeriesPoint) => d.t * 10;

	it.each([
		[
			'failed',
			[
				{ x: 10, alpha: 0.35 + 0.65 * 0.5 },
				{ x: 20, alpha: 1 }
			]
		],
		[
			'anomalies',
			[
				{ x: 0, alpha: 0.35 + 0.65 / 3 },
				{ x: 20, alpha: 1 }
			]
		]
	] as const)('%s: a tick per bucket holding any, darker the more', (key, expected) => {
		const marks = rugMarks(data, key, x);
		expect(marks.map((m) => m.x)).toEqual(expected.map((m) => m.x));
		marks.forEach((m, i) => expect(m.alpha).toBeCloseTo(expected[i].alpha, 12));
	});

	it.each([
		['no data', []],
		['nothing to mark', [point(0, 0, 0), point(1, 0, 0)]]
	])('%s: no ticks', (_, d) => {
		expect(rugMarks(d, 'failed', x)).toEqual([]);
		expect(rugMarks(d, 'anomalies', x)).toEqual([]);
	});

	it('has a lane for anomalies and one for failed readings', () => {
		expect(RUG_LANES.map((l) => l.key)).toEqual(['anomalies', 'failed']);
	});
});

describe('rugTickWidth', () => {
	it.each([
		[1000, 10, 8], // wide buckets: at most 8 px
		[1000, 200, 5],
		[1000, 1000, 1.5], // 1 px buckets: at least 1.5 px
		[1000, 75_000, 1.5],
		[1000, 0, 8]
	])('width %i, %i points -> %f px', (width, points, expected) => {
		expect(rugTickWidth(width, points)).toBe(expected);
	});
});

describe('mergeRugMarks', () => {
	const m = (x: number, alpha: number): RugMark => ({ x, alpha });

	it.each<[string, RugMark[], number, { x0: number; x1: number; alpha: number }[]]>([
		['no marks', [], 2, []],
		['one mark', [m(10, 0.5)], 2, [{ x0: 9, x1: 11, alpha: 0.5 }]],
		[
			'marks in separate pixel columns stay apart',
			[m(10.2, 0.5), m(12.5, 0.4)],
			2,
			[
				{ x0: 9.2, x1: 11.2, alpha: 0.5 },
				{ x0: 11.5, x1: 13.5, alpha: 0.4 }
			]
		],
		[
			'marks in one column become one span, as opaque as the ticks laid over each other',
			[m(10.1, 0.5), m(10.5, 0.5), m(10.9, 0.5)],
			2,
			[{ x0: 9.1, x1: 11.9, alpha: 0.875 }]
		],
		[
			'an opaque tick makes the span opaque',
			[m(3.0, 1), m(3.2, 0.35)],
			1.5,
			[{ x0: 2.25, x1: 3.95, alpha: 1 }]
		]
	])('%s', (_, marks, width, expected) => {
		const spans = mergeRugMarks(marks, width);
		expect(spans).toHaveLength(expected.length);
		spans.forEach((s, i) => {
			expect(s.x0).toBeCloseTo(expected[i].x0, 12);
			expect(s.x1).toBeCloseTo(expected[i].x1, 12);
			expect(s.alpha).toBeCloseTo(expected[i].alpha, 12);
		});
	});

	it('draws at most one span per pixel column for a dense lane', () => {
		const marks = Array.from({ length: 75_000 }, (_, i) => m((i / 75_000) * 1000, 0.4));
		const spans = mergeRugMarks(marks, 1.5);
		expect(spans.length).toBe(1000);
		for (const s of spans) expect(s.alpha).toBeGreaterThan(0.99);
	});

	it('merges per binPx-wide column', () => {
		const marks = [m(0.2, 0.5), m(1.2, 0.5), m(2.2, 0.5), m(3.2, 0.5)];
		expect(mergeRugMarks(marks, 1, 2).map((s) => s.alpha)).toEqual([0.75, 0.75]);
	});
});
