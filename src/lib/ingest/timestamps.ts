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
 * `YYYY-MM-DD[T| ]hh:mm[:ss[.fff]][Z|±hh[:]mm]` or a bare `YYYY-MM-DD`, in
 * `bytes[start, end)` (quotes and spaces around allowed), as unix milliseconds. A time
 * without a zone is read as UTC (`zoned` tells which). NaN when it is not one.
 */
export function parseIsoBytes(
	bytes: Uint8Array,
	start: number,
	end: number,
	out?: { zoned: boolean }
): number {
	let i = start;
	let e = end;
	while (i < e && (bytes[i] === 32 || bytes[i] === 34 || bytes[i] === 9)) i++;
	while (e > i && (bytes[e - 1] === 32 || bytes[e - 1] === 34 || bytes[e - 1] === 13)) e--;
	const y = digitsAt(bytes, i, 4, e);
	if (y < 0 || bytes[i + 4] !== 45) return NaN;
	const mo = digitsAt(bytes, i + 5, 2, e);
	if (mo < 1 || mo > 12 || bytes[i + 7] !== 45) return NaN;
	const d = digitsAt(bytes, i + 8, 2, e);
	if (d < 1 || d > 31) return NaN;
	i += 10;
	let h = 0;
	let mi = 0;
	let sec = 0;
	let ms = 0;
	let zoned = false;
	let offsetMin = 0;
	if (i < e) {
		if (bytes[i] !== 84 && bytes[i] !== 116 && bytes[i] !== 32) return NaN;
		i++;
		h = digitsAt(bytes, i, 2, e);
		if (h < 0 || h > 24 || bytes[i + 2] !== 58) return NaN;
		mi = digitsAt(bytes, i + 3, 2, e);
		if (mi < 0 || mi > 59) return NaN;
		i += 5;
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
	}
	if (out) out.zoned = zoned;
	const t = Date.UTC(y, mo - 1, d, h, mi, sec) + ms - offsetMin * 60000;
	// reject 2021-02-30 and the like
	if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return NaN;
	return t;
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
