/**
 * Drawing long sensor signals: a min/max envelope per pixel column (so 64 Hz over an hour
 * is a few hundred vertical strokes, not 230 000 line segments), band runs for filled
 * bands, the on-wrist stretches as spans, clock labels and ticks for seconds from the
 * recording start. Pure: numbers in, numbers out; the canvas layers draw the result.
 */

/** A signal as the layers read it: sample i is at `time(i)` seconds with `value(i)`. */
export interface SignalSource {
	length: number;
	time: (i: number) => number;
	/** NaN breaks the line. */
	value: (i: number) => number;
}

/**
 * Per pixel column a signal passes through: its x (the column's first sample), the first,
 * last, lowest and highest value there, and whether the line breaks before it.
 */
export interface Envelope {
	n: number;
	x: Float64Array;
	first: Float64Array;
	last: Float64Array;
	min: Float64Array;
	max: Float64Array;
	/** 1 when the line must not join this column to the previous one. */
	breakBefore: Uint8Array;
}

export interface EnvelopeOptions {
	/** Seconds to pixels (the chart's x scale). */
	x: (t: number) => number;
	/** Break the line where two neighbouring samples are further apart than this (s). */
	maxGap?: number;
	/** Pixels per column: 1 CSS pixel by default; 1 / devicePixelRatio for device pixels. */
	column?: number;
	/** Only samples with times in [from, to] are read (default: all). */
	from?: number;
	to?: number;
}

/**
 * The envelope of `s` in one pass. Columns hold at least one sample; a column follows the
 * previous one without a break unless a NaN or a gap over `maxGap` lies between them.
 */
export function envelope(s: SignalSource, o: EnvelopeOptions): Envelope {
	const cap = Math.max(16, Math.min(s.length, 1 << 16));
	let x = new Float64Array(cap);
	let first = new Float64Array(cap);
	let last = new Float64Array(cap);
	let min = new Float64Array(cap);
	let max = new Float64Array(cap);
	let breakBefore = new Uint8Array(cap);
	const grow = () => {
		const size = x.length * 2;
		const g = <T extends Float64Array | Uint8Array>(a: T): T => {
			const b = new (a.constructor as new (n: number) => T)(size);
			b.set(a);
			return b;
		};
		x = g(x);
		first = g(first);
		last = g(last);
		min = g(min);
		max = g(max);
		breakBefore = g(breakBefore);
	};
	const maxGap = o.maxGap ?? Infinity;
	const col = o.column ?? 1;
	const from = o.from ?? -Infinity;
	const to = o.to ?? Infinity;
	let n = 0;
	let column = Number.NaN;
	let prevT = Number.NaN;
	let broken = true;
	for (let i = 0; i < s.length; i++) {
		const t = s.time(i);
		if (t < from || t > to) continue;
		const v = s.value(i);
		if (!Number.isFinite(v)) {
			broken = true;
			column = Number.NaN;
			continue;
		}
		if (t - prevT > maxGap) broken = true;
		prevT = t;
		const c = Math.floor(o.x(t) / col);
		if (!broken && c === column) {
			const k = n - 1;
			last[k] = v;
			if (v < min[k]) min[k] = v;
			if (v > max[k]) max[k] = v;
			continue;
		}
		if (n === x.length) grow();
		x[n] = o.x(t);
		first[n] = v;
		last[n] = v;
		min[n] = v;
		max[n] = v;
		breakBefore[n] = broken ? 1 : 0;
		n++;
		column = c;
		broken = false;
	}
	return { n, x, first, last, min, max, breakBefore };
}

/** Calls `moveTo`/`lineTo` to trace an envelope: one vertical stroke per busy column. */
export function traceEnvelope(
	e: Envelope,
	y: (v: number) => number,
	path: { moveTo(x: number, y: number): void; lineTo(x: number, y: number): void }
): void {
	for (let k = 0; k < e.n; k++) {
		const x = e.x[k];
		if (e.breakBefore[k]) path.moveTo(x, y(e.first[k]));
		else path.lineTo(x, y(e.first[k]));
		if (e.min[k] !== e.max[k]) {
			path.lineTo(x, y(e.min[k]));
			path.lineTo(x, y(e.max[k]));
			path.lineTo(x, y(e.last[k]));
		} else if (e.breakBefore[k] && (k + 1 === e.n || e.breakBefore[k + 1])) {
			// a lone sample: a short tick so it shows
			path.lineTo(x + 1, y(e.first[k]));
		}
	}
}

