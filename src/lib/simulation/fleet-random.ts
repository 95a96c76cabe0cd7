/**
 * Random numbers of the demo wearable fleet: a `seedrandom` (ARC4) key per device and
 * per device-day, and from it small `sfc32` streams for the per-sample draws.
 *
 * Only integer operations, `+ - * /` and `Math.sqrt` (correctly rounded in every engine)
 * are used, never `Math.log`/`exp`/`sin` or `**` (whose last bit ECMAScript leaves to the
 * engine), so a seed gives the same numbers in every JavaScript engine. Normal deviates
 * are Irwin-Hall sums of uniforms: bounded (|z| < 3.47), which keeps a generated signal's
 * extremes, and therefore the planted verdicts, under control.
 */
import seedrandom from 'seedrandom';

/** Version tag mixed into every key; change it only to change every number. */
const KEY_TAG = 'sensors-and-more/fleet/v1';
const TWO_POW_M32 = 1 / 4294967296;
const SQRT3 = Math.sqrt(3);

/** A 128-bit key (four int32 words) for `parts`, from seedrandom's ARC4. */
export function fleetKey(seed: string, ...parts: string[]): Int32Array {
	const prng = seedrandom(JSON.stringify([KEY_TAG, seed, ...parts]));
	return Int32Array.of(prng.int32(), prng.int32(), prng.int32(), prng.int32());
}

/** `lowbias32` (Chris Wellons' hash prospector): a 32-bit avalanche bijection, as int32. */
function mix32(x: number): number {
	x ^= x >>> 16;
	x = Math.imul(x, 0x7feb352d);
	x ^= x >>> 15;
	x = Math.imul(x, 0x846ca68b | 0);
	return x ^ (x >>> 16);
}

/**
 * `sfc32` (Chris Doty-Humphrey's small fast counting generator): 128 bits of state, a
 * counter so no short cycles, passes PractRand to terabytes. One stream per purpose
 * (plan, temperature, PPG), so that changing how many draws one part takes does not
 * shift the others.
 */
export class Stream {
	private a: number;
	private b: number;
	private c: number;
	private d: number;

	/** A stream for `salt` (a small integer naming the purpose) under `key`. */
	constructor(key: Int32Array, salt: number) {
		this.a = mix32(key[0] ^ mix32(salt));
		this.b = mix32(key[1] + salt * 0x9e3779b9);
		this.c = key[2] | 0;
		this.d = key[3] ^ 1;
		for (let i = 0; i < 16; i++) this.uint32();
	}

	/** The next 32 random bits, as an unsigned integer. */
	uint32(): number {
		const t = (((this.a + this.b) | 0) + this.d) | 0;
		this.d = (this.d + 1) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.c = (this.c + t) | 0;
		return t >>> 0;
	}

	/** Uniform in [0, 1), 32 bits. */
	uniform(): number {
		return this.uint32() * TWO_POW_M32;
	}

	/** Uniform in [lo, hi). */
	range(lo: number, hi: number): number {
		return lo + (hi - lo) * this.uniform();
	}

	/** Uniform integer in [lo, hi] (both included). */
	int(lo: number, hi: number): number {
		return lo + Math.floor((hi - lo + 1) * this.uniform());
	}

	/** True with probability p. */
	chance(p: number): boolean {
		return this.uniform() < p;
	}

	/** Mean 0, variance 1, bounded by ±2 √3: the sum of four uniforms, centred and scaled. */
	normal(): number {
		return (this.uniform() + this.uniform() + this.uniform() + this.uniform() - 2) * SQRT3;
	}

	/** Mean 0, variance 1, bounded by ±√6: the sum of two uniforms (triangular). Cheaper. */
	triangular(): number {
		return (this.uniform() + this.uniform() - 1) * 2.449489742783178;
	}
}

/**
 * Smooth Gaussian-like noise: white noise through two identical first-order lags
 * (critically damped), scaled to unit variance, started in its stationary state by a
 * burn-in of ten time constants. `step()` returns the next value.
 */
export class SmoothNoise {
	private x1 = 0;
	private x2 = 0;
	private readonly a: number;
	private readonly scale: number;

	/** `tau`: time constant in steps (at least 1). */
	constructor(
		private readonly stream: Stream,
		tau: number
	) {
		this.a = 1 / Math.max(1, tau);
		// cascade of two AR(1) with pole p = 1 - a: h[n] = a² (n + 1) pⁿ,
		// variance a⁴ Σ (n + 1)² p²ⁿ = a⁴ (1 + p²) / (1 - p²)³
		// (products, not **: the exponent operator may be approximated by an engine)
		const a2 = this.a * this.a;
		const p2 = (1 - this.a) * (1 - this.a);
		const q = 1 - p2;
		const variance = (a2 * a2 * (1 + p2)) / (q * q * q);
		this.scale = 1 / Math.sqrt(variance);
		const burn = Math.ceil(10 * Math.max(1, tau));
		for (let i = 0; i < burn; i++) this.step();
	}

	step(): number {
		this.x1 += this.a * (this.stream.normal() - this.x1);
		this.x2 += this.a * (this.x1 - this.x2);
		return this.x2 * this.scale;
	}
}
