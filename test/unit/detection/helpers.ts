/**
 * Test support for the detection kernel: the real fixture device, seeded generators,
 * and straightforward reference implementations written from SEED-FACTS section 2
 * with plain arrays and O(n w) loops, so that the fast code has something to agree with.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DetectionParams, DeviceDay } from '../../../src/lib/domain/wearables';

/** The real healthy device, copied unchanged from the shared fixtures. */
export function fixtureDir(): string {
	return resolve(
		dirname(fileURLToPath(import.meta.url)),
		'../../fixtures/fd2s/2021/02/04/device_015'
	);
}

/** Parses a headerless single-column integer CSV. */
export function parseColumn(text: string): Int32Array {
	const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
	return Int32Array.from(lines, (l) => {
		const v = Number(l.trim());
		if (!Number.isInteger(v)) throw new Error(`not an integer: ${l}`);
		return v;
	});
}

/** The real healthy device of the fixtures, read as it is. */
export function readFixtureDevice(): DeviceDay {
	const dir = fixtureDir();
	const read = (name: string) => parseColumn(readFileSync(join(dir, name), 'utf8'));
	return {
		device: 'device_015',
		day: '2021-02-04',
		onWrist: read('on_wrist.csv'),
		temperature: read('temperature.csv'),
		ppg: read('ppg_green.csv')
	};
}

/** mulberry32: a small seeded generator of uniform numbers in [0, 1). */
export function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Standard normal deviates from a uniform generator (Box-Muller). */
export function gauss(u: () => number): () => number {
	return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** Relative difference, with an absolute floor so that zeros compare. */
export function relDiff(a: number, b: number, floor = 1e-9): number {
	if (Number.isNaN(a) && Number.isNaN(b)) return 0;
	if (a === b) return 0;
	return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), floor);
}

/** Largest relative difference between two arrays (NaN must match NaN). */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-9): number {
	if (a.length !== b.length) return Infinity;
	let worst = 0;
	for (let i = 0; i < a.length; i++) {
		if (Number.isNaN(a[i]) !== Number.isNaN(b[i])) return Infinity;
		worst = Math.max(worst, relDiff(a[i], b[i], floor));
	}
	return worst;
}

/** Two-pass rolling mean and sample std per window: mean first, then sum((x - mean)^2). */
export function naiveRolling(x: ArrayLike<number>, w: number): { mean: number[]; std: number[] } {
	const mean: number[] = [];
	const std: number[] = [];
	for (let i = 0; i < x.length; i++) {
		if (i < w - 1) {
			mean.push(Number.NaN);
			std.push(Number.NaN);
			continue;
		}
		let s = 0;
		for (let j = i - w + 1; j <= i; j++) s += x[j];
		const m = s / w;
		let ss = 0;
		for (let j = i - w + 1; j <= i; j++) ss += (x[j] - m) ** 2;
		mean.push(m);
		std.push(Math.sqrt(ss / (w - 1)));
	}
	return { mean, std };
}

/** Exact rolling mean and std with BigInt sums (reference for huge values). */
export function bigIntRolling(x: ArrayLike<number>, w: number): { mean: number[]; std: number[] } {
	const mean: number[] = [];
	const std: number[] = [];
	const W = BigInt(w);
	for (let i = 0; i < x.length; i++) {
		if (i < w - 1) {
			mean.push(Number.NaN);
			std.push(Number.NaN);
			continue;
		}
		let s1 = 0n;
		let s2 = 0n;
		for (let j = i - w + 1; j <= i; j++) {
			const v = BigInt(x[j]);
			s1 += v;
			s2 += v * v;
		}
		const num = W * s2 - s1 * s1; // exact; the variance is num / (w (w - 1))
		mean.push(Number(s1) / w);
		std.push(Math.sqrt(bigRatio(num, W * (W - 1n))));
	}
	return { mean, std };
}

/** num / den as a double, correct to about 1e-15 for any size of integers. */
function bigRatio(num: bigint, den: bigint): number {
	if (num === 0n) return 0;
	const scale = 64n;
	return Number((num << scale) / den) / 2 ** 64;
}

export interface ReferenceTemperature {
	noReading: number;
	worn: number;
	settling: number;
	analysed: number;
	banded: number;
	outside: number;
	vi: number;
	avg: number;
	max: number;
}

/**
 * The temperature rule set written as plainly as possible. `original`: SEED-FACTS
 * steps 1-6 over one glued series. `wear-aware`: one series per worn run, the first
 * settle samples after each donning skipped.
 */
