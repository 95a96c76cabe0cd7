/**
 * Pulse rate of PPG windows by normalised autocorrelation. `bandPass` first removes the
 * baseline wander and the high-frequency noise of a whole worn stretch (zero output
 * for a constant input from its first sample on); `estimatePulse` then removes each
 * window's least-squares line, correlates the window with itself at every lag of a
 * plausible pulse (60 fs / maxBpm .. 60 fs / minBpm samples), takes the strongest
 * interior local maximum (or the shortest one within 80% of it, so that twice the
 * period does not win) and refines its lag with a parabola through its neighbours.
 */

export interface PulseEstimate {
	/** Beats per minute, NaN when no interior peak was found. */
	bpm: number;
	/** Normalised autocorrelation at the chosen lag (-1..1); 0 for a flat window. */
	correlation: number;
	/** True when correlation >= minCorrelation and bpm is within [minBpm, maxBpm]. */
	plausible: boolean;
}

export interface PulseOptions {
	/** Sample rate of `x`, Hz. */
	fs: number;
	minBpm: number;
	maxBpm: number;
	minCorrelation: number;
	/** Work space of at least 2 * length + 1 elements, to avoid allocating per window. */
	work?: Float64Array;
}

/** A peak within this share of the strongest one counts as the fundamental. */
const HARMONIC_SHARE = 0.8;

/** Estimates the pulse in `x[from, from + length)`. */
export function estimatePulse(
	x: ArrayLike<number>,
	from: number,
	length: number,
	options: PulseOptions
): PulseEstimate {
	const { fs, minBpm, maxBpm, minCorrelation } = options;
	const n = length;
	const work =
		options.work && options.work.length >= 2 * n + 1 ? options.work : new Float64Array(2 * n + 1);
	const none: PulseEstimate = { bpm: Number.NaN, correlation: 0, plausible: false };
	const lagMin = Math.max(2, Math.floor((60 * fs) / maxBpm));
	const lagMax = Math.ceil((60 * fs) / minBpm);
	if (n < 2 * lagMax + 2) return none;

	// detrend: y = x - (a + b (t - tm))
	const tm = (n - 1) / 2;
	let sx = 0;
	for (let t = 0; t < n; t++) sx += x[from + t];
	const xm = sx / n;
	let stx = 0;
	for (let t = 0; t < n; t++) stx += (t - tm) * (x[from + t] - xm);
	const stt = (n * (n * n - 1)) / 12;
	const b = stx / stt;
	// y in work[0, n), prefix energy in work[n, 2n + 1)
	const e0 = n;
	work[e0] = 0;
	for (let t = 0; t < n; t++) {
		const y = x[from + t] - xm - b * (t - tm);
		work[t] = y;
		work[e0 + t + 1] = work[e0 + t] + y * y;
	}
	const energy = work[e0 + n];
	if (!(energy > 0)) return none;

	const lo = lagMin - 1;
	const hi = lagMax + 1;
	const r = new Float64Array(hi - lo + 1);
	for (let lag = lo; lag <= hi; lag++) {
		let acc = 0;
		for (let t = 0, u = lag; u < n; t++, u++) acc += work[t] * work[u];
		const head = work[e0 + n - lag];
		const tail = energy - work[e0 + lag];
		const den = Math.sqrt(head * tail);
		r[lag - lo] = den > 0 ? acc / den : 0;
	}
	let best = -Infinity;
	let highest = -Infinity;
	for (let lag = lagMin; lag <= lagMax; lag++) {
		const i = lag - lo;
		if (r[i] > highest) highest = r[i];
		if (r[i] >= r[i - 1] && r[i] > r[i + 1] && r[i] > best) best = r[i];
	}
	// no positive interior peak: a drift or noise; report the highest correlation seen
	if (!(best > 0)) return { ...none, correlation: highest };
	let pick = -1;
	for (let lag = lagMin; lag <= lagMax; lag++) {
		const i = lag - lo;
		if (r[i] >= r[i - 1] && r[i] > r[i + 1] && r[i] >= HARMONIC_SHARE * best) {
			pick = i;
			break;
		}
	}
	const a = r[pick - 1];
	const c = r[pick + 1];
	const curve = a - 2 * r[pick] + c;
	const shift = curve < 0 ? (0.5 * (a - c)) / curve : 0;
	const lag = pick + lo + shift;
	const bpm = (60 * fs) / lag;
	const correlation = r[pick];
	return {
		bpm,
		correlation,
		plausible: correlation >= minCorrelation && bpm >= minBpm && bpm <= maxBpm
	};
}

/**
 * In-place band-pass of `y[from, to)`: two second-order Butterworth high-pass sections
 * (a fourth-order high-pass) at `lowHz` and one second-order low-pass at `highHz`
 * (RBJ biquads, transposed direct form II, each started in its steady state for the
 * first sample so that a constant input gives zero output from the start).
 */
export function bandPass(
	y: Float64Array,
	from: number,
	to: number,
	fs: number,
	lowHz: number,
	highHz: number
): void {
	if (to <= from) return;
	highPass(y, from, to, fs, lowHz, 0.5411961001461969);
	highPass(y, from, to, fs, lowHz, 1.3065629648763766);
	if (highHz < fs / 2) lowPass(y, from, to, fs, highHz, Math.SQRT1_2);
}

function highPass(y: Float64Array, from: number, to: number, fs: number, fc: number, q: number) {
	const w = (2 * Math.PI * fc) / fs;
	const cos = Math.cos(w);
	const alpha = Math.sin(w) / (2 * q);
	const a0 = 1 + alpha;
	const b0 = (1 + cos) / 2 / a0;
	biquad(y, from, to, b0, -2 * b0, b0, (-2 * cos) / a0, (1 - alpha) / a0);
}

function lowPass(y: Float64Array, from: number, to: number, fs: number, fc: number, q: number) {
	const w = (2 * Math.PI * fc) / fs;
	const cos = Math.cos(w);
	const alpha = Math.sin(w) / (2 * q);
	const a0 = 1 + alpha;
	const b0 = (1 - cos) / 2 / a0;
	biquad(y, from, to, b0, 2 * b0, b0, (-2 * cos) / a0, (1 - alpha) / a0);
}

function biquad(
	y: Float64Array,
	from: number,
	to: number,
	b0: number,
	b1: number,
	b2: number,
	a1: number,
	a2: number
) {
	// steady state for a constant input y[from]: output g * y[from], g the gain at 0 Hz
	const x0 = y[from];
	const out0 = ((b0 + b1 + b2) / (1 + a1 + a2)) * x0;
	let z2 = b2 * x0 - a2 * out0;
	let z1 = b1 * x0 - a1 * out0 + z2;
	for (let i = from; i < to; i++) {
		const v = y[i];
		const o = b0 * v + z1;
		z1 = b1 * v - a1 * o + z2;
		z2 = b2 * v - a2 * o;
		y[i] = o;
	}
}
