/**
 * Time in tables: ISO 8601 text (read without the host's time zone) or epoch numbers in
 * seconds, milliseconds, microseconds or nanoseconds (told apart by their size).
 */
import type { TimeUnit } from './types';

function digitsAt(s: Uint8Array, i: number, n: number, end: number): number {
	if (i + n > end) return -1;
	let v = 0;
	for (let k = 0; k < n; k++) {
		const c = s[i + k];
		if (c < 48 || c > 57) return -1;
		v = v * 10 + (c - 48);
	}
	return v;
}

/**
 * The date and minute of the last time a column parsed (`YYYY-MM-DDThh:mm`, 16 bytes) and
 * its unix ms: a run of times within one minute then parses only their seconds.
 */
export interface IsoMemo {
	prefix: Uint8Array;
	base: number;
	valid: boolean;
}

export function isoMemo(): IsoMemo {
	return { prefix: new Uint8Array(16), base: 0, valid: false };
}

function samePrefix(bytes: Uint8Array, i: number, prefix: Uint8Array): boolean {
	for (let k = 15; k >= 0; k--) if (bytes[i + k] !== prefix[k]) return false;
	return true;
}

/**
 * `YYYY-MM-DD[T| ]hh:mm[:ss[.fff]][Z|±hh[:]mm]` or a bare `YYYY-MM-DD`, in
 * `bytes[start, end)` (quotes and spaces around allowed), as unix milliseconds. A time
 * without a zone is read as UTC (`zoned` tells which). NaN when it is not one. `memo`
 * (one per column) skips the date and minute when they repeat; the result is the same.
 */
export function parseIsoBytes(
	bytes: Uint8Array,
	start: number,
	end: number,
	out?: { zoned: boolean },
	memo?: IsoMemo
): number {
	let i = start;
	let e = end;
	while (i < e && (bytes[i] === 32 || bytes[i] === 34 || bytes[i] === 9)) i++;
	while (e > i && (bytes[e - 1] === 32 || bytes[e - 1] === 34 || bytes[e - 1] === 13)) e--;
	const from = i;
	let base: number;
	const hit = memo !== undefined && memo.valid && e - i >= 16 && samePrefix(bytes, i, memo.prefix);
	if (hit) {
		base = memo.base;
		i += 16;
	} else {
		const y = digitsAt(bytes, i, 4, e);
		if (y < 0 || bytes[i + 4] !== 45) return NaN;
		const mo = digitsAt(bytes, i + 5, 2, e);
		if (mo < 1 || mo > 12 || bytes[i + 7] !== 45) return NaN;
		const d = digitsAt(bytes, i + 8, 2, e);
		// reject 2021-02-30 and the like
		if (d < 1 || d > daysInMonth(y, mo)) return NaN;
		i += 10;
		if (i >= e) {
			if (out) out.zoned = false;
			return Date.UTC(y, mo - 1, d);
		}
		if (bytes[i] !== 84 && bytes[i] !== 116 && bytes[i] !== 32) return NaN;
		i++;
		const h = digitsAt(bytes, i, 2, e);
		if (h < 0 || h > 24 || bytes[i + 2] !== 58) return NaN;
		const mi = digitsAt(bytes, i + 3, 2, e);
		if (mi < 0 || mi > 59) return NaN;
		i += 5;
		base = Date.UTC(y, mo - 1, d, h, mi);
	}
	let sec = 0;
	let ms = 0;
	let zoned = false;
	let offsetMin = 0;
	if (i < e && bytes[i] === 58) {
		sec = digitsAt(bytes, i + 1, 2, e);
		if (sec < 0 || sec > 60) return NaN;
		i += 3;
		if (i < e && (bytes[i] === 46 || bytes[i] === 44)) {
			i++;
			let scale = 100;
			let any = false;
			while (i < e && bytes[i] >= 48 && bytes[i] <= 57) {
				ms += (bytes[i] - 48) * scale;
				scale /= 10;
				any = true;
				i++;
			}
			if (!any) return NaN;
		}
	}
	while (i < e && bytes[i] === 32) i++;
	if (i < e) {
		const z = bytes[i];
		if (z === 90 || z === 122) {
			zoned = true;
			i++;
		} else if (z === 43 || z === 45) {
			const oh = digitsAt(bytes, i + 1, 2, e);
			if (oh < 0) return NaN;
			let j = i + 3;
			if (j < e && bytes[j] === 58) j++;
			const om = j < e ? digitsAt(bytes, j, 2, e) : 0;
			if (om < 0) return NaN;
			offsetMin = (z === 45 ? -1 : 1) * (oh * 60 + om);
			zoned = true;
			i = j < e ? j + 2 : j;
		}
	}
	if (i !== e) return NaN;
	if (memo && !hit) {
		memo.prefix.set(bytes.subarray(from, from + 16));
		memo.base = base;
		memo.valid = true;
	}
	if (out) out.zoned = zoned;
	return base + sec * 1000 + ms - offsetMin * 60000;
}

/** Days of month `mo` (1-12) of year `y` in the proleptic Gregorian calendar. */
function daysInMonth(y: number, mo: number): number {
	if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
	return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

const scratch = new Uint8Array(64);

/** `parseIsoBytes` for a string (JSON values). */
export function parseIsoString(s: string, out?: { zoned: boolean }): number {
	if (s.length > scratch.length) return NaN;
	for (let k = 0; k < s.length; k++) {
		const c = s.charCodeAt(k);
		if (c > 127) return NaN;
		scratch[k] = c;
	}
	return parseIsoBytes(scratch, 0, s.length, out);
}

/** Milliseconds per unit of an epoch number. */
export const MS_PER: Record<Exclude<TimeUnit, 'iso'>, number> = {
	s: 1000,
	ms: 1,
	us: 1e-3,
	ns: 1e-6
};

/**
 * The epoch unit of numeric times, from the size of their median: seconds until 1e11
 * (year 5138), milliseconds until 1e14, then microseconds, then nanoseconds.
 */
export function detectEpochUnit(values: Float64Array): Exclude<TimeUnit, 'iso'> {
	const m = Math.abs(sampleMedian(values));
	if (!(m >= 1e11)) return 's';
	if (m < 1e14) return 'ms';
	if (m < 1e17) return 'us';
	return 'ns';
}

/** Median of the finite values (of an even spread of up to 10 001 of them for big inputs). */
export function sampleMedian(values: ArrayLike<number>, maxSample = 10001): number {
	const n = values.length;
	const step = n > maxSample ? n / maxSample : 1;
	const picked: number[] = [];
	for (let x = 0; x < n; x += step) {
		const v = values[Math.floor(x)];
		if (Number.isFinite(v)) picked.push(v);
	}
	if (picked.length === 0) return NaN;
	picked.sort((a, b) => a - b);
	const h = picked.length >> 1;
	return picked.length % 2 ? picked[h] : (picked[h - 1] + picked[h]) / 2;
}
