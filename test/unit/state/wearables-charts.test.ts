/**
 * The helpers behind the wearable page's signal charts (`src/lib/charts/wearables/
 * signal.ts`): the min/max envelope per pixel column, filled band runs, wear spans,
 * clock labels and ticks, and the samples outside the band. (Kept beside the page's
 * state tests; they are pure and run in Node.)
 */
import { describe, expect, it } from 'vitest';
import {
	bandRuns,
	clock,
	envelope,
	outsideBand,
	secondsTicks,
	traceEnvelope,
	wearSpans,
	type SignalSource
} from '../../../src/lib/charts/wearables/signal';
import { detectBothModes } from '../../../src/lib/detection';
import { generateFleet } from '../../../src/lib/simulation/fleet';

const source = (values: number[], hz = 1): SignalSource => ({
	length: values.length,
	time: (i) => i / hz,
	value: (i) => values[i]
});
const cols = (e: ReturnType<typeof envelope>) =>
	Array.from({ length: e.n }, (_, k) => [
		e.x[k],
		e.first[k],
		e.min[k],
		e.max[k],
		e.last[k],
		e.breakBefore[k]
	]);

describe('envelope', () => {
	it('keeps one column per sample when samples are wider apart than a pixel', () => {
		const e = envelope(source([5, 6, 7]), { x: (t) => t * 10 });
		expect(cols(e)).toEqual([
			[0, 5, 5, 5, 5, 1],
			[10, 6, 6, 6, 6, 0],
			[20, 7, 7, 7, 7, 0]
		]);
	});

	it('folds dense samples into first, min, max and last per column', () => {
		// 4 samples per pixel
		const e = envelope(source([3, 9, 1, 4, 2, 2, 8, 5]), { x: (t) => t / 4 });
		expect(cols(e)).toEqual([
			[0, 3, 1, 9, 4, 1],
			[1, 2, 2, 8, 5, 0]
		]);
	});

	it('breaks the line at NaN and at gaps longer than maxGap', () => {
		const values = [1, 2, Number.NaN, 4, 5];
		const e = envelope(source(values), { x: (t) => t, maxGap: 1.5 });
		expect(Array.from(e.breakBefore.subarray(0, e.n))).toEqual([1, 0, 1, 0]);
		const gap: SignalSource = { length: 3, time: (i) => [0, 1, 5][i], value: () => 1 };
		expect(
			Array.from(envelope(gap, { x: (t) => t, maxGap: 1.5 }).breakBefore.subarray(0, 3))
		).toEqual([1, 0, 1]);
	});

	it('reads only the samples inside [from, to], and nothing of an empty signal', () => {
		const e = envelope(source([1, 2, 3, 4, 5]), { x: (t) => t, from: 1, to: 3 });
		expect(cols(e).map((c) => c[1])).toEqual([2, 3, 4]);
		expect(envelope(source([]), { x: (t) => t }).n).toBe(0);
	});

	it('holds a day of 64 Hz in a few thousand columns, spikes kept', () => {
		const n = 64 * 86_400;
		const s: SignalSource = {
			length: n,
			time: (i) => i / 64,
			value: (i) => (i === 1_000_003 ? 99_999 : i % 100)
		};
		const e = envelope(s, { x: (t) => (t / 86_400) * 1000 });
		expect(e.n).toBe(1000);
		expect(Math.max(...e.max.subarray(0, e.n))).toBe(99_999);
	});
});

describe('traceEnvelope', () => {
	it('moves at breaks, draws a vertical stroke per busy column and a tick for a lone sample', () => {
		const ops: string[] = [];
		const path = {
			moveTo: (x: number, y: number) => ops.push(`M${x},${y}`),
			lineTo: (x: number, y: number) => ops.push(`L${x},${y}`)
		};
		traceEnvelope(
			envelope(source([3, 9, 1, 4, Number.NaN, 7]), { x: (t) => Math.floor(t / 4) * 10 }),
			(v) => v,
			path
		);
		expect(ops).toEqual(['M0,3', 'L0,1', 'L0,9', 'L0,4', 'M10,7', 'L11,7']);
	});
});

