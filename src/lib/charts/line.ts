/**
 * Geometry of a time-series line for the canvas layer: the unbroken runs of a series in
 * pixels, thinned to at most four points per pixel column (first, lowest, highest, last:
 * "M4"), which draws the same pixels as the full line. Ten years of hours are 75k points
 * on ~1,000 pixels; stroking every one of them (dashed, round joins) took the software
 * rasteriser 0.3-0.4 s a paint.
 */

/** Flat `[x0, y0, x1, y1, ...]` of one unbroken run. */
export type LineRun = number[];

/**
 * The runs of a line over `data` (sorted by `t`): a point whose value is null or not
 * finite ends a run, and so does a step of more than `maxGap` in `t` (buckets filtered
 * out). With `thin`, each run keeps at most 4 points per `px`-wide pixel column.
 */
export function lineRuns<T extends { t: number }>(
	data: readonly T[],
	value: (d: T) => number | null,
	x: (d: T) => number,
	y: (v: number) => number,
	maxGap = Infinity,
	thin = true,
	px = 1
): LineRun[] {
	const runs: LineRun[] = [];
	let run: LineRun | null = null;
	let last = -Infinity;
	const end = () => {
		if (run) runs.push(thin ? thinRun(run, px) : run);
		run = null;
	};
	for (const d of data) {
		const v = value(d);
		if (v === null || !Number.isFinite(v)) {
			end();
			continue;
		}
		if (d.t - last > maxGap) end();
		last = d.t;
		run ??= [];
		run.push(x(d), y(v));
	}
	end();
	return runs;
}

/**
 * One run with at most 4 points per pixel column: the column's first and last point and
 * its lowest and highest in between, in their order. Columns with up to 4 points keep
 * them all.
 */
export function thinRun(run: LineRun, px = 1): LineRun {
	const n = run.length / 2;
	if (n <= 4) return run;
	const out: number[] = [];
	let i = 0;
	while (i < n) {
		const col = Math.floor(run[2 * i] / px);
		let j = i + 1;
		while (j < n && Math.floor(run[2 * j] / px) === col) j++;
		// points i .. j-1 share a column
		if (j - i <= 4) {
			for (let k = i; k < j; k++) out.push(run[2 * k], run[2 * k + 1]);
		} else {
			let lo = i + 1;
			let hi = i + 1;
			for (let k = i + 1; k < j - 1; k++) {
				if (run[2 * k + 1] < run[2 * lo + 1]) lo = k;
				if (run[2 * k + 1] > run[2 * hi + 1]) hi = k;
			}
			const keep = [i, Math.min(lo, hi), Math.max(lo, hi), j - 1];
			for (let k = 0; k < 4; k++) {
				if (k > 0 && keep[k] === keep[k - 1]) continue;
				out.push(run[2 * keep[k]], run[2 * keep[k] + 1]);
			}
		}
		i = j;
	}
	return out;
}

/**
 * For a line far denser than the pixels (ten years of hours: ~75 points per column), the
 * vertical range it covers in each `px`-wide pixel column, as flat `[column, yLow,
 * yHigh, ...]`: what the stroked line paints there, the segment from the previous
 * column's last point included. Filling these (one rectangle per column) looks the same
 * as stroking the line and costs ~1 ms instead of 25-110 ms (dashed) in Chromium's
 * software rasteriser. Breaks (null values, steps over `maxGap`) do not connect columns.
 */
export function lineBands<T extends { t: number }>(
	data: readonly T[],
	value: (d: T) => number | null,
	x: (d: T) => number,
	y: (v: number) => number,
	maxGap = Infinity,
	px = 1
): number[] {
	const out: number[] = [];
	let col = NaN;
	let lo = 0;
	let hi = 0;
	let prev: number | null = null; // y of the previous point of the run
	let last = -Infinity;
	for (const d of data) {
		const v = value(d);
		if (v === null || !Number.isFinite(v) || d.t - last > maxGap) prev = null;
		if (v === null || !Number.isFinite(v)) continue;
		last = d.t;
		const c = Math.floor(x(d) / px);
		const py = y(v);
		if (c !== col) {
			if (col === col) out.push(col, lo, hi); // not NaN: a band is open
			col = c;
			lo = hi = prev ?? py;
		}
		if (py < lo) lo = py;
		if (py > hi) hi = py;
		prev = py;
	}
	if (col === col) out.push(col, lo, hi);
	return out;
}

/**
 * The share of a line's length a canvas dash pattern paints (1 for a solid line). An odd
 * pattern is repeated, as the canvas does: [5] is 5 on, 5 off.
 */
export function dashCoverage(dash: readonly number[]): number {
	const pattern = dash.length % 2 ? [...dash, ...dash] : dash;
	const all = pattern.reduce((a, b) => a + b, 0);
	if (!(all > 0)) return 1;
	return pattern.reduce((a, b, i) => (i % 2 === 0 ? a + b : a), 0) / all;
}
