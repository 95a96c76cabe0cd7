/**
 * Rolling mean and sample standard deviation (ddof = 1) over a window of `w` samples,
 * anchored at the end (no look-ahead) and strict (undefined, NaN, until the window is
 * full), in one O(n) pass. Optionally fused with a Bollinger band test: samples above
 * `mean + k std` or below `mean - k std` and their excursions beyond the band.
 *
 * Two numeric paths, chosen once per series from max |x| (see README.md):
 * - `exact`: integer input with w * max|x| <= 94 906 265, so (w * max|x|)^2 <= 2^53.
 *   Running sums of x and x^2, and n * sum(x^2) - sum(x)^2, are exact integers in
 *   doubles; the variance is that exact integer divided once, the std one sqrt more.
 * - `compensated`: anything else. The sums are kept as double-doubles (error-free
 *   TwoSum, Dekker TwoProduct for x^2); for integer input with |x| < 2^31 and
 *   w < 2^22 they are still exact, and so is n * sum(x^2) - sum(x)^2 up to one final
 *   rounding. Non-integer input: the sums carry about 2^-100 relative error.
 *
 * When only the band totals are wanted, the exact path screens each sample with exact
 * integers and skips the division and square root for those well inside the band; the
 * totals are identical to the full pass (`exactBandPass`).
 */

export type RollingPath = 'exact' | 'compensated';

/** floor(sqrt(2^53)): the largest w * max|x| for which the `exact` path is exact. */
export const EXACT_PRODUCT_LIMIT = 94_906_265;

/** Veltkamp splitter for Dekker's TwoProduct: 2^27 + 1. */
const SPLIT = 134_217_729;

export type Samples = Int32Array | Float64Array;

/** Running band-test totals, accumulated over one or more calls. */
export interface BandTotals {
	/** Samples whose window was full. */
	banded: number;
	/** Banded samples strictly outside [mean - k std, mean + k std]. */
	outside: number;
	/** Sum over `outside` of the distance beyond the band. */
	excess: number;
}

export function emptyBandTotals(): BandTotals {
	return { banded: 0, outside: 0, excess: 0 };
}

/**
 * The path `rollingBand` takes for `x[from, to)` with window `w`: `exact` when every
 * value is an integer and w * max|x| <= EXACT_PRODUCT_LIMIT. Throws on non-finite values.
 */
export function rollingPath(x: Samples, window: number, from = 0, to = x.length): RollingPath {
	const maxAbs = maxAbsolute(x, from, to);
	return exactPossible(x, window, maxAbs, from, to) ? 'exact' : 'compensated';
}

/** max |x[i]| over [from, to); throws RangeError on NaN or infinite values. */
export function maxAbsolute(x: Samples, from = 0, to = x.length): number {
	let lo = 0;
	let hi = 0;
	for (let i = from; i < to; i++) {
		const v = x[i];
		if (v > hi) hi = v;
		else if (v < lo) lo = v;
		else if (v !== v) throw new RangeError(`rolling: sample ${i} is NaN`);
	}
	const m = Math.max(hi, -lo);
	if (m === Infinity) throw new RangeError('rolling: infinite sample');
	return m;
}

function exactPossible(
	x: Samples,
	window: number,
	maxAbs: number,
	from: number,
	to: number
): boolean {
	if (window * maxAbs > EXACT_PRODUCT_LIMIT) return false;
	if (x instanceof Int32Array) return true;
	for (let i = from; i < to; i++) if (!Number.isInteger(x[i])) return false;
	return true;
}

export interface RollingStats {
	/** Rolling mean; NaN for the first w - 1 samples. */
	mean: Float64Array;
	/** Rolling sample std (ddof = 1); NaN for the first w - 1 samples (and always for w = 1). */
	std: Float64Array;
	path: RollingPath;
}

/** Rolling mean and sample std of the whole series, as new arrays. */
export function rollingMeanStd(x: Samples, window: number): RollingStats {
	const mean = new Float64Array(x.length);
	const std = new Float64Array(x.length);
	const path = rollingBand(x, window, Number.NaN, { mean, std });
	return { mean, std, path };
}

export interface RollingBandOptions {
	/** Sub-range [from, to) of `x` that forms one series (the window never crosses it). */
	from?: number;
	to?: number;
	/** Band totals to add to; nothing is tested when absent. */
	totals?: BandTotals;
	/** Where to write the rolling mean and std (same indices as `x`); skipped when absent. */
	mean?: Float64Array;
	std?: Float64Array;
	/** Force a path (tests and benchmarks); by default chosen from the data. */
	path?: RollingPath;
	/** max |x| over [from, to) when already known (skips one scan). */
	maxAbs?: number;
}

