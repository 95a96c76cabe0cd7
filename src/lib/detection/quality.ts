/**
 * PPG signal quality, beyond the original, on the full-rate PPG while worn (after the
 * start-up ramp): flat lines, clipping, and the share of windows with a plausible pulse.
 */
import type {
	Check,
	DetectionParams,
	DeviceDay,
	PpgQualityMetrics,
	PpgQualityRule,
	PpgQualityVerdict,
	VerdictStatus
} from '../domain/wearables';
import { count, duration, num, percent } from './format';
import { assertDetectionParams } from './params';
import { bandPass, estimatePulse } from './pulse';

export interface QualityOptions {
	/** Skip parameter validation (the caller has validated them). */
	trusted?: boolean;
}

/**
 * Length of the start-up ramp: the longest prefix rising by one constant positive step
 * (63, 126, 189, ...), if it has at least 3 samples; else 0.
 */
export function startupRamp(ppg: ArrayLike<number>): number {
	if (ppg.length < 3) return 0;
	const step = ppg[1] - ppg[0];
	if (!(step > 0)) return 0;
	let i = 2;
	while (i < ppg.length && ppg[i] - ppg[i - 1] === step) i++;
	return i >= 3 ? i : 0;
}

export function ppgQuality(
	rec: Pick<DeviceDay, 'onWrist' | 'ppg'>,
	params: DetectionParams,
	options: QualityOptions = {}
): PpgQualityVerdict {
	if (!options.trusted) assertDetectionParams(params);
	const { onWrist, ppg } = rec;
	const q = params.quality;
	const fs = params.rates.ppgHz;
	const perSecond = fs / params.rates.onWristHz;
	const ramp = startupRamp(ppg);
	const limit = Math.min(ppg.length, onWrist.length * perSecond);

	// worn stretches [a, b) at full rate, after the ramp
	const stretches: number[] = [];
	for (let s = 0, i = 0; i < limit; s++) {
		const end = Math.min(i + perSecond, limit);
		const a = Math.max(i, ramp);
		if (onWrist[s] !== 0 && a < end) {
			const last = stretches.length - 1;
			if (last >= 0 && stretches[last] === a) stretches[last] = end;
			else stretches.push(a, end);
		}
		i = end;
	}

	let worn = 0;
	let low = Infinity;
	let high = -Infinity;
	let flat = 0;
	for (let k = 0; k < stretches.length; k += 2) {
		const a = stretches[k];
		const b = stretches[k + 1];
		worn += b - a;
		let run = 1;
		for (let i = a; i < b; i++) {
			const v = ppg[i];
			if (v < low) low = v;
			if (v > high) high = v;
			if (i > a && v === ppg[i - 1]) run++;
			else {
				if (run >= q.flatRunSamples) flat += run;
				run = 1;
			}
		}
		if (run >= q.flatRunSamples) flat += run;
	}
	let clipped = 0;
	const railLow = q.railLow ?? -Infinity;
	const railHigh = q.railHigh ?? Infinity;
	for (let k = 0; k < stretches.length; k += 2) {
		for (let i = stretches[k]; i < stretches[k + 1]; i++) {
			const v = ppg[i];
			if (v === low || v === high || v <= railLow || v >= railHigh) clipped++;
		}
	}

	// pulse in non-overlapping full windows of each band-passed worn stretch
	const win = Math.round(q.pulseWindowSeconds * fs);
	const starts: number[] = [];
	const bpms: number[] = [];
	const correlations: number[] = [];
	const work = new Float64Array(2 * win + 1);
	let longest = 0;
	for (let k = 0; k < stretches.length; k += 2) {
		longest = Math.max(longest, stretches[k + 1] - stretches[k]);
	}
	const filtered = new Float64Array(longest >= win ? longest : 0);
	const lowHz = (0.75 * q.minBpm) / 60;
	const highHz = (2 * q.maxBpm) / 60;
	let plausible = 0;
	for (let k = 0; k < stretches.length; k += 2) {
		const a = stretches[k];
		const len = stretches[k + 1] - a;
		if (len < win) continue;
		for (let i = 0; i < len; i++) filtered[i] = ppg[a + i];
		bandPass(filtered, 0, len, fs, lowHz, highHz);
		for (let o = 0; o + win <= len; o += win) {
			const est = estimatePulse(filtered, o, win, {
				fs,
				minBpm: q.minBpm,
				maxBpm: q.maxBpm,
				minCorrelation: q.minCorrelation,
				work
			});
			starts.push(a + o);
			bpms.push(est.plausible ? est.bpm : Number.NaN);
			correlations.push(est.correlation);
			if (est.plausible) plausible++;
		}
	}
	const rates = bpms.filter((x) => !Number.isNaN(x)).sort((x, y) => x - y);
	const metrics: PpgQualityMetrics = {
		ramp,
		worn,
		flatFraction: worn > 0 ? flat / worn : Number.NaN,
		clipFraction: worn > 0 ? clipped / worn : Number.NaN,
		low: worn > 0 ? low : Number.NaN,
		high: worn > 0 ? high : Number.NaN,
		windows: starts.length,
		plausibleWindows: plausible,
		pulseShare: starts.length > 0 ? plausible / starts.length : Number.NaN,
		medianBpm: medianOfSorted(rates)
	};
	const checks = qualityChecks(metrics, params);
	const flags = checks.filter((c) => c.status === 'flag');
	const status: VerdictStatus = worn === 0 ? 'insufficient-data' : flags.length ? 'flagged' : 'ok';
	const notes: string[] = [];
	if (ramp > 0) {
		notes.push(`start-up ramp of ${count(ramp, 'sample')} (${duration(ramp / fs)}) left out`);
	}
	return {
		status,
		metrics,
		checks,
		flags,
		notes,
		pulse: {
			start: Int32Array.from(starts),
			bpm: Float64Array.from(bpms),
			correlation: Float64Array.from(correlations)
		}
	};
}

