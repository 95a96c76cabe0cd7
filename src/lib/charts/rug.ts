/**
 * Marker lanes ("rugs") under a time series: one tick per bucket that holds failed or
 * anomalous readings, darker where it holds more. Pure geometry shared by the SVG and
 * canvas layers.
 */
import type { SeriesPoint } from './types';

export type RugKey = 'failed' | 'anomalies';

export interface RugLane {
	key: RugKey;
	label: string;
	color: string;
}

export const RUG_LANES: readonly RugLane[] = [
	{ key: 'anomalies', label: 'anomaly', color: '#e07b00' },
	{ key: 'failed', label: 'failed', color: '#d0021b' }
];

export interface RugMark {
	x: number;
	/** 0.35 .. 1, by the bucket's share of the lane's maximum. */
	alpha: number;
}

/** Ticks of one lane: buckets with a positive value, at x = `xOf(point)`. */
export function rugMarks(
	data: readonly SeriesPoint[],
	key: RugKey,
	xOf: (d: SeriesPoint) => number
): RugMark[] {
	let max = 0;
	for (const d of data) if (d[key] > max) max = d[key];
	if (max <= 0) return [];
	const marks: RugMark[] = [];
	for (const d of data) {
		const v = d[key];
		if (v > 0) marks.push({ x: xOf(d), alpha: 0.35 + (0.65 * v) / max });
	}
	return marks;
}

/** Width of a tick: the spacing of the buckets, at least 1.5 px and at most 8 px. */
export function rugTickWidth(width: number, points: number): number {
	return Math.min(8, Math.max(1.5, width / Math.max(1, points)));
}

/** A run of ticks drawn as one rectangle, from `x0` to `x1`. */
export interface RugSpan {
	x0: number;
	x1: number;
	/** Opacity of the ticks laid over each other: 1 - (1 - a1)(1 - a2)... */
	alpha: number;
}

/**
 * Ticks of `width` px centred on `marks` (sorted by x), merged per `binPx`-wide pixel
 * column: one rectangle per column instead of one per tick, with the opacity the
 * overlapping ticks of one colour composite to. Ten years of hours put ~70 ticks on each
 * pixel, and 40k `fillRect`s with alpha took 0.3-0.6 s a paint; merged there are at most
 * one per pixel. Ticks in different columns stay apart.
 */
export function mergeRugMarks(marks: readonly RugMark[], width: number, binPx = 1): RugSpan[] {
	const spans: RugSpan[] = [];
	let bin = NaN;
	let span: RugSpan | null = null;
	let clear = 1;
	for (const m of marks) {
		const b = Math.floor(m.x / binPx);
		if (span && b === bin) {
			span.x1 = Math.max(span.x1, m.x + width / 2);
			clear *= 1 - m.alpha;
		} else {
			if (span) span.alpha = 1 - clear;
			span = { x0: m.x - width / 2, x1: m.x + width / 2, alpha: 0 };
			spans.push(span);
			bin = b;
			clear = 1 - m.alpha;
		}
	}
	if (span) span.alpha = 1 - clear;
	return spans;
}