/**
 * One pass over `x[from, to)`: rolling mean and std with window `w`, optionally written
 * out, and the band test with half-width `k` std added to `totals`. Returns the path.
 */
export function rollingBand(
	x: Samples,
	window: number,
	k: number,
	options: RollingBandOptions = {}
): RollingPath {
	if (!Number.isInteger(window) || window < 1) {
		throw new RangeError(`rolling: window must be a whole number >= 1, got ${window}`);
	}
	const from = options.from ?? 0;
	const to = options.to ?? x.length;
	if (from < 0 || to > x.length || from > to) {
		throw new RangeError(`rolling: range [${from}, ${to}) outside 0..${x.length}`);
	}
	const mean = options.mean ?? null;
	const std = options.std ?? null;
	if ((mean && mean.length < to) || (std && std.length < to)) {
		throw new RangeError('rolling: output arrays are shorter than the series');
	}
	let path = options.path;
	if (path === undefined) {
		const maxAbs = options.maxAbs ?? maxAbsolute(x, from, to);
		path = exactPossible(x, window, maxAbs, from, to) ? 'exact' : 'compensated';
	}
	const totals = options.totals ?? null;
	if (path === 'compensated') compensatedPass(x, from, to, window, k, totals, mean, std);
	else if (mean || std) exactPass(x, from, to, window, k, totals, mean, std);
	else if (totals && k >= SCREEN_MIN_K) exactBandPass(x, from, to, window, k, totals);
	else if (totals) exactPass(x, from, to, window, k, totals, null, null);
	return path;
}

/** Plain doubles; exact while every running quantity is an integer below 2^53. */
function exactPass(
	x: Samples,
	from: number,
	to: number,
	w: number,
	k: number,
	totals: BandTotals | null,
	mean: Float64Array | null,
	std: Float64Array | null
): void {
	const fill = Math.min(to, from + w - 1);
	let s1 = 0;
	let s2 = 0;
	for (let i = from; i < fill; i++) {
		const v = x[i];
		s1 += v;
		s2 += v * v;
	}
	if (mean) mean.fill(Number.NaN, from, fill);
	if (std) std.fill(Number.NaN, from, fill);
	const den = w * (w - 1);
	let outside = 0;
	let excess = 0;
	const test = totals !== null;
	// s1, s2 hold the w - 1 samples before i; one addition per sum carries the loop
	for (let i = fill, j = from; i < to; i++, j++) {
		const v = x[i];
		const o = x[j];
		const vv = v * v;
		const t1 = s1 + v;
		const t2 = s2 + vv;
		s1 += v - o;
		s2 += vv - o * o;
		const m = t1 / w;
		const sd = Math.sqrt((w * t2 - t1 * t1) / den);
		if (mean) mean[i] = m;
		if (std) std[i] = sd;
		if (test) {
			const half = k * sd;
			const up = m + half;
			const lo = m - half;
			if (v > up) {
				excess += v - up;
				outside++;
			} else if (v < lo) {
				excess += lo - v;
				outside++;
			}
		}
	}
	if (totals) {
		totals.banded += Math.max(0, to - fill);
		totals.outside += outside;
		totals.excess += excess;
	}
}

/**
 * Share of the band's half-width (squared) below which a sample is certainly inside:
 * the screen in `exactBandPass` sends every sample with |v - mean| >= 0.995 k std to
 * the defining formula. For exact-path input |mean| <= 2^26.5 / w, and std is either
 * exactly 0 or at least 1 / sqrt(w) (for integers, w (w - 1) var = sum over pairs of
 * (xi - xj)^2 >= w - 1), so the formula's rounding of mean + k std is below
 * 1e-8 / (k sqrt(w)) of k std: far inside the 0.5% margin once k >= SCREEN_MIN_K.
 * The screen never turns away a sample the formula would count.
 */
const SCREEN = 0.99;
const SCREEN_MIN_K = 0.01;

/**
 * The exact path when only the band totals are wanted (no mean or std written out).
 * Most samples lie well inside the band; they are recognised with exact integers and
 * no division or square root: with a = w v - sum(x) = w (v - mean) and
 * d = w sum(x^2) - sum(x)^2 = w (w - 1) var, |v - mean| > k std is
 * a^2 > k^2 w d / (w - 1). The rest go through the formula of `exactPass`, so the
 * totals are identical to it.
 */