export function referenceTemperature(
	onWrist: ArrayLike<number>,
	temperature: ArrayLike<number>,
	p: DetectionParams
): ReferenceTemperature {
	const r = p.rates.temperatureHz / p.rates.onWristHz;
	const settle = p.mode === 'wear-aware' ? p.temperature.settleSeconds * p.rates.temperatureHz : 0;
	// step 1: on4[i] = on_wrist[floor(i / 4)], missing readings count as not worn
	const on4: number[] = [];
	let noReading = 0;
	for (let i = 0; i < temperature.length; i++) {
		const s = Math.floor(i / r);
		if (s < onWrist.length) on4.push(onWrist[s]);
		else {
			on4.push(0);
			noReading++;
		}
	}
	// split into series: one in original mode, one per worn run in wear-aware mode
	const series: number[][] = [];
	let current: number[] | null = null;
	let worn = 0;
	let settling = 0;
	let left = 0;
	for (let i = 0; i < temperature.length; i++) {
		if (on4[i] === 0) {
			current = null;
			continue;
		}
		worn++;
		if (current === null) {
			left = i > 0 || p.temperature.settleAtStart ? settle : 0;
			if (p.mode === 'wear-aware' || series.length === 0) series.push([]);
			current = series[series.length - 1];
		}
		if (left > 0) {
			left--;
			settling++;
			continue;
		}
		const x = on4[i] * temperature[i]; // step 2
		if (x !== 0) current.push(x);
	}
	const w = p.temperature.window;
	const k = p.temperature.k;
	let banded = 0;
	let outside = 0;
	let excess = 0;
	const all: number[] = [];
	for (const xs of series) {
		const { mean, std } = naiveRolling(xs, w); // step 3
		for (let i = 0; i < xs.length; i++) {
			all.push(xs[i]);
			if (Number.isNaN(mean[i])) continue;
			banded++;
			const upper = mean[i] + k * std[i];
			const lower = mean[i] - k * std[i];
			const dev = xs[i] > upper ? xs[i] - upper : xs[i] < lower ? lower - xs[i] : 0; // step 4
			if (dev > 0) {
				outside++;
				excess += dev;
			}
		}
	}
	let sum = 0;
	let max = -Infinity;
	for (const v of all) {
		sum += v;
		max = Math.max(max, v);
	}
	return {
		noReading,
		worn,
		settling,
		analysed: all.length,
		banded,
		outside,
		vi: outside ? excess / outside : 0,
		avg: all.length ? sum / all.length : Number.NaN,
		max: all.length ? max : Number.NaN
	};
}

/** The original's PPG rule set with plain arrays: null marks an empty side of a row. */
export function referencePpg(
	onWrist: ArrayLike<number>,
	ppg: ArrayLike<number>,
	p: DetectionParams
): { rows: number; unaligned: number; worn: number; min: number; avg: number; max: number } {
	const step = p.rates.ppgHz / p.ppg.ruleHz;
	const repeat = p.ppg.ruleHz / p.rates.onWristHz;
	const decimated: number[] = [];
	for (let i = 0; i < ppg.length; i += step) decimated.push(ppg[i]);
	const on: number[] = [];
	for (let s = 0; s < onWrist.length; s++) for (let j = 0; j < repeat; j++) on.push(onWrist[s]);
	const rows = Math.max(decimated.length, on.length);
	const product: (number | null)[] = [];
	for (let i = 0; i < rows; i++) {
		product.push(i < decimated.length && i < on.length ? on[i] * decimated[i] : null);
	}
	const kept = product.filter((v) => v !== 0);
	const values = kept.filter((v): v is number => v !== null);
	const afterSkip = kept.slice(p.ppg.minSkip).filter((v): v is number => v !== null);
	return {
		rows,
		unaligned: product.filter((v) => v === null).length,
		worn: values.length,
		min: afterSkip.length ? Math.min(...afterSkip) : Number.NaN,
		avg: values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN,
		max: values.length ? Math.max(...values) : Number.NaN
	};
}

/** One stretch of a generated recording. */
export interface Stretch {
	/** Seconds. */
	seconds: number;
	worn: boolean;
	/** Temperature (cents) at sample t of this stretch (4 Hz). */
	temperature: (t: number) => number;
}

/** Builds on_wrist (1 Hz) and temperature (4 Hz) from stretches; PPG is left empty. */
export function recording(stretches: Stretch[], hz = 4): DeviceDay {
	const on: number[] = [];
	const temp: number[] = [];
	for (const st of stretches) {
		for (let s = 0; s < st.seconds; s++) on.push(st.worn ? 1 : 0);
		for (let t = 0; t < st.seconds * hz; t++) temp.push(Math.round(st.temperature(t)));
	}
	return {
		device: 'device_test',
		day: '2021-02-02',
		onWrist: Uint8Array.from(on),
		temperature: Int32Array.from(temp),
		ppg: new Int32Array(0)
	};
}

/** Skin temperature with Gaussian noise: `level` cents, `sd` cents. */
export function steady(level: number, sd: number, seed: number): (t: number) => number {
	const g = gauss(rng(seed));
	return () => level + sd * g();
}

/**
 * Warm-up after donning: from `from` towards `to` with time constant `tauSeconds`
 * (exponential), plus noise.
 */
export function warmUp(
	from: number,
	to: number,
	tauSeconds: number,
	sd: number,
	seed: number,
	hz = 4
): (t: number) => number {
	const g = gauss(rng(seed));
	return (t) => to + (from - to) * Math.exp(-t / hz / tauSeconds) + sd * g();
}

/**
 * A synthetic PPG at `bpm`: a pulse wave (systolic peak and a smaller dicrotic bump),
 * baseline wander at 0.25 Hz and Gaussian noise, integer units around `level`.
 */
export function syntheticPpg(
	seconds: number,
	bpm: number,
	options: { fs?: number; amplitude?: number; wander?: number; noise?: number; seed?: number } = {}
): Int32Array {
	const { fs = 64, amplitude = 400, wander = 600, noise = 20, seed = 1 } = options;
	const g = gauss(rng(seed));
	const out = new Int32Array(seconds * fs);
	const f = bpm / 60;
	for (let i = 0; i < out.length; i++) {
		const t = i / fs;
		const phase = (t * f) % 1;
		const pulse =
			Math.exp(-(((phase - 0.2) / 0.08) ** 2)) + 0.4 * Math.exp(-(((phase - 0.5) / 0.1) ** 2));
		out[i] = Math.round(
			8000 + amplitude * pulse + wander * Math.sin(2 * Math.PI * 0.25 * t) + noise * g()
		);
	}
	return out;
}
