/**
 * The `seeded` generator (the default): same rules as the original, but every sensor has
 * its own traffic and every reading is a pure function of
 * (seed string, store index, store name, sensor, hour index).
 *
 * - A 128-bit store key comes from `seedrandom` (ARC4, the library's default algorithm)
 *   seeded with `JSON.stringify(['sensors-and-more/v1', seed, storeIndex, storeName])`,
 *   and each sensor's 64-bit key `(k1, k2)` from it by bijective integer mixing: one
 *   seedrandom call per store, none per sensor or reading.
 * - Per reading, a counter-based hash gives the uniforms: `base = H(t * 0x9e3779b1 ^ k1)`
 *   for hour index t decides failure, then draw j >= 1 is `H((base + j * 0x9e3779b9) ^ k2)`
 *   with H the `lowbias32` integer finalizer (Math.imul and shifts): draw 1 decides the
 *   anomaly, draws 2, 3, ... feed the polar method. No state is carried from one reading
 *   to the next, so chunking and order cannot change anything.
 * - Uniforms are 32-bit: `u = uint32 / 2^32`; polar coordinates `x = int32 / 2^31`.
 *   The gaussian is `x1 * sqrt(-2 log(r2) / r2)` with `log` from the fdlibm port, so
 *   the whole computation is exact IEEE-754 arithmetic and gives the same bits in
 *   every JavaScript engine.
 */
import seedrandom from 'seedrandom';
import { FAILED, TRUTH_ANOMALY, TRUTH_FAILED } from '../domain/footfall';
import { fdlibmLog } from './fdlibm-log';
import type { SensorRun } from './sensor-run';

/** Version tag mixed into every sensor key; change it only to change every number. */
const KEY_TAG = 'sensors-and-more/v1';
const TWO_POW_M32 = 2 ** -32;
const TWO_POW_M31 = 2 ** -31;
const GOLDEN = 0x9e3779b9 | 0;

/**
 * A store's 128-bit key from `seedrandom` (ARC4), as four int32 words. About 15 us, so
 * it is derived once per store and chunk, not per sensor.
 */
export function storeKey(seed: string, storeIndex: number, storeName: string): Int32Array {
	const prng = seedrandom(JSON.stringify([KEY_TAG, seed, storeIndex, storeName]));
	return Int32Array.of(prng.int32(), prng.int32(), prng.int32(), prng.int32());
}

/**
 * The sensor's 64-bit key `[k1, k2]` from its store's key. `mix32` is a bijection of
 * 32-bit words, so two sensors of one store never share k1 (nor k2).
 */
export function sensorKey(store: Int32Array, sensor: number): [number, number] {
	const k1 = mix32(store[0] ^ mix32((sensor + store[1]) | 0));
	const k2 = mix32(store[2] ^ mix32(sensor ^ store[3]));
	return [k1, k2];
}

/** `lowbias32` (Chris Wellons' hash prospector): a 32-bit avalanche finalizer, as int32. */
export function mix32(x: number): number {
	x ^= x >>> 16;
	x = Math.imul(x, 0x7feb352d);
	x ^= x >>> 15;
	x = Math.imul(x, 0x846ca68b | 0);
	return x ^ (x >>> 16);
}

/**
 * Fills one sensor's counts and truth flags (columns zero-filled by the caller). Same
 * rules as the original: failure first (u < pFail), Sunday and hours outside 8-17 read
 * 0, otherwise a normal draw, x 0.1 when an anomaly (u < pAnom), truncated toward zero.
 */
export function fillSeededSensor(run: SensorRun, k1: number, k2: number): void {
	const { count, truth, offset, startDay, days, firstLive, avg, std, pFail, pAnom } = run;
	const total = days * 24;
	let d = Math.floor(firstLive / 24);
	let h = firstLive % 24;
	let row = offset + firstLive;
	const end = offset + total;
	while (row < end) {
		const day = startDay + d;
		const sunday = (((day + 3) % 7) + 7) % 7 === 6;
		let t = day * 24 + h;
		for (; h < 24; h++, row++, t++) {
			let x = Math.imul(t, 0x9e3779b1 | 0) ^ k1;
			// base = mix32(x), inlined
			x ^= x >>> 16;
			x = Math.imul(x, 0x7feb352d);
			x ^= x >>> 15;
			x = Math.imul(x, 0x846ca68b | 0);
			const base = x ^ (x >>> 16);
			const uFail = (base >>> 0) * TWO_POW_M32;
			if (uFail < pFail) {
				count[row] = FAILED;
				truth[row] = TRUTH_FAILED;
			} else if (!sunday && h >= 8 && h < 18) {
				let v = avg + std * gauss(base, k2);
				if ((mix32((base + GOLDEN) ^ k2) >>> 0) * TWO_POW_M32 < pAnom) {
					v *= 0.1;
					truth[row] = TRUTH_ANOMALY;
				}
				count[row] = v > 0 ? v | 0 : 0;
			}
		}
		h = 0;
		d++;
	}
}

/**
 * Standard normal deviate from draws 2, 3, ... of a reading (polar method); its size is
 * below 9.3 (the smallest non-zero r2 is 2^-62).
 */
export function gauss(base: number, k2: number): number {
	let j = 2;
	let x1: number, x2: number, r2: number;
	do {
		x1 = mix32((base + Math.imul(j, GOLDEN)) ^ k2) * TWO_POW_M31;
		x2 = mix32((base + Math.imul(j + 1, GOLDEN)) ^ k2) * TWO_POW_M31;
		r2 = x1 * x1 + x2 * x2;
		j += 2;
	} while (r2 >= 1 || r2 === 0);
	return x1 * Math.sqrt((-2 * fdlibmLog(r2)) / r2);
}
