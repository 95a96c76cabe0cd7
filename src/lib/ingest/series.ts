/**
 * Timed series (E4 files, tables) onto the kernel's index grids: on-wrist 1 Hz,
 * temperature 4 Hz, PPG 64 Hz from a common sample 0. Rates are inferred from the median
 * step, gaps are steps over 1.5 of it, and a series whose rate differs from its grid's is
 * resampled by sample-and-hold (the original's own way of changing rates, by index).
 */
import type { DeviceDay } from '../domain/wearables';
import type { TargetSignal } from './types';

/** The kernel's grid rates (the original layout's file rates). */
export const TARGET_HZ: Record<TargetSignal, number> = { onWrist: 1, temperature: 4, ppg: 64 };

export const TARGET_LABEL: Record<TargetSignal, string> = {
	onWrist: 'on-wrist',
	temperature: 'temperature',
	ppg: 'PPG'
};

/**
 * A series in seconds: either uniform (`times` null: sample j at `start + j / rateHz`) or
 * with a sorted time per sample. Values are already in the kernel's units.
 */
export interface TimedSeries {
	start: number;
	rateHz: number;
	times: Float64Array | null;
	values: ArrayLike<number>;
}

export interface StepStats {
	/** 1 / mean regular step (gaps left out), snapped to a whole number when within 1 % of one; NaN with < 2 samples. */
	rateHz: number;
	medianStep: number;
	gaps: number;
	gapSeconds: number;
	/** Equal consecutive times (the later sample wins on the grid). */
	duplicates: number;
}

/** Rate and gaps of sorted times (seconds). */
export function stepStats(times: Float64Array): StepStats {
	const n = times.length;
	if (n < 2) return { rateHz: NaN, medianStep: NaN, gaps: 0, gapSeconds: 0, duplicates: 0 };
	const stride = n > 20001 ? (n - 1) / 20000 : 1;
	const picked: number[] = [];
	for (let x = 1; x < n; x += stride) {
		const j = Math.floor(x);
		const d = times[j] - times[j - 1];
		if (d > 0) picked.push(d);
	}
	picked.sort((a, b) => a - b);
	let median = NaN;
	if (picked.length) {
		const h = picked.length >> 1;
		median = picked.length % 2 ? picked[h] : (picked[h - 1] + picked[h]) / 2;
	}
	let gaps = 0;
	let gapSeconds = 0;
	let duplicates = 0;
	let steps = 0;
	let span = 0;
	const limit = median * 1.5;
	for (let j = 1; j < n; j++) {
		const d = times[j] - times[j - 1];
		if (d === 0) duplicates++;
		else if (d > limit) {
			gaps++;
			gapSeconds += d - median;
		} else {
			steps++;
			span += d;
		}
	}
	// the mean of the regular steps: robust to times rounded to the millisecond (64 Hz)
	const step = steps ? span / steps : median;
	return { rateHz: snapRate(1 / step), medianStep: median, gaps, gapSeconds, duplicates };
}

export function snapRate(hz: number): number {
	if (!Number.isFinite(hz)) return NaN;
	const r = Math.round(hz);
	if (r >= 1 && Math.abs(hz - r) <= 0.01 * r) return r;
	return Math.round(hz * 1e6) / 1e6;
}

export function rateMatches(hz: number, target: number): boolean {
	return Math.abs(hz - target) <= 0.001 * target;
}

export function lastTime(s: TimedSeries): number {
	const n = s.values.length;
	if (n === 0) return s.start;
	return s.times ? s.times[n - 1] : s.start + (n - 1) / s.rateHz;
}

/** Seconds covered: first sample to one step past the last. */
export function seriesEnd(s: TimedSeries): number {
	return s.values.length === 0 ? s.start : lastTime(s) + 1 / s.rateHz;
}

/**
 * The series on a grid of `length` slots at `hz` from `origin` (seconds). Slot k takes the
 * latest sample before its time plus half a slot, if that sample is less than `hold` seconds
 * old (default one source step: a sample covers its own interval); else it stays empty (0, `covered` 0). Values are rounded.
 */
