/**
 * Natural logarithm, a line-by-line port of fdlibm's `__ieee754_log` (e_log.c).
 *
 * ECMAScript lets every engine approximate `Math.log` its own way, so two browsers may
 * disagree in the last bit, and a last-bit difference can move a simulated count across
 * an integer. This port uses only IEEE-754 +, -, *, / and bit access to the double, all
 * of which are exact and identical in every engine, so the `seeded` generator gives the
 * same bits everywhere. It is also what V8's `Math.log` computes (V8 ships the same
 * fdlibm code), which the unit tests check bit for bit.
 */

const ln2_hi = 6.9314718036912381649e-1; // 3fe62e42 fee00000
const ln2_lo = 1.90821492927058770002e-10; // 3dea39ef 35793c76
const two54 = 1.8014398509481984e16; // 43500000 00000000
const Lg1 = 6.66666666666673513e-1; // 3FE55555 55555593
const Lg2 = 3.999999999940941908e-1; // 3FD99999 9997FA04
const Lg3 = 2.857142874366239149e-1; // 3FD24924 94229359
const Lg4 = 2.222219843214978396e-1; // 3FCC71C5 1D8E78AF
const Lg5 = 1.818357216161805012e-1; // 3FC74664 96CB03DE
const Lg6 = 1.531383769920937332e-1; // 3FC39A09 D078C69F
const Lg7 = 1.479819860511658591e-1; // 3FC2F112 DF3E5244

const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);
/** Index of the high (sign, exponent) word: typed arrays use the platform byte order. */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * `POW2[n + 1100]` = 2^n for n in [-1074, 1023], built by exact doublings and halvings.
 * fdlibm normalises x by overwriting its exponent word; multiplying by the matching
 * power of two gives the same bits and avoids a slow 32-bit store into a 64-bit value.
 */
const POW2 = (() => {
	const t = new Float64Array(2124);
	let p = 1;
	for (let n = 0; n <= 1023; n++, p *= 2) t[n + 1100] = p;
	p = 1;
	for (let n = 0; n >= -1074; n--, p /= 2) t[n + 1100] = p;
	return t;
})();

/** `log(x)` with fdlibm's exact operation sequence. */
export function fdlibmLog(x: number): number {
	if (x === 0) return -Infinity; // log(+-0)
	f64[0] = x;
	let hx = i32[HI];
	let k = 0;
	if (hx < 0x00100000) {
		// x < 2^-1022
		if (hx < 0) return NaN; // log(negative)
		k -= 54;
		x *= two54; // subnormal: scale up
		f64[0] = x;
		hx = i32[HI];
	}
	if (hx >= 0x7ff00000) return x + x; // Inf or NaN
	const e = (hx >> 20) - 1023;
	k += e;
	hx &= 0x000fffff;
	const i = (hx + 0x95f64) & 0x100000;
	// normalize x into [sqrt(2)/2, sqrt(2)): exponent e, or e + 1 when i is set
	x *= POW2[1100 - e - (i >> 20)];
	k += i >> 20;
	const f = x - 1.0;
	if ((0x000fffff & (2 + hx)) < 3) {
		// -2^-20 <= f < 2^-20
		if (f === 0) {
			if (k === 0) return 0;
			const dk = k;
			return dk * ln2_hi + dk * ln2_lo;
		}
		const R = f * f * (0.5 - 0.3333333333333333 * f);
		if (k === 0) return f - R;
		const dk = k;
		return dk * ln2_hi - (R - dk * ln2_lo - f);
	}
	const s = f / (2.0 + f);
	const dk = k;
	const z = s * s;
	let j = hx - 0x6147a;
	const w = z * z;
	const jj = 0x6b851 - hx;
	const t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
	const t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
	j |= jj;
	const R = t2 + t1;
	if (j > 0) {
		const hfsq = 0.5 * f * f;
		if (k === 0) return f - (hfsq - s * (hfsq + R));
		return dk * ln2_hi - (hfsq - (s * (hfsq + R) + dk * ln2_lo) - f);
	}
	if (k === 0) return f - s * (f - R);
	return dk * ln2_hi - (s * (f - R) - dk * ln2_lo - f);
}
