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