/** A filled band's outline per unbroken run: x, and the band's lowest and highest per column. */
export interface BandRun {
	x: number[];
	lo: number[];
	hi: number[];
}

/**
 * Runs of a band [lower(i), upper(i)] for filling, one polygon per run: NaN bounds and gaps
 * over `maxGap` end a run; per pixel column the run keeps the lowest lower and the highest
 * upper bound.
 */
export function bandRuns(
	length: number,
	time: (i: number) => number,
	lower: (i: number) => number,
	upper: (i: number) => number,
	o: EnvelopeOptions
): BandRun[] {
	const runs: BandRun[] = [];
	const maxGap = o.maxGap ?? Infinity;
	const col = o.column ?? 1;
	let run: BandRun | null = null;
	let column = Number.NaN;
	let prevT = Number.NaN;
	for (let i = 0; i < length; i++) {
		const t = time(i);
		const lo = lower(i);
		const hi = upper(i);
		if (!Number.isFinite(lo) || !Number.isFinite(hi) || t - prevT > maxGap) run = null;
		prevT = t;
		if (!Number.isFinite(lo) || !Number.isFinite(hi)) continue;
		const px = o.x(t);
		const c = Math.floor(px / col);
		if (run && c === column) {
			const k = run.x.length - 1;
			if (lo < run.lo[k]) run.lo[k] = lo;
			if (hi > run.hi[k]) run.hi[k] = hi;
			continue;
		}
		if (!run) {
			run = { x: [], lo: [], hi: [] };
			runs.push(run);
		}
		run.x.push(px);
		run.lo.push(lo);
		run.hi.push(hi);
		column = c;
	}
	return runs;
}

/** A stretch of time [start, end) in seconds. */
export type Span = [number, number];

/**
 * The worn and not-worn stretches of a 1 Hz (or `hz`) on-wrist signal over `seconds`
 * (the recording's length): seconds past the end of the on-wrist file count as not worn,
 * as the detection treats them.
 */
export function wearSpans(
	onWrist: ArrayLike<number>,
	hz: number,
	seconds: number
): { worn: Span[]; notWorn: Span[]; missing: Span | null } {
	const worn: Span[] = [];
	const notWorn: Span[] = [];
	const n = onWrist.length;
	for (let i = 0; i < n;) {
		const on = onWrist[i] !== 0;
		let j = i + 1;
		while (j < n && (onWrist[j] !== 0) === on) j++;
		(on ? worn : notWorn).push([i / hz, j / hz]);
		i = j;
	}
	const end = n / hz;
	const missing: Span | null = seconds > end ? [end, seconds] : null;
	return { worn, notWorn, missing };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Seconds from the recording start as a clock: `7:05`, `1:02:03`, `0:00.25` below 10 s steps. */
export function clock(seconds: number, fraction = false): string {
	const sign = seconds < 0 ? '-' : '';
	const t = Math.abs(seconds);
	const whole = Math.floor(t + 1e-9);
	const h = Math.floor(whole / 3600);
	const m = Math.floor((whole % 3600) / 60);
	const s = whole % 60;
	const frac = fraction ? `.${pad2(Math.round((t - whole) * 100) % 100)}` : '';
	return h > 0 ? `${sign}${h}:${pad2(m)}:${pad2(s)}${frac}` : `${sign}${m}:${pad2(s)}${frac}`;
}

const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600];

/** Round tick positions (seconds) over [t0, t1], about `count` of them. */
export function secondsTicks(t0: number, t1: number, count: number): number[] {
	if (!(t1 > t0) || count < 1) return [t0];
	const raw = (t1 - t0) / count;
	const step = STEPS.find((s) => s >= raw) ?? Math.ceil(raw / 21600) * 21600;
	const ticks: number[] = [];
	for (let t = Math.ceil(t0 / step) * step; t <= t1 + 1e-9; t += step) ticks.push(t);
	return ticks;
}

/** Indexes of samples strictly outside mean ± k·std (where the band is defined). */
export function outsideBand(
	value: ArrayLike<number>,
	mean: ArrayLike<number>,
	std: ArrayLike<number>,
	k: number
): Int32Array {
	const out: number[] = [];
	for (let i = 0; i < value.length; i++) {
		const m = mean[i];
		if (!Number.isFinite(m)) continue;
		const d = k * std[i];
		if (value[i] > m + d || value[i] < m - d) out.push(i);
	}
	return Int32Array.from(out);
}