export function placeOnGrid(
	s: TimedSeries,
	origin: number,
	hz: number,
	length: number,
	hold = 1 / s.rateHz
): { values: Int32Array; covered: Uint8Array } {
	const out = new Int32Array(length);
	const covered = new Uint8Array(length);
	const n = s.values.length;
	if (n === 0 || length === 0) return { values: out, covered };
	const v = s.values;
	if (!s.times && rateMatches(s.rateHz, hz)) {
		// same rate, uniform: a shifted copy
		const offset = Math.round((s.start - origin) * hz);
		const from = Math.max(0, -offset);
		const to = Math.min(n, length - offset);
		for (let j = from; j < to; j++) {
			out[j + offset] = Math.round(v[j]);
			covered[j + offset] = 1;
		}
		return { values: out, covered };
	}
	const times = s.times;
	const t = (j: number) => (times ? times[j] : s.start + j / s.rateHz);
	const half = 0.5 / hz;
	let j = -1;
	let next = t(0);
	for (let k = 0; k < length; k++) {
		const slot = origin + k / hz;
		const edge = slot + half;
		while (j + 1 < n && next < edge) {
			j++;
			next = j + 1 < n ? t(j + 1) : Infinity;
		}
		if (j >= 0 && slot - t(j) < hold - 1e-9) {
			out[k] = Math.round(v[j]);
			covered[k] = 1;
		}
	}
	return { values: out, covered };
}

/** Slots at `hz` from `origin` up to `end` seconds. */
export function gridLength(origin: number, end: number, hz: number): number {
	return Math.max(0, Math.ceil((end - origin) * hz - 1e-6));
}

/**
 * A device-day from timed series. Without an on-wrist series, a second counts as worn when
 * every present signal has a sample in it (so alignment padding and gaps are not worn).
 */
export function assembleDeviceDay(
	device: string,
	day: string,
	signals: Partial<Record<TargetSignal, TimedSeries>>
): { record: DeviceDay; origin: number; notes: string[] } {
	const present = (Object.keys(signals) as TargetSignal[]).filter(
		(k) => signals[k] && signals[k]!.values.length > 0
	);
	const notes: string[] = [];
	if (present.length === 0) {
		return {
			record: {
				device,
				day,
				onWrist: new Uint8Array(0),
				temperature: new Int32Array(0),
				ppg: new Int32Array(0)
			},
			origin: NaN,
			notes
		};
	}
	const origin = Math.min(...present.map((k) => signals[k]!.start));
	const end = Math.max(...present.map((k) => seriesEnd(signals[k]!)));
	const placed: Partial<Record<TargetSignal, { values: Int32Array; covered: Uint8Array }>> = {};
	for (const k of present) {
		const s = signals[k]!;
		const hz = TARGET_HZ[k];
		placed[k] = placeOnGrid(s, origin, hz, gridLength(origin, end, hz));
		if (!rateMatches(s.rateHz, hz)) {
			notes.push(
				`${TARGET_LABEL[k]} at ${formatHz(s.rateHz)} resampled to ${hz} Hz by sample-and-hold`
			);
		}
	}
	const seconds = gridLength(origin, end, 1);
	let onWrist: Uint8Array;
	if (placed.onWrist) {
		onWrist = new Uint8Array(seconds);
		const p = placed.onWrist;
		let other = 0;
		for (let s = 0; s < seconds; s++) {
			const x = p.values[s];
			if (x !== 0 && x !== 1) other++;
			onWrist[s] = p.covered[s] && x !== 0 ? 1 : 0;
		}
		if (other) notes.push(`${other} on-wrist values other than 0 and 1 read as worn`);
	} else {
		onWrist = new Uint8Array(seconds).fill(1);
		const covering = (['temperature', 'ppg'] as const).filter((k) => placed[k]);
		for (const k of covering) {
			const c = placed[k]!.covered;
			const per = TARGET_HZ[k];
			for (let s = 0; s < seconds; s++) {
				if (!onWrist[s]) continue;
				let any = 0;
				const to = Math.min(c.length, (s + 1) * per);
				for (let i = s * per; i < to; i++) any |= c[i];
				if (!any) onWrist[s] = 0;
			}
		}
		let unworn = 0;
		for (let s = 0; s < seconds; s++) unworn += 1 - onWrist[s];
		notes.push(
			unworn
				? `no on-wrist signal: all samples treated as worn, except ${unworn} s where ${covering.length > 1 ? 'a signal' : 'the signal'} has no sample`
				: 'no on-wrist signal: all samples treated as worn'
		);
	}
	return {
		record: {
			device,
			day,
			onWrist,
			temperature: placed.temperature?.values ?? new Int32Array(0),
			ppg: placed.ppg?.values ?? new Int32Array(0)
		},
		origin,
		notes
	};
}

export function formatHz(hz: number): string {
	if (!Number.isFinite(hz)) return 'an unknown rate';
	return `${Number.isInteger(hz) ? hz : hz.toFixed(3).replace(/0+$/, '')} Hz`;
}

export function formatSeconds(s: number): string {
	if (!Number.isFinite(s)) return '? s';
	return `${s < 10 ? Math.round(s * 100) / 100 : Math.round(s * 10) / 10} s`;
}
