/**
 * MT19937 exactly as numpy's legacy `RandomState` uses it, for the bit-exact `numpy` mode.
 *
 * - `seed(s)` is `RandomState.seed(int)`: Matsumoto and Nishimura's `init_genrand`, and
 *   it clears the cached gaussian deviate.
 * - `random()` is `random_sample()`: a 53-bit double from two 32-bit outputs,
 *   `((a >>> 5) * 67108864 + (b >>> 6)) / 9007199254740992`.
 * - `gauss()` is numpy's legacy polar Box-Muller (`legacy_gauss`): it draws a pair and
 *   returns `f * x2`, caching `f * x1` for the next call. `normal(loc, scale)` is
 *   `loc + scale * gauss()`.
 *
 * `Math.log` and `Math.sqrt` are what CPython's `log` and `sqrt` are on the same
 * machine: V8's `Math.log` is fdlibm's `__ieee754_log`, and `sqrt` is correctly rounded
 * everywhere. `firstDraws` is the fast path of the footfall model: it needs only the
 * first few outputs after a seed, so it twists lazily instead of generating all 624.
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

/** numpy's legacy `RandomState` generator state (one instance, reseeded at will). */
export class MT19937 {
	private readonly mt = new Int32Array(N);
	private pos = N;
	private hasGauss = false;
	private cachedGauss = 0;

	constructor(seed = 5489) {
		this.seed(seed);
	}

	/** `RandomState.seed(seed)` for an integer seed in [0, 2^32). */
	seed(seed: number): void {
		if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
			throw new Error(`MT19937 seed must be an integer in [0, 2^32), got ${seed}`);
		}
		const mt = this.mt;
		mt[0] = seed | 0;
		for (let i = 1; i < N; i++) {
			const p = mt[i - 1];
			mt[i] = (Math.imul(1812433253, p ^ (p >>> 30)) + i) | 0;
		}
		this.pos = N;
		this.hasGauss = false;
		this.cachedGauss = 0;
	}

	/** Next raw 32-bit output, as an unsigned integer. */
	nextUint32(): number {
		if (this.pos >= N) this.twist();
		let y = this.mt[this.pos++];
		y ^= y >>> 11;
		y ^= (y << 7) & 0x9d2c5680;
		y ^= (y << 15) & 0xefc60000;
		y ^= y >>> 18;
		return y >>> 0;
	}

	/** numpy `random_sample()`: a double in [0, 1) with 53 random bits. */
	random(): number {
		const a = this.nextUint32() >>> 5;
		const b = this.nextUint32() >>> 6;
		return (a * 67108864 + b) / 9007199254740992;
	}

	/** numpy `legacy_gauss`: polar Box-Muller with the cached second deviate. */
	gauss(): number {
		if (this.hasGauss) {
			this.hasGauss = false;
			return this.cachedGauss;
		}
		let x1: number, x2: number, r2: number;
		do {
			x1 = 2 * this.random() - 1;
			x2 = 2 * this.random() - 1;
			r2 = x1 * x1 + x2 * x2;
		} while (r2 >= 1 || r2 === 0);
		const f = Math.sqrt((-2 * Math.log(r2)) / r2);
		this.cachedGauss = f * x1;
		this.hasGauss = true;
		return f * x2;
	}

	/** numpy `normal(loc, scale)` (legacy): `loc + scale * gauss()`. */
	normal(loc: number, scale: number): number {
		return loc + scale * this.gauss();
	}

	private twist(): void {
		const mt = this.mt;
		let i = 0;
		for (; i < N - M; i++) {
			const y = (mt[i] & UPPER) | (mt[i + 1] & LOWER);
			mt[i] = mt[i + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
		}
		for (; i < N - 1; i++) {
			const y = (mt[i] & UPPER) | (mt[i + 1] & LOWER);
			mt[i] = mt[i + (M - N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
		}
		const y = (mt[N - 1] & UPPER) | (mt[0] & LOWER);
		mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
		this.pos = 0;
	}
}

/**
 * Outputs that the lazy path can produce: output i of the first block needs only the
 * initial words i, i+1 and i+397, all untouched by the twist while i + 397 < 624.
 */
const LAZY_OUTPUTS = N - M;
/** Initial words computed up front; extended on demand for long polar rejection runs. */
const EAGER_WORDS = M + 16;

const initWords = new Int32Array(N);
const fallback = new MT19937();
/** Lazy-path cursor: next output index and how many initial words are computed. */
let lazyNext = 0;
let lazyReady = 0;

/** Output `lazyNext` of the first twisted block, tempered; -1 past the lazy window. */
function lazyOutput(): number {
	const i = lazyNext++;
	if (i >= LAZY_OUTPUTS) return -1;
	const mt = initWords;
	while (i + M >= lazyReady) {
		const p = mt[lazyReady - 1];
		mt[lazyReady] = (Math.imul(1812433253, p ^ (p >>> 30)) + lazyReady) | 0;
		lazyReady++;
	}
	const y0 = (mt[i] & UPPER) | (mt[i + 1] & LOWER);
	let y = mt[i + M] ^ (y0 >>> 1) ^ (y0 & 1 ? MATRIX_A : 0);
	y ^= y >>> 11;
	y ^= (y << 7) & 0x9d2c5680;
	y ^= (y << 15) & 0xefc60000;
	y ^= y >>> 18;
	return y >>> 0;
}

/** `random()` on the lazy path; -1 past the lazy window. */
function lazyRandom(): number {
	const a = lazyOutput();
	const b = lazyOutput();
	if (a < 0 || b < 0) return -1;
	return ((a >>> 5) * 67108864 + (b >>> 6)) / 9007199254740992;
}

/**
 * The three draws the footfall model can make right after `RandomState.seed(seed)`:
 * `uFail = random()`, then `normal()` twice keeping the second (the cached `f * x1` of
 * the first polar pair), then `uAnom = random()`. Writes `[uFail, gauss, uAnom]` at
 * `out[at..at+2]`. Same bits as the full generator, several times faster: it computes
 * about 410 of the 624 initial words and twists only the outputs it uses.
 */
export function firstDraws(seed: number, out: Float64Array, at: number): void {
	const mt = initWords;
	mt[0] = seed | 0;
	for (let i = 1; i < EAGER_WORDS; i++) {
		const p = mt[i - 1];
		mt[i] = (Math.imul(1812433253, p ^ (p >>> 30)) + i) | 0;
	}
	lazyReady = EAGER_WORDS;
	lazyNext = 0;
	const uFail = lazyRandom();
	let x1: number, x2: number, r2: number;
	do {
		const a = lazyRandom();
		const b = lazyRandom();
		if (a < 0 || b < 0) return slowDraws(seed, out, at);
		x1 = 2 * a - 1;
		x2 = 2 * b - 1;
		r2 = x1 * x1 + x2 * x2;
	} while (r2 >= 1 || r2 === 0);
	const uAnom = lazyRandom();
	if (uAnom < 0) return slowDraws(seed, out, at);
	const f = Math.sqrt((-2 * Math.log(r2)) / r2);
	out[at] = uFail;
	out[at + 1] = f * x1;
	out[at + 2] = uAnom;
}

/** The same draws through the full generator (over 100 polar rejections in a row). */
function slowDraws(seed: number, out: Float64Array, at: number): void {
	fallback.seed(seed);
	out[at] = fallback.random();
	fallback.gauss();
	out[at + 1] = fallback.gauss();
	out[at + 2] = fallback.random();
}