describe('bandRuns', () => {
	it('makes one run per defined stretch, with the widest band per column', () => {
		const lo = [Number.NaN, 1, 0, 2, Number.NaN, 5];
		const hi = [Number.NaN, 3, 4, 3, Number.NaN, 6];
		const runs = bandRuns(
			6,
			(i) => i,
			(i) => lo[i],
			(i) => hi[i],
			{ x: (t) => Math.floor(t / 2) }
		);
		expect(runs).toEqual([
			{ x: [0, 1], lo: [1, 0], hi: [3, 4] },
			{ x: [2], lo: [5], hi: [6] }
		]);
	});
	it('folds points of one column: the second point widens the first', () => {
		const runs = bandRuns(
			2,
			(i) => i,
			(i) => [1, 0][i],
			(i) => [3, 4][i],
			{ x: () => 0 }
		);
		expect(runs).toEqual([{ x: [0], lo: [0], hi: [4] }]);
	});
});

describe('wearSpans', () => {
	it('splits the on-wrist signal into worn and not-worn seconds, and marks the missing tail', () => {
		expect(wearSpans(Int32Array.from([0, 0, 1, 1, 1, 0, 1]), 1, 10)).toEqual({
			worn: [
				[2, 5],
				[6, 7]
			],
			notWorn: [
				[0, 2],
				[5, 6]
			],
			missing: [7, 10]
		});
		expect(wearSpans(new Uint8Array(0), 1, 0)).toEqual({ worn: [], notWorn: [], missing: null });
		expect(wearSpans(Uint8Array.from([1, 1]), 2, 1)).toEqual({
			worn: [[0, 1]],
			notWorn: [],
			missing: null
		});
	});
});

describe('clock and secondsTicks', () => {
	it.each([
		[0, '0:00'],
		[5, '0:05'],
		[65, '1:05'],
		[599.9, '9:59'],
		[3723, '1:02:03'],
		[-30, '-0:30']
	])('clock(%d) is %s', (s, text) => {
		expect(clock(s)).toBe(text);
	});
	it('writes hundredths when asked', () => {
		expect(clock(379.16, true)).toBe('6:19.16');
	});
	it('picks round steps', () => {
		expect(secondsTicks(0, 380, 6)).toEqual([0, 120, 240, 360]);
		expect(secondsTicks(0, 380, 7)).toEqual([0, 60, 120, 180, 240, 300, 360]);
		expect(secondsTicks(0, 20, 5)).toEqual([0, 5, 10, 15, 20]);
		expect(secondsTicks(100, 100, 5)).toEqual([100]);
		expect(secondsTicks(0, 86_400, 8).slice(0, 3)).toEqual([0, 10_800, 21_600]);
	});
});

describe('outsideBand', () => {
	it('marks samples strictly outside mean ± k std, where the band is defined', () => {
		const value = [10, 20, 14, 6, 5, 15];
		const mean = [Number.NaN, 10, 10, 10, 10, 10];
		const std = [Number.NaN, 1, 1, 1, 1, 1.25];
		// 14 and 6 lie on the band's edges (10 ± 4): not outside
		expect(Array.from(outsideBand(value, mean, std, 4))).toEqual([1, 4]);
	});
	it("counts what the kernel counts on the demo's device-days", () => {
		for (const r of generateFleet({ devices: 13, days: ['2021-02-04'] })) {
			const both = detectBothModes(r, undefined, { series: true });
			for (const v of [both.original, both['wear-aware']]) {
				const s = v.temperature.series!;
				expect(outsideBand(s.value, s.mean, s.std, s.k).length).toBe(v.temperature.metrics.outside);
			}
		}
	});
});