function exactBandPass(
	x: Samples,
	from: number,
	to: number,
	w: number,
	k: number,
	totals: BandTotals
): void {
	const fill = Math.min(to, from + w - 1);
	let s1 = 0;
	let s2 = 0;
	for (let i = from; i < fill; i++) {
		const v = x[i];
		s1 += v;
		s2 += v * v;
	}
	const den = w * (w - 1);
	const screen = ((SCREEN * k * k * w) / (w - 1)) * (1 - Number.EPSILON * 8);
	let outside = 0;
	let excess = 0;
	for (let i = fill, j = from; i < to; i++, j++) {
		const v = x[i];
		const o = x[j];
		const vv = v * v;
		const t1 = s1 + v;
		const t2 = s2 + vv;
		s1 += v - o;
		s2 += vv - o * o;
		const a = w * v - t1;
		const d = w * t2 - t1 * t1;
		if (a * a >= screen * d) {
			const m = t1 / w;
			const half = k * Math.sqrt(d / den);
			const up = m + half;
			const lo = m - half;
			if (v > up) {
				excess += v - up;
				outside++;
			} else if (v < lo) {
				excess += lo - v;
				outside++;
			}
		}
	}
	totals.banded += Math.max(0, to - fill);
	totals.outside += outside;
	totals.excess += excess;
}

/**
 * Double-double running sums (hi + lo). Every addition is an error-free TwoSum followed
 * by a renormalising TwoSum; x^2 enters as the exact pair of Dekker's TwoProduct.
 */
function compensatedPass(
	x: Samples,
	from: number,
	to: number,
	w: number,
	k: number,
	totals: BandTotals | null,
	mean: Float64Array | null,
	std: Float64Array | null
): void {
	let s1h = 0;
	let s1l = 0;
	let s2h = 0;
	let s2l = 0;
	let outside = 0;
	let excess = 0;
	let banded = 0;
	const den = w * (w - 1);
	const first = from + w - 1;
	for (let i = from; i < to; i++) {
		// add x[i]
		let v = x[i];
		let s = s1h + v;
		let b = s - s1h;
		let e = s1h - (s - b) + (v - b) + s1l;
		s1h = s + e;
		b = s1h - s;
		s1l = s - (s1h - b) + (e - b);
		// add x[i]^2 = p + pe exactly
		let p = v * v;
		let c = SPLIT * v;
		let vh = c - (c - v);
		let vl = v - vh;
		let pe = vh * vh - p + 2 * vh * vl + vl * vl;
		s = s2h + p;
		b = s - s2h;
		e = s2h - (s - b) + (p - b) + s2l + pe;
		s2h = s + e;
		b = s2h - s;
		s2l = s - (s2h - b) + (e - b);

		if (i < first) {
			if (mean) mean[i] = Number.NaN;
			if (std) std[i] = Number.NaN;
			continue;
		}
		// mean = (s1h + s1l) / w; D = w * S2 - S1^2 from exact pieces, rounded once.
		const m = (s1h + s1l) / w;
		p = s1h * s1h;
		c = SPLIT * s1h;
		vh = c - (c - s1h);
		vl = s1h - vh;
		pe = vh * vh - p + 2 * vh * vl + vl * vl + (2 * s1h * s1l + s1l * s1l);
		const q = w * s2h;
		c = SPLIT * w;
		const wh = c - (c - w);
		const wl = w - wh;
		c = SPLIT * s2h;
		vh = c - (c - s2h);
		vl = s2h - vh;
		const qe = wh * vh - q + wh * vl + wl * vh + wl * vl + w * s2l;
		s = q - p;
		b = s - q;
		e = q - (s - b) + (-p - b);
		const d = s + (e + (qe - pe));
		const sd = Math.sqrt((d > 0 ? d : 0) / den);
		if (mean) mean[i] = m;
		if (std) std[i] = sd;
		if (totals) {
			banded++;
			const half = k * sd;
			const up = m + half;
			const lo = m - half;
			if (v > up) {
				excess += v - up;
				outside++;
			} else if (v < lo) {
				excess += lo - v;
				outside++;
			}
		}
		// remove x[i - w + 1]
		v = -x[i - w + 1];
		s = s1h + v;
		b = s - s1h;
		e = s1h - (s - b) + (v - b) + s1l;
		s1h = s + e;
		b = s1h - s;
		s1l = s - (s1h - b) + (e - b);
		p = -(v * v);
		c = SPLIT * v;
		vh = c - (c - v);
		vl = v - vh;
		pe = -(vh * vh + p + 2 * vh * vl + vl * vl);
		// (-p) is v^2 rounded; pe above is minus its error, so p + pe = -v^2 exactly.
		s = s2h + p;
		b = s - s2h;
		e = s2h - (s - b) + (p - b) + s2l + pe;
		s2h = s + e;
		b = s2h - s;
		s2l = s - (s2h - b) + (e - b);
	}
	if (totals) {
		totals.banded += banded;
		totals.outside += outside;
		totals.excess += excess;
	}
}