function medianOfSorted(xs: number[]): number {
	if (xs.length === 0) return Number.NaN;
	const m = xs.length >> 1;
	return xs.length % 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
}

function qualityChecks(m: PpgQualityMetrics, p: DetectionParams): Check<PpgQualityRule>[] {
	const q = p.quality;
	if (m.worn === 0) {
		return (['flat-line', 'clipping', 'pulse'] as const).map((rule) => ({
			rule,
			status: 'not-evaluated',
			value: Number.NaN,
			reason: 'no worn PPG samples'
		}));
	}
	const flatWhat = `${percent(m.flatFraction)} of worn samples lie in flat runs (${num(q.flatRunSamples)} or more identical values in a row)`;
	const flat: Check<PpgQualityRule> = {
		rule: 'flat-line',
		status: m.flatFraction > q.flatLimit ? 'flag' : 'pass',
		value: m.flatFraction,
		reason: `${flatWhat}; ${m.flatFraction > q.flatLimit ? 'above' : 'within'} the limit of ${percent(q.flatLimit)}`
	};
	const rails =
		q.railLow !== null || q.railHigh !== null
			? ` or at the rails ${q.railLow ?? '-'}/${q.railHigh ?? '-'}`
			: '';
	const clip: Check<PpgQualityRule> = {
		rule: 'clipping',
		status: m.clipFraction > q.clipLimit ? 'flag' : 'pass',
		value: m.clipFraction,
		reason: `${percent(m.clipFraction)} of worn samples sit at the extremes ${num(m.low)}/${num(m.high)}${rails}; ${m.clipFraction > q.clipLimit ? 'above' : 'within'} the limit of ${percent(q.clipLimit)}`
	};
	const windows = `${count(m.windows, 'window')} of ${duration(q.pulseWindowSeconds)}`;
	let pulse: Check<PpgQualityRule>;
	if (m.windows === 0) {
		pulse = {
			rule: 'pulse',
			status: 'not-evaluated',
			value: Number.NaN,
			reason: `no worn stretch of ${duration(q.pulseWindowSeconds)} to look for a pulse in`
		};
	} else {
		const found = `a plausible pulse (${num(q.minBpm)}-${num(q.maxBpm)} bpm) in ${num(m.plausibleWindows)} of ${windows} (${percent(m.pulseShare)})`;
		const rate = m.plausibleWindows > 0 ? `, median ${num(m.medianBpm)} bpm` : '';
		if (q.minPulseShare === null) {
			pulse = {
				rule: 'pulse',
				status: 'info',
				value: m.pulseShare,
				reason: `${found}${rate}; reported only (no minimum share set)`
			};
		} else if (m.pulseShare < q.minPulseShare) {
			pulse = {
				rule: 'pulse',
				status: 'flag',
				value: m.pulseShare,
				reason: `${found}${rate}; at least ${percent(q.minPulseShare)} expected`
			};
		} else {
			pulse = {
				rule: 'pulse',
				status: 'pass',
				value: m.pulseShare,
				reason: `${found}${rate}; at least ${percent(q.minPulseShare)} expected`
			};
		}
	}
	return [flat, clip, pulse];
}
